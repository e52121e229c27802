"""Files the tool writes hold personal data: created readable by their owner only."""
from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` as 0600, its new folders 0700 (an existing file keeps its mode
    through O_CREAT: set it again)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
