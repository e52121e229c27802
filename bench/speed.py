"""Throughput and memory, side by side in one run on the same pages:

  - the bare `tesseract -l vie` command on the pages already rendered to 8-bit gray, one and
    two at a time (OMP_THREAD_LIMIT=1, --psm 6, --dpi 300): the engine alone;
  - `digitize run --jobs 1` and `--jobs 2` on the scans themselves (render, clean, orientation,
    codes, OCR, extraction, checks, store);
  - the same run on a `distributed.LocalCluster` of 2 single-threaded worker processes
    (`--cluster`), against the local pool;
  - peak memory of the same dossiers read once and ten times over (the driver, its largest
    worker, and everything summed): it must stay flat in batch size.

    make bench-speed        (DOSSIERS=8 for the speed runs, MEMORY="10 100" dossiers; KEEP=1 reuses pages)
    BASE=/path/to/checkout make bench-speed    (adds the runs of an earlier checkout, side by side)

Pages come from the outside corpus (../shared/corpus) when present: pages the project was not
built against. Each run is timed as a whole command, start-up included.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import psutil

from common import OUT, ROOT
from pages import scans

sys.path.insert(0, str(ROOT))
from digitize import sources  # noqa: E402
from digitize.config import Settings  # noqa: E402

SAMPLE_EVERY = 0.1  # seconds between memory readings


def page_images(root: Path, dest: Path) -> list[Path]:
    """Every page as the 8-bit gray PGM the engine would be handed, rendered from the scans."""
    s = Settings()
    out = []
    for d in sources.find_dossiers(root):
        for f in d.files:
            sources.inspect(f, s)
            for t in sources.page_tasks(d, [f] if not f.error else []):
                img, _ = sources.render(t, s)
                gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) if img.ndim == 3 else img
                p = dest / f"{len(out):04d}.pgm"
                cv2.imwrite(str(p), gray)
                out.append(p)
    return out


def bare_tesseract(images: list[Path], jobs: int) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(p: Path) -> None:
        subprocess.run(["tesseract", str(p), "-", "-l", "vie", "--psm", "6", "--dpi", "300", "tsv"],
                       capture_output=True, env=env, check=True)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - t0


@dataclass
class Memory:
    """Peak RSS in bytes, sampled every SAMPLE_EVERY seconds."""
    total: int = 0  # the run, its workers and the programs they start (pdftoppm, tesseract), summed
    driver: int = 0  # the run's own process
    worker: int = 0  # the largest of its worker processes


def measured(args: list[str], code: Path = ROOT) -> tuple[int, float, Memory, str]:
    """(exit code, seconds, peak memory, log) of `python -m digitize ARGS` run from the
    checkout `code` (its package comes first on the path)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "digitize", *args], cwd=code,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    mem = Memory()
    stop = threading.Event()

    def watch() -> None:
        try:
            me = psutil.Process(proc.pid)
            while not stop.is_set():
                total = 0
                for p in [me, *me.children(recursive=True)]:
                    try:
                        rss = p.memory_info().rss
                        python = "python" in p.name()
                        parent = p.ppid()
                    except psutil.Error:
                        continue
                    total += rss
                    if p is me:
                        mem.driver = max(mem.driver, rss)
                    elif python and parent == me.pid:
                        mem.worker = max(mem.worker, rss)
                mem.total = max(mem.total, total)
                time.sleep(SAMPLE_EVERY)
        except psutil.Error:
            pass

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    log, _ = proc.communicate()
    secs = time.perf_counter() - t0
    stop.set()
    watcher.join()
    return proc.returncode, secs, mem, log


def repeated(root: Path, dest: Path, times: int) -> Path:
    """A scans root holding every dossier of `root` `times` times, under other names."""
    if not (dest.is_dir() and sum(1 for _ in dest.iterdir()) == times * sum(1 for _ in root.iterdir())):
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        for i in range(times):
            for d in root.iterdir():
                name = f"{d.stem}-{i}{d.suffix}" if d.is_file() else f"{d.name}-{i}"
                (shutil.copytree if d.is_dir() else shutil.copy2)(d, dest / name)
    return dest


def run(root: Path, db: Path, *extra: str, code: Path = ROOT) -> tuple[float, Memory]:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    rc, secs, peak, log = measured(["run", str(root), "--db", str(db.resolve()), "--quiet", *extra], code)
    if rc not in (0, 1):
        raise SystemExit(f"digitize run {' '.join(extra)} failed ({rc}):\n{log}")
    return secs, peak


def main() -> int:
    n = int(os.environ.get("DOSSIERS", "8"))
    small_n, big_n = (int(x) for x in os.environ.get("MEMORY", "10 100").split())
    root, what = scans("speed", n)
    base = OUT / "speed"
    with tempfile.TemporaryDirectory() as tmp:
        images = page_images(root, Path(tmp))
        pages = len(images)
        rows: list[tuple[str, float, int | None]] = []
        for jobs in (1, 2):
            secs, peak = run(root, base / f"jobs{jobs}.db", "--jobs", str(jobs))
            rows.append((f"digitize run --jobs {jobs}", secs, peak.total))
        if os.environ.get("BASE"):
            old = Path(os.environ["BASE"]).resolve()
            rev = subprocess.run(["git", "-C", str(old), "log", "-1", "--format=%h"], capture_output=True, text=True)
            for jobs in (1, 2):
                secs, peak = run(root, base / f"base{jobs}.db", "--jobs", str(jobs), code=old)
                rows.append((f"  the same at {rev.stdout.strip() or old.name}, --jobs {jobs}", secs, peak.total))
        for jobs in (1, 2):
            rows.append((f"bare tesseract, {jobs} at a time", bare_tesseract(images, jobs), None))
    cluster_row = None
    try:
        from cluster import run_on_local_cluster
        for p in base.glob("cluster.db*"):
            p.unlink()
        rc, secs, log = run_on_local_cluster(root, base / "cluster.db", workers=2)
        if rc not in (0, 1):
            print(log)
            return 1
        cluster_row = ("digitize run --cluster (LocalCluster, 2 workers)", secs, None)
        rows.append(cluster_row)
    except ImportError:
        pass

    print(f"{pages} pages ({what}); Tesseract vie --psm 6, OMP_THREAD_LIMIT=1, 2 cores\n")
    print(f"{'':52}{'seconds':>9}{'pages/s':>9}{'peak RSS':>10}")
    rate = {}
    for name, secs, peak in rows:
        rate[name] = pages / secs
        mem = f"{peak / 2**20:8.0f}MB" if peak else ""
        print(f"{name:52}{secs:9.1f}{pages / secs:9.2f}{mem:>10}")
    j1, j2 = rate["digitize run --jobs 1"], rate["digitize run --jobs 2"]
    t1, t2 = rate["bare tesseract, 1 at a time"], rate["bare tesseract, 2 at a time"]
    print(f"\ndigitize / bare engine: {j1 / t1:.2f}x with 1 worker, {j2 / t2:.2f}x with 2 (target 1.5x)")
    print(f"scaling --jobs 2 / --jobs 1: {j2 / j1:.2f}x")
    olds = [name for name, _, _ in rows if name.startswith("  the same at")]
    if olds:
        print(f"this checkout / the earlier one: {j1 / rate[olds[0]]:.2f}x with 1 worker, "
              f"{j2 / rate[olds[1]]:.2f}x with 2")
    if cluster_row:
        print(f"LocalCluster / local pool (2 workers each): {rate[cluster_row[0]] / j2:.2f}x the pages/s, "
              f"overhead {cluster_row[1] / (pages / j2) - 1:+.0%} of the time")

    # The same pages in both batches, the larger one holding each dossier of the smaller
    # `big_n // small_n` times: peak memory may only depend on the largest page, not the count.
    mroot, mwhat = scans("memory", small_n, seed=12)
    times = big_n // small_n
    big = repeated(mroot, OUT / "memory" / f"x{times}", times)
    peaks: dict[Path, Memory] = {}
    for label, r in ((f"{small_n} dossiers ({mwhat})", mroot), (f"the same {times} times over", big)):
        secs, m = peaks[r] = run(r, base / f"memory-{r.name}.db", "--jobs", "2")
        print(f"\npeak RSS, --jobs 2, {label}, in {secs:.0f} s: the driver {m.driver / 2**20:.0f} MB, "
              f"its largest worker {m.worker / 2**20:.0f} MB, in all {m.total / 2**20:.0f} MB")
    a, b = peaks[mroot][1], peaks[big][1]
    print(f"{times}x the dossiers (target within 10%): driver {b.driver / a.driver - 1:+.1%}, largest worker "
          f"{b.worker / a.worker - 1:+.1%}, in all {b.total / a.total - 1:+.1%} (the sum moves with which pages "
          f"and which pdftoppm or tesseract programs happen to coincide; a worker's peak is its largest page's)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
