"""Runs killed at any moment, runs started while another holds the store, workers that die.

The real `digitize run` in its own process group, killed with SIGKILL as the OOM killer, a power
cut or an impatient operator would; then run again to the end and compared with a clean run.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from .conftest import ROOT, digitize, read_jsonl

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them


class Run:
    """`digitize run` in a session of its own, its log lines collected as they come."""

    def __init__(self, scans: Path, db: Path, log: Path):
        self.proc = subprocess.Popen([sys.executable, "-m", "digitize", "run", str(scans), "--db", str(db),
                                      "--jobs", "2", "--quiet"], cwd=ROOT, stdout=log.open("w"),
                                     stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.lines: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stderr:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_for(self, text: str, after: int = 0, timeout: float = 300) -> None:
        """Until the log has a line with `text` past the first `after` lines."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not any(text in line for line in self.lines[after:]):
                assert self.proc.poll() is None, f"run ended before '{text}':\n{''.join(self.lines)}"
                assert time.monotonic() < deadline, f"no '{text}' in:\n{''.join(self.lines)}"
                self.changed.wait(1)

    def kill(self, group: bool = True) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL) if group else os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def alive_in_group(pgid: int) -> list[int]:
    """Processes of a group that still run (zombies waiting for a reaper do not)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            pids.append(int(entry.name))
    return pids


def wait_group_gone(pgid: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while alive_in_group(pgid):
        assert time.monotonic() < deadline, f"still running after their driver died: {alive_in_group(pgid)}"
        time.sleep(0.2)


def scan_pages(scans: Path) -> set[tuple[str, int]]:
    """Every (file, page) of the scans, counted without digitize: pdfinfo and Pillow."""
    out = set()
    for f in scans.rglob("*"):
        if f.suffix == ".pdf":
            info = subprocess.run(["pdfinfo", str(f)], capture_output=True, text=True, check=True).stdout
            n = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
        elif f.suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
            with Image.open(f) as im:
                n = getattr(im, "n_frames", 1)
        else:
            continue
        out |= {(f.relative_to(scans).as_posix(), p) for p in range(1, n + 1)}
    return out


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("crash")
    digitize("samples", str(base / "scans"), "--count", "4", "--seed", "21", "--truth", str(base / "truth.jsonl"),
             check=True)
    return base / "scans"


@pytest.fixture(scope="module")
def clean(scans, tmp_path_factory):
    """One uninterrupted run, with a second run started against the same store while it works."""
    base = tmp_path_factory.mktemp("clean")
    db = base / "d.db"
    first = Run(scans, db, base / "first.out")
    first.wait_for("start:")  # it holds the lock from before this line until it exits
    t0 = time.monotonic()
    second = digitize("run", str(scans), "--db", str(db), "--jobs", "2", "--quiet")
    second_seconds = time.monotonic() - t0
    first_rc = first.proc.wait(timeout=600)
    digitize("export", "--out", str(base / "r.jsonl"), "--db", str(db), check=True)
    return {"db": db, "records": read_jsonl(base / "r.jsonl"), "first_rc": first_rc, "first": first,
            "second": second, "second_seconds": second_seconds}


def test_a_second_run_on_a_busy_store_exits_4_at_once(clean):
    second = clean["second"]
    assert second.returncode == 4, second.stdout + second.stderr
    assert "another run holds the store" in second.stderr and "Traceback" not in second.stderr
    assert clean["second_seconds"] < 30  # at once: it did not wait for the lock (the first run takes longer)
    assert clean["first_rc"] == 0, "".join(clean["first"].lines)
    con = sqlite3.connect(clean["db"])
    assert [r[0] for r in con.execute("SELECT status FROM runs")] == ["done"]  # the second never started one


def test_sigkill_at_any_moment_loses_and_duplicates_nothing(scans, clean, tmp_path):
    db = tmp_path / "d.db"
    # 1. killed while starting: the store may be half created
    run = Run(scans, db, tmp_path / "1.out")
    time.sleep(1.0)
    run.kill()
    # 2. killed with pages in flight, right after a dossier was committed
    run = Run(scans, db, tmp_path / "2.out")
    run.wait_for("start:")
    run.wait_for("documents")
    run.kill()
    # the -wal and -shm a killed run leaves are as private as the store
    for suffix in ("", "-wal", "-shm", ".lock"):
        path = Path(f"{db}{suffix}")
        assert not path.exists() or stat.S_IMODE(path.stat().st_mode) == 0o600, path
    # 3. only the driver killed: its workers die with it, and its lock is free at once
    run = Run(scans, db, tmp_path / "3.out")
    run.wait_for("start:")
    time.sleep(2.5)
    run.kill(group=False)
    wait_group_gone(run.proc.pid)
    # 4. to the end
    final = digitize("run", str(scans), "--db", str(db), "--jobs", "2", "--quiet")
    assert final.returncode == 0, final.stdout + final.stderr

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = [tuple(r) for r in con.execute("SELECT file_rel, page FROM pages")]
    assert len(stored) == len(set(stored)) and set(stored) == scan_pages(scans)
    in_documents = [(p["file"], p["page"]) for (pages,) in con.execute("SELECT pages FROM documents")
                    for p in json.loads(pages)]
    assert len(in_documents) == len(set(in_documents))  # no page in two documents
    statuses = [r[0] for r in con.execute("SELECT status FROM runs ORDER BY id")]
    assert "running" not in statuses and statuses[-1] == "done"
    assert statuses.count("killed") >= 2  # those killed after they had recorded their start
    digitize("export", "--out", str(tmp_path / "r.jsonl"), "--db", str(db), check=True)
    assert read_jsonl(tmp_path / "r.jsonl") == clean["records"]


def test_a_worker_killed_mid_run_costs_no_page(scans, clean, tmp_path):
    """The OOM killer takes a worker: its pages are read again, the batch goes on to the end."""
    db = tmp_path / "d.db"
    run = Run(scans, db, tmp_path / "out")
    run.wait_for("start:")
    time.sleep(2)
    workers = [p for p in alive_in_group(run.proc.pid) if p != run.proc.pid
               and "-m\x00digitize\x00" in Path(f"/proc/{p}/cmdline").read_text()]
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    assert run.proc.wait(timeout=600) == 0, "".join(run.lines)
    digitize("export", "--out", str(tmp_path / "r.jsonl"), "--db", str(db), check=True)
    assert read_jsonl(tmp_path / "r.jsonl") == clean["records"]
