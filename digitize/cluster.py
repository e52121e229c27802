"""Pages read on the workers of a Dask distributed cluster (`run --cluster`) instead of the
local process pool. Only the reading moves: each worker gets one page and the bytes of its
file, and sends back the page's PageResult; the driver assembles and stores every dossier
itself, as for a local run (one writer, one transaction per dossier).

Files travel from the driver, not through a shared mount: the driver has already refused what
lies outside the scans root (links out of it included) and hashed each file, so it reads the
bytes itself, checks them against that hash, and sends them. A worker writes them into its own
private folder and renders from there: it needs no mount, and never opens a path of the scans
root, let alone one outside it. The bytes go as a task of their own (`_hold`) that the pages
depend on, not by scatter: the scheduler keeps what it takes to make them again, so a worker
that dies with a file loses nothing.

dask and distributed are imported here only, and only when a run asks for a cluster.
"""
from __future__ import annotations

import atexit
import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
import warnings
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

from . import __version__
from .config import Settings
from .exits import DigitizeError, EnvError, Exit
from .models import PageResult, PageTask

WINDOW_PER_THREAD = 3  # pages in flight per worker thread: no worker waits, the driver's memory stays flat
CACHED_FILES = 8  # files a worker keeps on disk after their pages are read, for the next pages of the same file
WINDOW_REFRESH = 5.0  # seconds between two questions to the scheduler about its workers' threads
CLOSE_TIMEOUT = 5  # seconds to say goodbye to the scheduler (it may be gone)
FOLDER_PREFIX = "digitize-pages-"  # a worker process's folder: digitize-pages-PID-RANDOM in its temp folder
FILE_CHANGED = "the file changed while the run read it: run again"


class Unreachable(EnvError):
    """No scheduler at the address, no worker joined it, or its workers cannot read pages: exit 3."""


class SchedulerLost(DigitizeError):
    """The scheduler went away mid-run: every dossier stored before is complete (its own exit code)."""

    code = Exit.CLUSTER_LOST


# --- worker side ----------------------------------------------------------------------------

_lock = threading.Lock()  # a worker may run several threads
_copies: OrderedDict[str, list] = OrderedDict()  # sha256 -> [local path, pages reading it now]
_folder: list[Path] = []  # this worker process's private folder, made on its first page


def check_worker(lang: str, version: str) -> str | None:
    """Run on every worker at the start: what it lacks to read pages, or None."""
    from . import ocr, sources

    if version != __version__:
        return f"has digitize {__version__}, the driver {version}: install the same version everywhere"
    try:
        ocr.check_engine(lang)
        sources.check_poppler()
    except (ocr.EngineMissing, sources.PopplerMissing) as e:
        return str(e)
    return None


def _hold(data: bytes) -> bytes:
    """A file's bytes as a task result: see the module's doc."""
    return data


def _local_copy(task: PageTask, data: bytes) -> Path:
    """The file on this worker's disk, written once for all its pages read here. Files no page
    is reading are removed beyond the newest CACHED_FILES."""
    with _lock:
        if not _folder:
            from .pipeline import _init_worker

            _init_worker()  # OMP_THREAD_LIMIT=1 for the Tesseract this process starts
            _sweep()
            _folder.append(Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-")))  # mode 0700
            atexit.register(shutil.rmtree, _folder[0], True)
        entry = _copies.get(task.sha256)
        if entry is None:
            path = _folder[0] / f"{task.sha256}.{task.kind}"
            part = path.with_name(path.name + ".part")
            part.write_bytes(data)
            os.replace(part, path)
            entry = _copies[task.sha256] = [path, 0]
        _copies.move_to_end(task.sha256)
        entry[1] += 1
        idle = [k for k, (_, users) in _copies.items() if users == 0]
        for key in idle[:max(0, len(_copies) - CACHED_FILES)]:
            _copies.pop(key)[0].unlink(missing_ok=True)
        return entry[0]


def _sweep() -> None:
    """Remove the folders of this machine's worker processes that were killed (atexit never ran)."""
    for old in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*-*"):
        try:
            pid = int(old.name[len(FOLDER_PREFIX):].split("-", 1)[0])
            if old.stat().st_uid != os.getuid():
                continue
            os.kill(pid, 0)  # alive (or another user's): left alone
        except ProcessLookupError:
            shutil.rmtree(old, ignore_errors=True)
        except (ValueError, OSError):
            continue


def read_remote(task: PageTask, data: bytes, s: Settings) -> tuple[str, PageResult]:
    """One page read on a worker: (the worker's address, the page's result). Never raises for
    the page's own faults (pipeline.read_page records them)."""
    from distributed import get_worker

    from .pipeline import read_page

    path = _local_copy(task, data)
    try:
        result = read_page(replace(task, path=str(path)), s)
    finally:
        with _lock:
            _copies[task.sha256][1] -= 1
    return get_worker().address, result


# --- driver side ----------------------------------------------------------------------------

@contextmanager
def connect(s: Settings) -> Iterator[Reader]:
    """A reader on the scheduler at s.cluster, once it has a worker that can read pages."""
    from distributed import Client

    # Its reconnect attempts and their tracebacks would bury the one message that matters,
    # which SchedulerLost and Unreachable give. Its config sets some child loggers' levels.
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name.startswith("distributed"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        client = Client(s.cluster, timeout=s.cluster_timeout, set_as_default=False)
    except OSError as e:  # refused, or timed out (TimeoutError is an OSError)
        raise Unreachable(f"cannot reach the Dask scheduler at {s.cluster} within {s.cluster_timeout} s "
                          f"({e.__class__.__name__}): is `dask scheduler` running there, and its port open "
                          "to this machine? (cluster_timeout sets the wait)") from None
    try:
        yield Reader(client, s)
    finally:
        with suppress(Exception):  # the run's outcome is decided; a scheduler already gone changes nothing
            client.close(timeout=CLOSE_TIMEOUT)


class Reader:
    """Reads pages on the cluster's workers and hands each result to the driver."""

    def __init__(self, client, s: Settings):
        self.client, self.s = client, s
        self.used: set[str] = set()  # addresses of the workers that read pages
        self._threads, self._asked = 1, -WINDOW_REFRESH
        try:
            client.wait_for_workers(1, timeout=s.cluster_timeout)
        except TimeoutError:
            raise Unreachable(f"the Dask scheduler at {s.cluster} has no worker after {s.cluster_timeout} s: "
                              f"start some with `dask worker {s.cluster} --nworkers N --nthreads 1`") from None
        try:
            lacks = client.run(check_worker, s.lang, __version__)
        except Exception as e:  # the workers cannot even load this code
            raise Unreachable(f"the workers of {s.cluster} cannot run digitize's code ({e.__class__.__name__}): "
                              f"install digitize {__version__} on every worker machine") from None
        bad = {w: why for w, why in lacks.items() if why}
        if bad:
            raise Unreachable("; ".join(f"worker {w}: {why}" for w, why in sorted(bad.items())))
        self.workers = sorted(lacks)

    def threads(self) -> int:
        """Worker threads now: workers may join or leave during a run."""
        now = time.monotonic()
        if now - self._asked >= WINDOW_REFRESH:
            self._threads, self._asked = max(1, sum(self._ask(self.client.nthreads).values())), now
        return self._threads

    def _ask(self, call, *args, **kwargs):
        """A call to the scheduler; SchedulerLost when it is gone."""
        try:
            return call(*args, **kwargs)
        except (OSError, CancelledError):  # distributed's CommClosedError is an OSError
            raise self._lost() from None

    def _lost(self) -> SchedulerLost:
        return SchedulerLost(f"lost the Dask scheduler at {self.s.cluster} mid-run (it stopped, or the network "
                             "failed); every dossier stored before this is complete: run again to read the rest")

    def read(self, tasks: list[PageTask], root: Path, done: Callable[[PageResult], None]) -> None:
        """Read every page on the workers, a bounded window in flight, and hand each result to
        `done` in this process. Dask runs again elsewhere the pages of a worker that dies; a
        page that killed every worker it was given to (KilledWorker, after the scheduler's
        distributed.scheduler.allowed-failures) is failed as a local run fails it."""
        from distributed import KilledWorker, as_completed

        from .pipeline import WORKER_DIED, _where

        pending = list(reversed(tasks))  # popped from the end: the pages in order
        left = Counter(t.sha256 for t in tasks)  # pages still to read of each file
        held: dict[str, object] = {}  # sha256 -> the future holding the file's bytes
        refused: dict[str, str] = {}  # sha256 -> why the driver could not send the file
        running: dict[object, PageTask] = {}
        flow = as_completed(loop=self.client.loop)

        def settle(t: PageTask, result: PageResult) -> None:
            left[t.sha256] -= 1
            if not left[t.sha256]:
                held.pop(t.sha256, None)  # released: the scheduler forgets the bytes
            done(result)

        def fill() -> None:
            window = self.threads() * WINDOW_PER_THREAD
            while pending and len(running) < window:
                t = pending.pop()
                if t.sha256 not in held and t.sha256 not in refused:
                    try:
                        data = file_bytes(t, root)
                    except Refused as e:
                        refused[t.sha256] = str(e)
                    else:
                        with warnings.catch_warnings():  # a big scan is a big task by design
                            warnings.filterwarnings("ignore", message="Sending large graph")
                            held[t.sha256] = self._ask(self.client.submit, _hold, data, pure=False)
                if t.sha256 in refused:
                    settle(t, PageResult(t.dossier, t.file_rel, t.page, error=refused[t.sha256]))
                    continue
                fut = self._ask(self.client.submit, read_remote, t, held[t.sha256], self.s, pure=False)
                running[fut] = t
                flow.add(fut)

        fill()
        for fut in flow:
            t = running.pop(fut)
            if fut.status == "finished":
                worker, result = self._ask(fut.result)  # fetched from its worker through the scheduler
                self.used.add(worker)
            elif fut.status == "cancelled":  # the scheduler cancels nothing of ours but when it goes
                raise self._lost()
            else:
                e = self._ask(fut.exception)
                error = WORKER_DIED if isinstance(e, KilledWorker) else f"cannot read page ({_where(e)} on a worker)"
                result = PageResult(t.dossier, t.file_rel, t.page, error=error)
            settle(t, result)
            fill()


class Refused(Exception):
    """The driver will not send this file; the message is its pages' error."""


def file_bytes(t: PageTask, root: Path) -> bytes:
    """The page's file as the driver sends it: read here, only under the scans root (links out
    of it refused, again: the file may have been swapped since it was found), and only as hashed."""
    from . import sources

    path = Path(t.path)
    if not sources.inside(root, path):
        raise Refused("refused: a link that leads outside the scans root")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise Refused(f"cannot read file: {e.strerror or e.__class__.__name__}") from None
    if hashlib.sha256(data).hexdigest() != t.sha256:
        raise Refused(FILE_CHANGED)
    return data
