"""Synthetic scanned Vietnamese dossiers with ground truth (for the demo, e2e tests, benchmark).

    from digitize.samples import generate
    truth = generate(Path("scans"), count=10, seed=0)

Writes the dossiers under out_dir and one JSON line per document to out_dir/truth.jsonl.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from . import dossiers
from .layouts import FIELDS, REGISTRY

DOC_TYPES = list(FIELDS)

__all__ = ["generate", "DOC_TYPES", "FIELDS", "REGISTRY"]


def generate(out_dir: Path, count: int, seed: int = 0, truth_path: Path | None = None,
             types: list[str] | None = None, defects: bool = True) -> list[dict]:
    """Write `count` dossiers under out_dir and their truth as JSON lines (default out_dir/'truth.jsonl').
    Returns the truth records. Deterministic for a given seed."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = list(types) if types else list(DOC_TYPES)
    unknown = [t for t in wanted if t not in FIELDS]
    if unknown:
        raise ValueError(f"unknown document types: {', '.join(unknown)}")
    if not any(t in REGISTRY for t in wanted):
        raise ValueError(f"no generator yet for: {', '.join(wanted)}")
    records: list[dict] = []
    used: set[str] = set()
    first = random.Random(f"digitize-samples:{seed}").randrange(len(dossiers.SCENARIOS))
    for i in range(count):
        # one generator per dossier: dossier i is the same whatever `count` is
        rng = random.Random(f"digitize-samples:{seed}:{i}")
        dossier_id, docs, sheets, day = dossiers.build(rng, i, used, wanted, defects, scenario=first + i)
        scans = dossiers.scan(rng, sheets)
        # shapes alternate so any two consecutive dossiers show both (folder, single file)
        pages = dossiers.store(rng, out_dir, dossier_id, docs, sheets, scans, day, single=(first + i) % 2 == 1)
        for doc, pg in zip(docs, pages):
            fields = {k: doc.fields.get(k) for k in FIELDS[doc.doc_type]}
            records.append({"dossier": dossier_id, "pages": pg, "doc_type": doc.doc_type, "fields": fields})
    truth_path = Path(truth_path) if truth_path else out_dir / "truth.jsonl"
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    with open(truth_path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return records
