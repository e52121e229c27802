"""`digitize run --cluster`: pages read on the workers of a real Dask cluster (a scheduler and
workers started here as processes, on 127.0.0.1), against the same records as a local run; a
worker killed mid-run, a scheduler killed mid-run, and the addresses people get wrong."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from digitize.cli import app
from digitize.exits import Exit
from digitize.pipeline import WORKER_DIED

from .conftest import ROOT, digitize, read_jsonl

DASK = Path(sys.executable).parent / "dask"
START_TIMEOUT = 60  # seconds for a scheduler or worker to come up on a busy 2-core machine
WORKER_MEMORY = "800MB"  # a worker's limit: reading a sample page peaks near 230 MB in a bare process
STOP_TIMEOUT = 10  # seconds for a worker or scheduler to stop when asked
SHORT = {"DIGITIZE_CLUSTER_TIMEOUT": "3"}  # seconds: failures to connect come back fast


class LocalDask:
    """A scheduler and workers as separate processes, as on other machines: `dask scheduler`,
    `dask worker ADDRESS --nthreads 1` with OMP_THREAD_LIMIT=1. Workers run without a nanny,
    so a worker killed stays dead."""

    def __init__(self, logs: Path, workers: int = 2, worker_args: tuple[str, ...] = ("--no-nanny",),
                 scheduler_env: dict | None = None):
        self.logs, self.procs = logs, []
        logs.mkdir(parents=True, exist_ok=True)
        self.scheduler = self._start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0",
                                     "--no-dashboard", env=scheduler_env)
        m = self._wait(self.logs / "scheduler.log", r"Scheduler at:\s+(tcp://\S+)")
        self.address = m.group(1)
        self.workers = [self._start(f"worker{i}", "worker", self.address, "--nworkers", "1", "--nthreads", "1",
                                    "--no-dashboard", "--host", "127.0.0.1", *worker_args)
                        for i in range(workers)]
        self.worker_addresses = [self._wait(self.logs / f"worker{i}.log", r"Start worker at:\s+(tcp://\S+)").group(1)
                                 for i in range(workers)]
        for i in range(workers):
            self._wait(self.logs / f"worker{i}.log", r"Registered to:")

    def _start(self, name: str, *args: str, env: dict | None = None) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        p = subprocess.Popen([str(DASK), *args], stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                             env={**os.environ, "OMP_THREAD_LIMIT": "1", "TMPDIR": str(self.logs), **(env or {})})
        self.procs.append(p)
        return p

    def _wait(self, log: Path, pattern: str) -> re.Match:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            m = re.search(pattern, log.read_text(errors="replace"))
            if m:
                return m
            assert all(p.poll() is None for p in self.procs), log.read_text(errors="replace")
            time.sleep(0.2)
        raise AssertionError(f"not up after {START_TIMEOUT} s:\n{log.read_text(errors='replace')}")

    def close(self) -> None:
        """Workers first, as an operator stops them (each removes its private folder), then the rest."""
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    p.kill()
            p.wait()


@pytest.fixture
def dask_cluster(tmp_path):
    c = LocalDask(tmp_path / "dask")
    yield c
    c.close()


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """Three small dossiers (13 pages: PDF, JPEG and PNG files), read by a local run, exported."""
    base = tmp_path_factory.mktemp("cluster")
    scans, db = base / "scans", base / "local.db"
    digitize("samples", str(scans), "--count", "3", "--seed", "5", "--truth", str(base / "truth.jsonl"), check=True)
    digitize("run", str(scans), "--db", str(db), "--jobs", "2", "--quiet", check=True)
    digitize("export", "--format", "jsonl", "--out", str(base / "local.jsonl"), "--db", str(db), check=True)
    return {"base": base, "scans": scans, "records": read_jsonl(base / "local.jsonl")}


def _export(db: Path) -> list[dict]:
    out = db.with_suffix(".jsonl")
    digitize("export", "--format", "jsonl", "--out", str(out), "--db", str(db), check=True)
    return read_jsonl(out)


def _pages(records: list[dict]) -> list[tuple[str, int]]:
    return sorted((p["file"], p["page"]) for r in records for p in r["pages"])


def _start_run(scans: Path, db: Path, address: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "digitize", "run", str(scans), "--db", str(db), "--quiet",
                             "--cluster", address], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env={**os.environ, **SHORT})


def _wait_busy(scheduler: str, worker: str) -> None:
    """Until the scheduler says `worker` holds pages being read (so that killing it loses them)."""
    from distributed import Client

    with Client(scheduler, timeout=START_TIMEOUT) as client:
        deadline = time.monotonic() + START_TIMEOUT
        while not any("read_remote" in str(key) for key in client.processing().get(worker, ())):
            assert time.monotonic() < deadline, client.processing()
            time.sleep(0.1)


def _read_until(stream, text: str) -> list[str]:
    lines = []
    for line in stream:
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"no line with {text!r}:\n{''.join(lines)}")


@pytest.mark.e2e
def test_a_cluster_run_stores_what_a_local_run_stores(local, dask_cluster, tmp_path):
    db = tmp_path / "cluster.db"
    r = digitize("run", str(local["scans"]), "--db", str(db), "--quiet", "--cluster", dask_cluster.address)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"cluster {dask_cluster.address}: 2 workers" in r.stderr
    assert f"13 pages, " in r.stdout and f"on 2 workers of {dask_cluster.address}" in r.stdout, r.stdout
    assert _export(db) == local["records"]
    row = sqlite3.connect(db).execute("SELECT status, jobs, pages FROM runs").fetchone()
    assert row == ("done", 2, 13)
    again = digitize("run", str(local["scans"]), "--db", str(db), "--quiet", "--cluster", dask_cluster.address)
    assert again.returncode == 0 and "nothing new" in again.stdout, again.stdout + again.stderr


@pytest.mark.e2e
def test_a_worker_killed_mid_run_loses_no_page(local, dask_cluster, tmp_path):
    db = tmp_path / "cluster.db"
    run = _start_run(local["scans"], db, dask_cluster.address)
    try:
        _read_until(run.stderr, "start: 3 dossiers")
        victim = dask_cluster.workers[0]
        _wait_busy(dask_cluster.address, dask_cluster.worker_addresses[0])
        assert victim.poll() is None and run.poll() is None  # the run still has pages to read
        victim.send_signal(signal.SIGKILL)
        out, err = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
    assert victim.wait() == -signal.SIGKILL
    assert run.returncode == 0, out + err
    assert "13 pages" in out and "0 failures" in out, out
    records = _export(db)
    assert _pages(records) == _pages(local["records"])
    assert records == local["records"]


@pytest.mark.e2e
def test_a_scheduler_lost_mid_run_ends_it_with_its_own_code_and_keeps_what_was_stored(local, dask_cluster,
                                                                                    tmp_path):
    db = tmp_path / "cluster.db"
    run = _start_run(local["scans"], db, dask_cluster.address)
    try:
        done = _read_until(run.stderr, "dossier ")
        assert run.poll() is None  # more dossiers to read
        dask_cluster.scheduler.send_signal(signal.SIGKILL)
        out, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == Exit.CLUSTER_LOST == 7, out + err
    assert f"lost the Dask scheduler at {dask_cluster.address} mid-run" in err
    assert "Traceback" not in err
    first = re.search(r"dossier (\S+):", done[-1]).group(1)
    con = sqlite3.connect(db)
    stored = {r[0] for r in con.execute("SELECT id FROM dossiers")}
    assert first in stored and len(stored) < 3
    assert con.execute("SELECT status FROM runs").fetchone() == ("failed",)
    # each stored dossier is whole: its documents as a local run stores them
    assert _export(db) == [r for r in local["records"] if r["dossier"] in stored]


@pytest.mark.e2e
def test_a_page_that_kills_every_worker_it_lands_on_is_failed_and_the_rest_are_read(local, tmp_path):
    """Workers under a nanny with a memory limit, as a cluster runs them: a blank page of 120
    megapixels takes some 1.7 GB to clean, so each worker given it is killed and restarted,
    until the scheduler gives it up (allowed-failures, 1 here to keep the test short)."""
    kept = "ho_so_luong_phuong_vi"
    scans, db = tmp_path / "scans", tmp_path / "cluster.db"
    shutil.copytree(local["scans"] / kept, scans / kept)
    (scans / "poison").mkdir()
    Image.new("L", (10900, 11000), 255).save(scans / "poison" / "huge.png")
    c = LocalDask(tmp_path / "dask", worker_args=("--memory-limit", WORKER_MEMORY),
                  scheduler_env={"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"})
    try:
        r = digitize("run", str(scans), "--db", str(db), "--quiet", "--cluster", c.address, env=SHORT)
    finally:
        c.close()
    assert r.returncode == Exit.PARTLY, r.stdout + r.stderr
    assert f"failed poison/huge.png#1: {WORKER_DIED}" in r.stdout
    records = _export(db)
    assert [x for x in records if x["dossier"] == "poison"][0]["error"] == f"page 1: {WORKER_DIED}"
    assert [x for x in records if x["dossier"] == kept] == [x for x in local["records"] if x["dossier"] == kept] != []


def test_the_driver_sends_only_files_under_the_root_and_as_hashed(tmp_path):
    """A file changed after it was hashed, or a link swapped in that leads out of the root, is
    refused by the driver (its pages failed with the reason), never sent to a worker."""
    from digitize.cluster import FILE_CHANGED, Refused, file_bytes
    from digitize.models import PageTask

    root, outside = tmp_path / "scans", tmp_path / "secret.png"
    (root / "d").mkdir(parents=True)
    scan = root / "d" / "p.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n one")
    outside.write_bytes(b"\x89PNG\r\n\x1a\n two")
    task = PageTask("d", "d/p.png", str(scan), "png", 1, hashlib.sha256(scan.read_bytes()).hexdigest())
    assert file_bytes(task, root) == scan.read_bytes()
    scan.write_bytes(b"\x89PNG\r\n\x1a\n changed")
    with pytest.raises(Refused, match=re.escape(FILE_CHANGED)):
        file_bytes(task, root)
    scan.unlink()
    scan.symlink_to(outside)
    with pytest.raises(Refused, match="outside the scans root"):
        file_bytes(replace(task, sha256=hashlib.sha256(outside.read_bytes()).hexdigest()), root)


def test_an_unreachable_scheduler_is_an_environment_error(tmp_path):
    import socket

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "scans").mkdir()
    t0 = time.monotonic()
    r = digitize("run", str(tmp_path / "scans"), "--db", str(tmp_path / "d.db"), "--cluster",
                 f"tcp://127.0.0.1:{port}", env=SHORT)
    assert r.returncode == Exit.ENV, r.stdout + r.stderr
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port} within 3 s" in r.stderr
    assert "Traceback" not in r.stderr
    assert time.monotonic() - t0 < 30


@pytest.mark.e2e
def test_a_scheduler_without_workers_is_an_environment_error(tmp_path):
    c = LocalDask(tmp_path / "dask", workers=0)
    try:
        (tmp_path / "scans").mkdir()
        r = digitize("run", str(tmp_path / "scans"), "--db", str(tmp_path / "d.db"), "--cluster", c.address, env=SHORT)
    finally:
        c.close()
    assert r.returncode == Exit.ENV, r.stdout + r.stderr
    assert f"the Dask scheduler at {c.address} has no worker after 3 s" in r.stderr


@pytest.mark.parametrize("how, value", [
    ("flag", "http://10.0.0.5:8786"),
    ("flag", "tcp://10.0.0.5:99999"),
    ("flag", "tcp://10.0.0.5:port"),
    ("env", "two words"),
    ("toml", "tcp://:8786"),
])
def test_a_malformed_scheduler_address_is_a_usage_error(tmp_path, how, value):
    (tmp_path / "scans").mkdir()
    args = ["run", str(tmp_path / "scans"), "--db", str(tmp_path / "d.db")]
    env = {"COLUMNS": "200"}
    if how == "flag":
        args += ["--cluster", value]
    elif how == "env":
        env["DIGITIZE_CLUSTER"] = value
    else:
        (tmp_path / "digitize.toml").write_text(f'[digitize]\ncluster = "{value}"\n', encoding="utf-8")
        args += ["--config", str(tmp_path / "digitize.toml")]
    r = CliRunner().invoke(app, args, env=env)
    assert r.exit_code == Exit.USAGE, r.output
    assert f"{value!r} is not a Dask scheduler address: give tcp://HOST:PORT" in r.output
    where = {"flag": "--cluster", "env": "DIGITIZE_CLUSTER", "toml": "digitize.toml"}[how]
    assert where in r.output
    assert not (tmp_path / "d.db").exists()


@pytest.mark.parametrize("given, taken", [
    ("tcp://10.0.0.5:8786", "tcp://10.0.0.5:8786"),
    ("10.0.0.5:9000", "tcp://10.0.0.5:9000"),
    ("scheduler.local", "tcp://scheduler.local:8786"),
    ("tls://[::1]:8786", "tls://[::1]:8786"),
    ("", ""),
])
def test_scheduler_addresses_are_taken_as_dask_takes_them(given, taken):
    from digitize.config import cluster_address

    assert cluster_address(given) == taken
