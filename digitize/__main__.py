"""`python -m digitize`: the same command as the `digitize` script."""
from .cli import main

main()
