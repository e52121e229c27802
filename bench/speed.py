"""Throughput benchmark: pages/second of `digitize run` with --jobs 1 and --jobs 2, and of the
bare `tesseract` command over the same page images, measured side by side in one run.

    make bench-speed               (DOSSIERS=8 by default)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2

from common import OUT, digitize

sys.path.insert(0, str(OUT.parent.parent))
from digitize import sources  # noqa: E402
from digitize.config import Settings  # noqa: E402


def page_images(scans: Path, dest: Path) -> list[Path]:
    """Every page as the 8-bit gray PGM the engine gets handed, straight from the scans."""
    s = Settings()
    out = []
    for d in sources.find_dossiers(scans):
        for f in d.files:
            sources.inspect(f, s)
            for t in sources.page_tasks(d, [f]):
                gray, _ = sources.render(t, s)
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


def main() -> int:
    n = os.environ.get("DOSSIERS", "8")
    base = OUT / "speed"
    shutil.rmtree(base, ignore_errors=True)
    scans = base / "scans"
    rc, _, log = digitize("samples", str(scans), "--count", n, "--seed", "99", "--truth", str(base / "truth.jsonl"))
    if rc:
        print(log)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        images = page_images(scans, Path(tmp))
        pages = len(images)
        rows = []
        for jobs in (1, 2):
            rc, secs, log = digitize("run", str(scans), "--db", str(base / f"jobs{jobs}.db"), "--jobs", str(jobs), "--quiet")
            if rc not in (0, 1):
                print(log)
                return 1
            rows.append((f"digitize run --jobs {jobs}", secs))
        for jobs in (1, 2):
            rows.append((f"bare tesseract, {jobs} process{'es' if jobs > 1 else ''} at a time", bare_tesseract(images, jobs)))
    print(f"{pages} pages ({n} dossiers), Tesseract vie --psm 6, OMP_THREAD_LIMIT=1\n")
    print(f"{'':48} {'seconds':>8} {'pages/s':>8}")
    rate = {}
    for name, secs in rows:
        rate[name] = pages / secs
        print(f"{name:48} {secs:8.1f} {pages / secs:8.2f}")
    j1, j2 = rate["digitize run --jobs 1"], rate["digitize run --jobs 2"]
    t1, t2 = rate["bare tesseract, 1 process at a time"], rate["bare tesseract, 2 processes at a time"]
    print(f"\nscaling --jobs 2 / --jobs 1: {j2 / j1:.2f}x")
    print(f"digitize / bare tesseract: {j1 / t1:.2f} (1 worker), {j2 / t2:.2f} (2 workers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
