"""Personal data in what the tool prints: ids are masked unless the user asks to see them."""
from __future__ import annotations

import re
import sys

_ID = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")


def mask_id(value: str) -> str:
    """'001204012345' -> '001*******45': the place code and last two digits, enough to tell
    records apart at a counter, too little to identify anyone."""
    keep = 3 if len(value) == 12 else 2
    return value[:keep] + "*" * (len(value) - keep - 2) + value[-2:]


def mask_ids(text: str) -> str:
    return _ID.sub(lambda m: mask_id(m.group(1)), text)


class _Masked:
    """A text stream that masks personal ids in everything written to it, unless revealed."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(text if _revealed else mask_ids(text))
        return len(text)

    def __getattr__(self, name):  # isatty, flush, encoding, fileno: the real stream's
        return getattr(self._stream, name)


_revealed = False


def guard_output() -> None:
    """Mask ids in everything this process prints: messages, tables, log lines, tracebacks
    and library errors alike, so no print statement can forget to."""
    sys.stdout, sys.stderr = _Masked(sys.stdout), _Masked(sys.stderr)


def reveal(show: bool) -> None:
    """--show-pii: print ids as they are."""
    global _revealed
    _revealed = show
