"""Exit codes, in one place: each error the commands raise carries its code, and one handler
(cli_common.Group) turns it into a message and that exit code."""
from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    PARTLY = 1  # done, but some files, rows or documents failed (each is listed)
    USAGE = 2  # the user's mistake: a bad option, value, filter or file given
    ENV = 3  # the environment: a missing program, an unwritable place, a missing scans root
    BUSY = 4  # another run (or upload) holds the store
    DAMAGED = 5  # a review trail or bundle that was tampered with
    MISMATCH = 6  # the trail holds, but a reviewed field disagrees with it
    CLUSTER_LOST = 7  # `run --cluster`: the Dask scheduler went away mid-run (dossiers stored before are complete)
    INTERRUPTED = 130  # Ctrl-C


class DigitizeError(Exception):
    """An error a command reports in words and ends with its exit code."""

    code = Exit.USAGE

    def __init__(self, message: str, code: Exit | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code


class UsageError(DigitizeError):
    code = Exit.USAGE


class EnvError(DigitizeError):
    code = Exit.ENV
