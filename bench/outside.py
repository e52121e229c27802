"""Accuracy on documents the project did not make: the independent corpus in ../shared/corpus.

    make bench-outside                 (SEEDS="1 2 3" DOSSIERS=24 by default)

For each seed the outside generator writes a fresh corpus, the real CLI reads its scans
(nothing else from it), and the contract's own scorer (score.py, from ../shared/corpus) scores
the export. Prints each seed's scorer report (overall, per type, per field, per page condition),
the pages that ended in no document, then one table over all seeds. Nothing from the outside
corpus is imported or copied: it is run as a program, as a measuring tool.
Set KEEP=1 to reuse corpora already generated under bench/out/outside/ (same seed, same bytes).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from common import OUT, digitize, read_jsonl
from pages import CORPUS, make_corpus

METRICS = ("accuracy", "silent_errors", "review_load", "doc_type_accuracy", "split_accuracy")


def lost_pages(seed_dir: Path, records: list[dict]) -> list[str]:
    """Non-blank page images that the export places in no document: pages lost unseen."""
    covered = {(p["file"], p["page"]) for r in records for p in r["pages"]}
    lost = []
    for line in (seed_dir / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        pg = json.loads(line)
        if not pg.get("blank") and (pg["file"], pg["page"]) not in covered:
            lost.append(f"{pg['file']}#{pg['page']} ({pg['doc_type']}, {' '.join(pg.get('tags', []))})")
    return lost


def one_seed(seed: str, dossiers: str, keep: bool) -> dict | None:
    base = OUT / "outside" / f"seed{seed}"
    corpus = base / "corpus"
    if not (keep and (corpus / "truth.jsonl").exists()):
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        failed = make_corpus(corpus, seed, dossiers)
        if failed:
            print(failed)
            return None
    db, export = base / "digitize.db", base / "records.jsonl"
    for p in base.glob("digitize.db*"):
        p.unlink()
    rc, secs, log = digitize("run", str(corpus / "scans"), "--db", str(db), "--quiet")
    if rc not in (0, 1):
        print(log)
        return None
    export.unlink(missing_ok=True)
    rc, _, log = digitize("export", "--format", "jsonl", "--out", str(export), "--db", str(db))
    if rc:
        print(log)
        return None
    report = base / "score.json"
    sc = subprocess.run([sys.executable, str(CORPUS / "score.py"), "--truth", str(corpus / "truth.jsonl"),
                         "--export", str(export), "--pages", str(corpus / "pages.jsonl"), "--json", str(report)],
                        capture_output=True, text=True)
    print(f"\n=== seed {seed}: {dossiers} dossiers, pipeline {secs:.0f} s ===")
    print(sc.stdout + sc.stderr)
    lost = lost_pages(corpus, read_jsonl(export))
    print(f"pages that ended in no document: {len(lost)}")
    for x in lost:
        print("  ", x)
    if sc.returncode:
        return None
    result = json.loads(report.read_text(encoding="utf-8"))
    result["lost_pages"] = len(lost)
    return result


def main() -> int:
    if not (CORPUS / "make_corpus.py").exists():
        print(f"the outside corpus is not here ({CORPUS}): nothing to measure")
        return 0
    seeds = os.environ.get("SEEDS", "1 2 3").split()
    dossiers = os.environ.get("DOSSIERS", "24")
    keep = os.environ.get("KEEP") == "1"
    rows = []
    for seed in seeds:
        r = one_seed(seed, dossiers, keep)
        if r is None:
            return 1
        rows.append((seed, r))
    print("\n=== outside corpus, all seeds ===")
    print(f"{'seed':>6} " + " ".join(f"{m:>18}" for m in METRICS) + f" {'lost pages':>11}")
    for seed, r in rows:
        o = r["overall"]
        print(f"{seed:>6} " + " ".join(f"{100 * o.get(m, 0):17.1f}%" for m in METRICS) + f" {r['lost_pages']:>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
