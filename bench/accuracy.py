"""Accuracy benchmark: a labelled corpus through the real pipeline, scored by RECORDS.md.

    make bench-accuracy            (DOSSIERS=40 SEED=2024 by default)

Prints accuracy, silent errors, review load, type and split accuracy overall, per type and
per field, and how silent errors and review load move with the flag threshold.
"""
from __future__ import annotations

import os
import shutil
import sys

from rich.console import Console
from rich.table import Table

from common import OUT, digitize, read_jsonl

sys.path.insert(0, str(OUT.parent.parent))
from digitize.scoring import Score, Tally, score  # noqa: E402

console = Console(width=140)


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def tally_table(title: str, rows: dict[str, Tally]) -> Table:
    t = Table(title=title)
    for col in ("", "fields", "accuracy", "silent errors", "review load"):
        t.add_column(col, justify="right" if col else "left")
    for name, tl in sorted(rows.items()):
        t.add_row(name, str(tl.fields), pct(tl.accuracy), pct(tl.silent_rate), pct(tl.review_load))
    return t


def thresholds(truth: list[dict], records: list[dict]) -> Table:
    """Silent errors and review load if the threshold were t (other reasons unchanged)."""
    t = Table(title="flag threshold (measured on this corpus)")
    for col in ("threshold", "accuracy", "silent errors", "review load"):
        t.add_column(col, justify="right")
    for th in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        recs = []
        for r in records:
            r2 = {**r, "fields": {}}
            for k, f in r["fields"].items():
                other = [x for x in f["reasons"] if x not in ("low_confidence", "not_printed", "old_cmnd")]
                flagged = f["value"] is None and "not_printed" not in f["reasons"] or bool(other) or (
                    f["value"] is not None and f["confidence"] < th)
                r2["fields"][k] = {**f, "flagged": flagged}
            recs.append(r2)
        s = score(truth, recs)
        t.add_row(f"{th:.2f}", pct(s.overall.accuracy), pct(s.overall.silent_rate), pct(s.overall.review_load))
    return t


def main() -> int:
    n = os.environ.get("DOSSIERS", "40")
    seed = os.environ.get("SEED", "2024")
    base = OUT / "accuracy"
    shutil.rmtree(base, ignore_errors=True)
    scans, db, truth_path, export = base / "scans", base / "digitize.db", base / "truth.jsonl", base / "records.jsonl"
    rc, secs, log = digitize("samples", str(scans), "--count", n, "--seed", seed, "--truth", str(truth_path))
    if rc:
        print(log)
        return 1
    rc, secs, log = digitize("run", str(scans), "--db", str(db), "--quiet")
    if rc not in (0, 1):
        print(log)
        return 1
    digitize("export", "--format", "jsonl", "--out", str(export), "--db", str(db))
    truth, records = read_jsonl(truth_path), read_jsonl(export)
    s: Score = score(truth, records)
    pages = sum(len(t["pages"]) for t in truth)
    console.print(f"corpus: {n} dossiers, {len(truth)} documents, {pages} pages in documents; "
                  f"pipeline {secs:.0f} s")
    o = s.overall
    console.print(f"[bold]overall[/]: accuracy {pct(o.accuracy)}  silent errors {pct(o.silent_rate)}  "
                  f"review load {pct(o.review_load)}  type accuracy {pct(s.type_accuracy)}  "
                  f"split accuracy {pct(s.split_accuracy)}")
    console.print(tally_table("per document type", dict(s.by_type)))
    console.print(tally_table("per field", dict(s.by_field)))
    console.print(thresholds(truth, records))
    silent = [e for e in s.errors if e["flagged"] is False or e["flagged"] is None]
    if silent:
        t = Table(title="silent errors (wrong and not flagged)")
        for col in ("dossier", "type", "field", "truth", "got"):
            t.add_column(col)
        for e in silent[:40]:
            t.add_row(e["dossier"], e["doc_type"], e["field"], str(e["truth"]), str(e["got"]))
        console.print(t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
