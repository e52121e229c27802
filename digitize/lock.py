"""One run per store at a time: an OS lock on `<db>.lock`, beside the database.

The lock is the kernel's (flock): it goes with the process that holds it, so a run killed by
SIGKILL or a power cut leaves no stale lock behind, and the next run simply takes it.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .store import StoreError


class StoreBusy(Exception):
    """Another run holds the store (exit 4): this one does nothing, the next one reads the rest."""


@contextmanager
def exclusive(db_path: str | Path) -> Iterator[None]:
    """Hold the store's lock for the block, or raise StoreBusy at once; StoreError when the lock
    file cannot be created (a read-only place, a parent that is a file)."""
    path = Path(f"{db_path}.lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created here first: filelock takes some failures to create it (in /proc, say) for
        # another process's lock, and would report a busy store instead of the real cause.
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    except OSError as e:
        raise StoreError(f"cannot create the store's lock {path}: {e.strerror}") from None
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreBusy(f"another run holds the store {db_path} (lock {path}); this one does "
                        "nothing, and new scans are read by the next run") from None
    try:
        yield
    finally:
        lock.release()
