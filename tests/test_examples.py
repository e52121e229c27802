"""Every command's help example, run as printed on the demo store (`make demo`: samples with
seed 7 in scans/, read into output/digitize.db), from the folder the demo runs in."""
from __future__ import annotations

import re
import shlex

import pytest
import typer.main

from digitize.cli import app

from .conftest import digitize

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them

# Interactive, or talking to another machine: their examples cannot run unattended here.
NOT_RUN = {"review", "serve", "upload"}


def _examples() -> list[tuple[str, str]]:
    found = []

    def walk(group, prefix=()):
        for name, cmd in group.commands.items():
            if hasattr(cmd, "commands"):
                walk(cmd, (*prefix, name))
            else:
                m = re.search(r"Example: `(digitize [^`]+)`", cmd.help or "")
                assert m, f"{' '.join((*prefix, name))} has no example"
                found.append((" ".join((*prefix, name)), m.group(1)))
    walk(typer.main.get_command(app))
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    digitize("samples", "scans", "--count", "6", "--seed", "7", "--truth", "output/truth.jsonl", cwd=base, check=True)
    p = digitize("run", "scans", "--db", "output/digitize.db", "--quiet", cwd=base)
    assert p.returncode in (0, 1), p.stdout + p.stderr
    return base


def test_every_help_example_works_on_the_demo_store_as_printed(demo):
    examples = _examples()
    ran = 0
    # bundle before verify: verify checks what bundle wrote
    for command, line in sorted(examples, key=lambda e: e[0] == "verify"):
        if command.split()[0] in NOT_RUN:
            continue
        p = digitize(*shlex.split(line)[1:], cwd=demo)
        assert p.returncode == 0, f"{line}\n{p.stdout}\n{p.stderr}"
        ran += 1
    assert ran >= len(examples) - len(NOT_RUN)
