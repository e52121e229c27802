"""The review queue as a spreadsheet: export the flagged fields, fill in `action` (and
`new_value`, `reviewer`), apply. Every row goes through the same checks as a decision taken on
screen; a refused row changes nothing and is reported with its reason.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from . import pageview, review

COLUMNS = ["document", "dossier", "doc_type", "field", "machine_value", "confidence", "reasons", "ocr_line",
           "action", "new_value", "reviewer"]
REQUIRED = {"document", "field", "machine_value", "action", "new_value"}


class BadFile(Exception):
    """The file as a whole cannot be applied (missing columns, not CSV): nothing is applied."""


@dataclass
class Refusal:
    line: int  # line of the file, as a spreadsheet numbers it (the header is line 1)
    document: str
    field: str
    reason: str


def export_queue(db, out: Path, doc_type: str | None = None, dossier: str | None = None) -> int:
    """The flagged fields, one a row, as UTF-8 with a BOM so spreadsheet programs read the
    Vietnamese right. Values unmasked: like any export, the file is the owner's only."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    w.writeheader()
    items = review.queue(db, doc_type=doc_type, dossier=dossier)
    for item in items:
        w.writerow({"document": item.document_id, "dossier": item.dossier, "doc_type": item.doc_type,
                    "field": item.key, "machine_value": item.value or "", "confidence": f"{item.confidence:.2f}",
                    "reasons": ";".join(item.reasons), "ocr_line": review.line_text(db, item) or item.raw,
                    "action": "", "new_value": "", "reviewer": ""})
    pageview.write_private(out, buf.getvalue().encode("utf-8-sig"))
    return len(items)


def apply(db, path: Path, default_reviewer: str) -> tuple[int, int, list[Refusal]]:
    """(rows applied, rows left undecided (empty action), refusals). Rows apply one by one, each
    in its own transaction: a refused row changes nothing, the good ones are kept."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BadFile(f"cannot read {path}: {e.strerror}") from None
    text = _decoded(path, data)
    try:  # Excel saves ';'-separated files where the decimal mark is a comma (Vietnamese settings)
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        raise BadFile(f"{path}: its first line is no header separated by commas, semicolons or tabs; "
                      "save the sheet as CSV") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    missing = REQUIRED - set(reader.fieldnames or [])
    if missing:
        raise BadFile(f"{path} lacks the column(s) {', '.join(sorted(missing))}; "
                      f"export one with `digitize review --export-queue FILE.csv`")
    applied = left = 0
    refused: list[Refusal] = []
    for row in reader:
        doc, key = (row.get("document") or "").strip(), (row.get("field") or "").strip()
        try:
            if _apply_row(db, row, doc, key, default_reviewer):
                applied += 1
            else:
                left += 1
        except review.Refused as e:
            refused.append(Refusal(reader.line_num, doc, key, e.args[0]))
    return applied, left, refused


def _decoded(path: Path, data: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark) or UTF-16 with its mark, as
    spreadsheet programs save CSV; anything else is refused, saying what to save instead."""
    import codecs

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadFile(f"{path}: marked UTF-16 but damaged; save the sheet again as CSV UTF-8") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BadFile(f"{path} is not UTF-8 or UTF-16 (byte {e.start} is not text in either): it was saved "
                      "in a local code page, which loses Vietnamese marks; save it as 'CSV UTF-8' or "
                      "'Unicode Text'") from None


def _apply_row(db, row: dict, doc: str, key: str, default_reviewer: str) -> bool:
    """True when applied, False when the row decides nothing; review.Refused otherwise."""
    action = (row.get("action") or "").strip().lower()
    new_value = (row.get("new_value") or "").strip()
    if not action:
        if new_value:
            raise review.Refused("a new_value without an action: say correct")
        return False
    if action not in review.ACTIONS:
        raise review.Refused(f"action '{action}' is none of {', '.join(review.ACTIONS)}")
    item = review.get(db, doc, key)
    if item is None:
        raise review.Refused("no such document and field in the store")
    if not item.flagged:
        by = f" by {item.reviewed_by}" if item.reviewed_by else ""
        raise review.Refused(f"not waiting for review (settled{by}, or read again without a flag)")
    if (row.get("machine_value") or "").strip() != (item.value or "").strip():
        raise review.Refused("machine_value differs from the store's: the dossier was read again or "
                             "the cell was changed (a spreadsheet drops leading zeros): export the queue again")
    if action == review.CORRECT and not new_value:
        raise review.Refused("correct needs a new_value")
    if action != review.CORRECT and new_value:
        raise review.Refused(f"{action} takes no new_value: use correct to change the value")
    reviewer = (row.get("reviewer") or "").strip() or default_reviewer
    review.decide(db, item, action, reviewer, new_value)
    return True
