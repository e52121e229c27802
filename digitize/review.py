"""QA review of flagged fields, shared by the terminal session, the web page and the CSV round
trip: the queue, what to show beside a field, and the three decisions (accept, correct, absent),
each checked by the same validators as the pipeline and written through store.settle_field.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from natsort import natsorted, ns

from . import doctypes, pageview, store
from .config import Settings
from .extract import NOTES, parse
from .privacy import mask_ids
from .validate import validate_fields

ACCEPT, CORRECT, ABSENT = "accept", "correct", "absent"
ACTIONS = (ACCEPT, CORRECT, ABSENT)
ABSENT_REASON = "absent_on_paper"

# What a refused correction tells the reviewer; other reasons are shown by their name.
EXPLAIN = {
    "date_invalid": "not a real date: type it as dd/mm/yyyy",
    "date_in_future": "a date in the future",
    "date_implausible": "a date before 1900, or more than 25 years ahead",
    "date_before_birth": "a date before the date of birth on this document",
    "id_not_12_digits": "a personal id has 12 digits (an old CMND 9)",
    "id_unknown_place_code": "the first three digits are no province code",
    "id_sex_digit_mismatch": "the id's 4th digit does not match the sex on this document",
    "id_century_mismatch": "the id's 4th digit does not match the century of birth",
    "id_birth_year_mismatch": "the id's 5th-6th digits do not match the year of birth",
    "sex_invalid": "sex is Nam or Nữ",
    "phone_invalid": "a phone number is 10 digits (mobile) or 11 (landline, 02…)",
    "area_invalid": "an area is a positive number (125.5)",
    "dossier_code_invalid": "a dossier code looks like 000.00.18.H56-241115-0001",
    "dossier_code_mismatch": "not the dossier's own code",
    "dossier_code_date_mismatch": "its date is not the received date",
    "appointment_before_received": "the appointment is before the received date",
    "expiry_not_milestone": "a card expires on the 14th, 25th, 40th or 60th birthday",
    "name_marks_suspect": "a family name or a given name with other marks than names have (NGUYÊN for NGUYỄN, CHỊ for CHI): "
                          "type the name with its marks as printed",
    "name_implausible": "does not look like a person's name: type the name as printed, family name first",
    "surname_unknown": "the first word is no Vietnamese family name: type the name as printed",
    "admin_unit_unknown": "a district or commune in no official list, one letter off one of its province's, "
                          "or a district in no list at all: type the unit as printed",
    "admin_unit_misspelled": "a province, district or commune spelt with other marks than its official "
                             "name: type it as printed, with its marks",
    "street_name_repaired": "a common street's name read with other marks ('Trường Chỉnh') put back in its spelling: "
                            "check it against the scan",
    "number_misread": "a number closed by a small letter shaped like a digit ('2g' for '29'): type the number as printed",
    "authority_unit_from_address": "the body's unit or its type was lost under the seal: the district of the "
                                   "parcel's address is put in; check it against the scan",
    "address_word_misread": "a word of the address ('Số', 'Tổ', 'Ngõ', 'phố') read with other marks before its "
                            "number or street: type the address as printed",
    "address_unit_unnamed": "a unit type word ('quận', 'phường') with no name after it: type the address "
                            "as printed, with each unit's name or number",
    "other_persons_row": "this field's own label did not read: the value is the one printed for another "
                         "person of the paper (a parent's): type this person's value as printed",
    "page_illegible": "the page read as junk but for its title or code: type the value from the scan, or have the page rescanned",
    "page_partly_read": "the whole page took too long to read, and only the identity card on it was read: "
                        "check the value, and the page for anything else, against the scan",
    "ethnicity_unknown": "not one of the 54 ethnic groups: type the group as printed (Kinh, Tày, ...)",
    "relationship_unknown": "not a relationship the form uses: type it as printed (Con, Vợ, Chồng, ...)",
    "authority_implausible": "does not look like an issuing body: type its full name (Ủy ban nhân dân ...)",
    "authority_incomplete": "an issuing body's name is cut short: type it whole",
    "authority_type_differs": "the body's unit has a longer type in this paper's address ('thị xã', not 'xã'): "
                              "type it as printed",
    "address_incomplete": "an address ends with its province: type it whole",
    "number_implausible": "does not look like a number as printed: type it as printed (139/2020)",
    "text_garbled": "does not read as words: type the value as printed",
    "value_has_label": "holds a printed label: type the value alone",
    "colon_inside": "a colon between its words (a label's end, or a speck): type the value alone, as printed",
    "value_has_date": "holds a date that belongs to another field: type this field's value alone",
    "date_year_only": "a whole date is needed: type it as dd/mm/yyyy",
}
UNEXPLAINED = "does not pass the check '{}': type the value as printed on the paper"

# How a refused value's kind is named to the reviewer (kinds of doctypes.base).
KIND_NAMES = {"date": "a date (dd/mm/yyyy)", "personal_id": "a personal id (12 digits)", "sex": "Nam or Nữ",
              "area": "an area (125.5)", "phone": "a phone number", "name": "a name", "code": "a code or number",
              "number": "a whole number (digits only)",
              "authority": "an issuing body's name", "text": "text", "address": "an address",
              "relationship": "a relationship (Con, Vợ, Chồng, ...)", "ethnicity": "an ethnic group (Kinh, Tày, ...)",
              "nationality": "a nationality (Việt Nam)", "title": "the form's printed title"}


class Refused(Exception):
    """A decision that cannot be saved as given; the message says why, for the reviewer."""


@dataclass
class Item:
    """One field of one document, with what the reviewer needs to decide on it."""
    document_id: str
    dossier: str
    doc_type: str
    key: str
    value: str | None
    machine_value: str | None
    confidence: float
    reasons: list[str]
    flagged: bool
    page: int | None  # index into the document's pages, 1-based
    bbox: list[int] | None
    raw: str
    reviewed_by: str | None
    reviewed_at: str | None
    doc_pages: list[dict]
    order: tuple

    @classmethod
    def from_row(cls, r: dict) -> Item:
        return cls(r["document_id"], r["dossier"], r["doc_type"], r["key"], r["value"], r["machine_value"],
                   r["confidence"] or 0.0, json.loads(r["reasons"] or "[]"), bool(r["flagged"]), r["page"],
                   json.loads(r["bbox"]) if r["bbox"] else None, r["raw"] or "", r["reviewed_by"],
                   r["reviewed_at"], json.loads(r["doc_pages"] or "[]"), (r["dossier"], r["seq"], r["field_order"]))

    @property
    def machine(self) -> str | None:
        """What the machine read: kept aside once a person settled the field."""
        return self.machine_value if self.reviewed_by else self.value

    @property
    def seen(self) -> dict:
        return {"value": self.value, "reviewed_at": self.reviewed_at}

    @property
    def source(self) -> dict | None:
        """{'file', 'page'} of the scan page the field was read from."""
        if self.page and 0 < self.page <= len(self.doc_pages):
            return self.doc_pages[self.page - 1]
        return None

    @property
    def page_id(self) -> str | None:
        src = self.source
        return f"{src['file']}#{src['page']}" if src else None


def _items(db, **filters) -> list[Item]:
    rows = store.review_fields(db, **filters)
    return natsorted((Item.from_row(r) for r in rows), key=lambda i: i.order, alg=ns.IGNORECASE)


def queue(db, doc_type: str | None = None, dossier: str | None = None) -> list[Item]:
    """Flagged fields waiting for a person, in dossier, document, then field order: a session
    that stopped resumes at the first one still waiting."""
    return _items(db, waiting=True, doc_type=doc_type, dossier=dossier)


def progress(db, doc_type: str | None = None, dossier: str | None = None) -> tuple[int, int]:
    """(settled by a person, settled + still flagged) under the filter."""
    rows = store.review_fields(db, touched=True, doc_type=doc_type, dossier=dossier)
    settled = sum(1 for r in rows if not r["flagged"])
    return settled, len(rows)


def get(db, document_id: str, key: str) -> Item | None:
    found = _items(db, document_id=document_id, key=key)
    return found[0] if found else None


def context(db, item: Item) -> list[Item]:
    """The document's other fields, in their order."""
    return [i for i in _items(db, document_id=item.document_id) if i.key != item.key]


def filter_choices(db) -> tuple[list[str], list[str]]:
    """Document types and dossiers that have something to review or reviewed."""
    rows = store.review_fields(db, touched=True)
    return sorted({r["doc_type"] for r in rows}), natsorted({r["dossier"] for r in rows}, alg=ns.IGNORECASE)


def line_text(db, item: Item) -> str:
    """The OCR text of the line(s) the field was read from, rebuilt from the page's words: the
    words whose centre lies in the field's box name the lines."""
    if not item.page_id or not item.bbox:
        return ""
    page = store.page_row(db, item.page_id)
    words = json.loads(page["words"] or "[]") if page else []
    x0, y0, x1, y1 = item.bbox
    lines = sorted({w[3] for w in words
                    if x0 <= (w[2][0] + w[2][2]) / 2 <= x1 and y0 <= (w[2][1] + w[2][3]) / 2 <= y1})
    return " / ".join(" ".join(w[0] for w in words if w[3] == ln) for ln in lines)


def shown(value: str | None, show_pii: bool) -> str:
    """A value for the screen: personal ids masked unless asked for."""
    if value is None:
        return "(none)"
    return value if show_pii else mask_ids(value)


# --- decisions ------------------------------------------------------------------------------

def label_of(doc_type: str, key: str) -> str:
    """The field's printed Vietnamese label (the form's words), or its key when it has none."""
    dt = doctypes.get(doc_type)
    labels = [lb for spec in (dt.specs(key) if dt else []) for lb in spec.labels]
    return labels[0] if labels else key


def kind_of(doc_type: str, key: str) -> str:
    dt = doctypes.get(doc_type)
    specs = dt.specs(key) if dt else []
    return specs[0].kind if specs else "text"


def display(kind: str, value: str | None) -> str | None:
    """A value as the reviewer reads and types it: dates as dd/mm/yyyy (stored ISO)."""
    if kind == "date" and value and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        y, m, d = value.split("-")
        return f"{d}/{m}/{y}"
    return value


def in_case_of(item: Item, kind: str, typed: str, ctx: list[Item]) -> str:
    """A name typed in lower case takes the document's convention: names printed in capitals
    (as cards and civil-status papers print them) are stored in capitals."""
    if kind != "name" or typed != typed.lower():
        return typed
    names = [i.machine for i in [item, *ctx] if kind_of(i.doc_type, i.key) == "name" and i.machine]
    return typed.upper() if names and all(n == n.upper() for n in names) else typed


def check(db, item: Item, typed: str) -> tuple[str, list[str]]:
    """(the typed value in the record's format, its notes) or Refused. Parsed by the field
    kind's parser and checked by the validators against the document's trusted fields (those
    not flagged): a disagreement with a field still waiting for review proves nothing."""
    kind = kind_of(item.doc_type, item.key)
    ctx = context(db, item)  # the document's other fields, read once
    value = parse(kind, in_case_of(item, kind, typed, ctx))
    if not value:
        raise Refused(f"'{typed}' cannot be read as {KIND_NAMES.get(kind, 'a value')}")
    values = {i.key: i.value for i in ctx if not i.flagged}
    values[item.key] = value
    reasons = validate_fields(item.doc_type, values, dossier_id=item.dossier).get(item.key, [])
    bad = [r for r in reasons if r not in NOTES]
    if bad:
        raise Refused(f"'{display(kind, value)}' refused: "
                      + "; ".join(EXPLAIN.get(r, UNEXPLAINED.format(r)) for r in bad))
    return value, reasons


def decide(db, item: Item, action: str, reviewer: str, typed: str | None = None) -> dict:
    """Save a decision and append it to the trail; returns the event. Refused or store.Conflict."""
    if not reviewer.strip():
        raise Refused("a decision needs a reviewer's name")
    if action == ACCEPT:
        if item.machine is None:
            raise Refused("the machine read no value here: type the value, or mark it absent")
        value, reasons = item.machine, (item.reasons if not item.reviewed_by else [])
    elif action == CORRECT:
        value, reasons = check(db, item, typed or "")
    elif action == ABSENT:
        value, reasons = None, [ABSENT_REASON]
    else:
        raise Refused(f"unknown action '{action}': one of {', '.join(ACTIONS)}")
    try:
        event = store.settle_field(db, item.document_id, item.key, action, value, reasons,
                                   reviewer.strip(), item.seen)
    except store.Conflict as e:
        raise Refused(str(e)) from None
    recheck_pairs(db, item, value)
    remove_crops(db, item)
    return event


def confident(item: Item, settings: Settings) -> bool:
    """The machine was sure of its value: marking it absent asks first."""
    return item.machine is not None and item.confidence >= settings.flag_threshold


def undo_last(db, reviewer: str) -> Item:
    """Take back the reviewer's latest decision that still stands; the field waits again."""
    last = store.last_own_decision(db, reviewer.strip())
    if last is None:
        raise Refused(f"no decision of {reviewer} left to undo")
    try:
        store.undo_field(db, last["document_id"], last["key"], reviewer.strip())
    except store.Conflict as e:
        raise Refused(str(e)) from None
    return get(db, last["document_id"], last["key"])


def recheck_pairs(db, item: Item, value: str | None) -> None:
    """A field flagged `differs_from:OTHER` (or `id_differs_from:OTHER`, `numbers_differ_from:OTHER`)
    was settled: the other side, flagged for differing from this one, is checked again against
    the settled value; if they now agree (an address: in its numbers) its flag goes."""
    from .crosscheck import ID_DIFFERS_FROM, NUMBERS_DIFFER_FROM, _same, numbers_agree

    for reason in item.reasons:
        pair, _, other = reason.partition(":")
        if pair not in ("differs_from", ID_DIFFERS_FROM, NUMBERS_DIFFER_FROM):
            continue
        agree = numbers_agree if pair == NUMBERS_DIFFER_FROM else _same
        here = f"{pair}:{item.document_id}"
        for f in _items(db, document_id=other):
            if here in f.reasons and not f.reviewed_by and kind_of(f.doc_type, f.key) == kind_of(item.doc_type, item.key):
                if value and f.value and agree(value, f.value):
                    left = [r for r in f.reasons if r != here]
                    store.reflag(db, f.document_id, f.key, left, any(r not in NOTES for r in left))


def remove_crops(db, item: Item) -> None:
    """A settled field's crop is an image of personal data nobody needs any more."""
    crop_path(store.db_file(db), item).unlink(missing_ok=True)


def remove_old_crops(db_path: str | Path, max_age_s: float) -> int:
    """Remove every crop older than max_age_s; returns how many."""
    import time

    folder = crops_dir(db_path)
    removed = 0
    for f in folder.glob("*.png") if folder.is_dir() else []:
        if time.time() - f.stat().st_mtime > max_age_s:
            f.unlink(missing_ok=True)
            removed += 1
    return removed


# --- scan crops -----------------------------------------------------------------------------

def crop_png(db, item: Item, settings: Settings, zoom_width: int = 1400) -> tuple[bytes, str]:
    """(PNG of the field's surroundings with its box drawn, warning). pageview.ScanMissing."""
    if not item.page_id or not item.bbox:
        raise pageview.ScanMissing("the machine found no box for this field on the page")
    gray, warning = pageview.page_image(db, item.page_id, settings)
    part, box = pageview.crop(gray, item.bbox)
    return pageview.png(pageview.scaled(pageview.with_box(part, box, thickness=3), zoom_width)), warning


def crops_dir(db_path: str | Path) -> Path:
    """Where the terminal reviewer's crops live: beside the store."""
    return Path(db_path).resolve().parent / "crops"


def crop_path(db_path: str | Path, item: Item) -> Path:
    safe = re.sub(r"[^\w.-]+", "_", f"{item.document_id}__{item.key}")
    return crops_dir(db_path) / f"{safe}.png"


def save_crop(db, db_path: str | Path, item: Item, settings: Settings) -> tuple[Path | None, str]:
    """Write the crop beside the store (0600) for the terminal reviewer: (path, message)."""
    try:
        data, warning = crop_png(db, item, settings)
    except pageview.ScanMissing as e:
        return None, str(e)
    path = crop_path(db_path, item)
    pageview.write_private(path, data)
    return path, warning
