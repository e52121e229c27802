"""Exports of the store: JSON lines exactly as RECORDS.md says, and CSV for spreadsheets."""
from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

from . import doctypes, store


def records(db, dossier: str | None = None, doc_type: str | None = None,
            status: str | None = None) -> Iterator[dict]:
    """One record per document, in dossier then page order."""
    for doc in store.documents(db, dossier=dossier, doc_type=doc_type, status=status):
        rec = {"id": doc["id"], "dossier": doc["dossier"], "pages": json.loads(doc["pages"]), "doc_type": doc["doc_type"],
               "doc_type_confidence": doc["doc_type_confidence"], "status": doc["status"], "fields": {}}
        if doc["error"]:
            rec["error"] = doc["error"]
        rows = {r["key"]: r for r in store.fields_of(db, doc["id"])}
        for key in doctypes.field_keys(doc["doc_type"]) if doc["status"] != "failed" else []:
            r = rows.get(key)
            if r is None:  # stored by an older version that lacked this field
                rec["fields"][key] = {"value": None, "confidence": 0.0, "flagged": True,
                                      "reasons": ["not_found"], "page": None, "bbox": None}
                continue
            f = {"value": r["value"], "confidence": r["confidence"], "flagged": bool(r["flagged"]),
                 "reasons": json.loads(r["reasons"] or "[]"), "page": r["page"],
                 "bbox": json.loads(r["bbox"]) if r["bbox"] else None}
            if r["reviewed_by"]:
                f["machine_value"] = r["machine_value"]
                f["reviewed_by"] = r["reviewed_by"]
            rec["fields"][key] = f
        yield rec


def record(db, document_id: str) -> dict | None:
    """The export record of one document."""
    doc = store.document_row(db, document_id)
    if doc is None:
        return None
    return next((r for r in records(db, dossier=doc["dossier"]) if r["id"] == document_id), None)


def _private(path: Path, encoding: str = "utf-8"):
    """Exports hold personal data: created readable by their owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    return os.fdopen(fd, "w", encoding=encoding, newline="")


def write_jsonl(db, out: Path, **filters) -> int:
    n = 0
    with _private(out) as fh:
        for rec in records(db, **filters):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


CSV_COLUMNS = ["dossier", "document", "doc_type", "status", "pages", "field", "value", "confidence",
               "flagged", "reasons", "machine_value", "reviewed_by", "error"]


def write_csv(db, out: Path, **filters) -> int:
    """One row per field (a failed document: one row with its error), for spreadsheets. UTF-8
    with a byte-order mark: without it Excel reads the file in the local code page and the
    Vietnamese marks come out garbled."""
    n = 0
    with _private(out, encoding="utf-8-sig") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for rec in records(db, **filters):
            pages = " ".join(f"{p['file']}#{p['page']}" for p in rec["pages"])
            base = {"dossier": rec["dossier"], "document": rec["id"], "doc_type": rec["doc_type"],
                    "status": rec["status"], "pages": pages, "error": rec.get("error", "")}
            if not rec["fields"]:
                w.writerow(base)
            for key, f in rec["fields"].items():
                w.writerow({**base, "field": key, "value": f["value"] if f["value"] is not None else "",
                            "confidence": f["confidence"], "flagged": int(f["flagged"]),
                            "reasons": ";".join(f["reasons"]), "machine_value": f.get("machine_value", ""),
                            "reviewed_by": f.get("reviewed_by", "")})
            n += 1
    return n
