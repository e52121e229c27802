"""Where the time goes: each stage's wall time per page and in total, one worker, in process.

    make bench-profile              (DOSSIERS=8 by default; KEEP=1 reuses the pages)

One worker (`--jobs 1`) so that no stage waits for another process's. Stages are timed inside
the real pipeline (digitize/stages.py), so this is the run's own clock, not a model of it. The
driver assembles and stores a dossier while the worker reads the next page, so "(no stage)",
the wall time left over, can be negative.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from common import OUT, ROOT
from pages import scans

sys.path.insert(0, str(ROOT))
from digitize import config, pipeline, store  # noqa: E402
from digitize.stages import DOSSIER_STAGES, PAGE_STAGES  # noqa: E402


class Pages(pipeline.Reporter):
    def __init__(self) -> None:
        self.results = []

    def page_done(self, result) -> None:
        self.results.append(result)


def main() -> int:
    n = int(os.environ.get("DOSSIERS", "8"))
    root, what = scans("profile", n)
    db_path = OUT / "profile" / "digitize.db"
    for p in db_path.parent.glob("digitize.db*"):
        p.unlink()
    s = config.load(uses=set(), db=str(db_path), jobs=1)
    db = store.open_store(str(db_path))
    pages = Pages()
    t0 = time.perf_counter()
    summary = pipeline.run(root, s, db, pages)
    wall = time.perf_counter() - t0
    results = sorted(pages.results, key=lambda r: (r.dossier, r.file_rel, r.page))
    shown = [st for st in PAGE_STAGES if any(st in r.stages for r in results)]

    print(f"{len(results)} pages ({what}), --jobs 1, wall {wall:.1f} s, {len(results) / wall:.2f} pages/s\n")
    head = f"{'page':34}" + "".join(f"{st:>11}" for st in shown) + f"{'page total':>11}"
    print("per page, milliseconds")
    print(head)
    for r in results:
        name = f"{r.file_rel}#{r.page}"[-33:]
        print(f"{name:34}" + "".join(f"{1000 * r.stages.get(st, 0):11.0f}" for st in shown)
              + f"{1000 * r.seconds:11.0f}" + ("  " + r.error if r.error else ""))
    print("\nper stage")
    print(f"{'stage':14}{'pages':>7}{'median ms':>11}{'mean ms':>9}{'total s':>9}{'share':>8}")
    for st in shown + [d for d in DOSSIER_STAGES if d in summary.stages]:
        per = [r.stages[st] for r in results if st in r.stages]
        total = summary.stages.get(st, 0.0)
        med = f"{1000 * statistics.median(per):11.0f}" if per else f"{'-':>11}"
        mean = f"{1000 * total / len(per):9.0f}" if per else f"{'-':>9}"
        print(f"{st:14}{len(per) if per else '-':>7}{med}{mean}{total:9.1f}{total / wall:8.1%}")
    staged = sum(summary.stages.values())
    print(f"{'(no stage)':14}{'':7}{'':11}{'':9}{wall - staged:9.1f}{(wall - staged) / wall:8.1%}")
    print(f"{'wall':14}{'':7}{'':11}{'':9}{wall:9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
