"""Review as a reviewer's day goes: undoing one's own decision (in a later session too), a
confident value not marked absent by a slip, corrections in the document's case, refusals in
words, a differs_from pair re-checked, crops removed, and spreadsheets as Excel saves them.
The real command (in a pseudo-terminal, or with --apply) over a copy of a real store."""
from __future__ import annotations

import csv
import json
import os
import sqlite3
import time

import pexpect
import pytest

from digitize import review, store

from .conftest import digitize
from .review_corpus import PROMPT, copy_store, spawn, events, field_row

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them




def crop_of(screen: str) -> str:
    return next(ln.split(None, 1)[1].strip() for ln in screen.splitlines() if ln.startswith("crop"))


def end(child) -> None:
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_undo_of_ones_own_decision_from_an_earlier_session(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    first = review.queue(store.open_store(db))[0]
    old_crop = tmp_path / "crops" / "old.png"
    child = spawn(db, "--reviewer", "qa1")
    child.expect(PROMPT)
    crop = crop_of(child.before)
    assert os.path.isfile(crop)
    child.sendline("" if first.value is not None else "-")
    if first.value is None or first.confidence >= 0.80:
        child.expect(r"absent|accepted")
    child.expect(PROMPT)
    assert not os.path.exists(crop)  # settled: its image of personal data is gone
    end(child)
    assert field_row(db, first.document_id, first.key)["reviewed_by"] == "qa1"

    # another reviewer cannot undo it; its own reviewer can, in a new session
    other = spawn(db, "--reviewer", "qa2")
    other.expect(PROMPT)
    other.sendline("u")
    other.expect("no decision of qa2 left to undo")
    end(other)
    old_crop.write_bytes(b"x")
    os.utime(old_crop, (time.time() - 2 * 86400,) * 2)
    again = spawn(db, "--reviewer", "qa1")
    again.expect(PROMPT)
    assert not old_crop.exists()  # older than crop_max_hours: removed when a session starts
    again.sendline("u")
    again.expect("undone")
    again.expect(PROMPT)
    assert f"field    {first.key}" in again.before and first.document_id in again.before
    end(again)
    row = field_row(db, first.document_id, first.key)
    assert row["reviewed_by"] is None and row["flagged"] == 1 and row["value"] == first.value
    assert json.loads(row["reasons"]) == first.reasons
    trail = events(db)
    assert [e["action"] for e in trail][-1] == "undo" and trail[-1]["reviewer"] == "qa1"
    assert trail[-1]["new_value"] == first.value
    verify = digitize("audit", "verify", "--db", str(db))
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_confident_value_is_not_marked_absent_without_asking(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    first = next(i for i in review.queue(store.open_store(db)) if i.value)
    with sqlite3.connect(db) as conn:  # the machine was sure of it (a flag for another reason)
        conn.execute("UPDATE fields SET confidence = 0.97 WHERE document_id = ? AND key = ?",
                     [first.document_id, first.key])
    child = spawn(db, "--reviewer", "qa1")
    child.expect(PROMPT)
    child.sendline("-")
    child.expect("confidence 0.97: is it really absent on the paper")
    child.sendline("n")
    child.expect(PROMPT)
    assert field_row(db, first.document_id, first.key)["reviewed_by"] is None
    child.sendline("-")
    child.expect("really absent")
    child.sendline("y")
    child.expect("absent")
    child.expect(PROMPT)
    end(child)
    row = field_row(db, first.document_id, first.key)
    assert row["value"] is None and row["reviewed_by"] == "qa1"


def _apply(db, tmp_path, rows, *, encoding="utf-8-sig", delimiter=","):
    path = tmp_path / "q.csv"
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["document", "field", "machine_value", "action", "new_value", "reviewer"],
                           delimiter=delimiter)
        w.writeheader()
        w.writerows(rows)
    return digitize("review", "--db", str(db), "--apply", str(path))


def _name_field(db):
    """A name field of a document printed in capitals, flagged for review."""
    database = store.open_store(db)
    for item in review.queue(database):
        if review.kind_of(item.doc_type, item.key) == "name" and item.value and item.value == item.value.upper():
            return item
    with sqlite3.connect(db) as conn:
        doc, key, value = conn.execute(
            "SELECT f.document_id, f.key, f.value FROM fields f JOIN documents d ON d.id = f.document_id "
            "WHERE f.key = 'full_name' AND f.value = upper(f.value) AND f.value IS NOT NULL LIMIT 1").fetchone()
        conn.execute("UPDATE fields SET flagged = 1, reasons = '[\"low_confidence\"]' WHERE document_id = ? AND key = ?",
                     [doc, key])
    return review.get(store.open_store(db), doc, key)


def test_a_correction_typed_in_lower_case_keeps_the_documents_capitals(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    item = _name_field(db)
    p = _apply(db, tmp_path, [{"document": item.document_id, "field": item.key, "machine_value": item.value,
                               "action": "correct", "new_value": "trần thị bích ngọc", "reviewer": "lan"}],
               encoding="utf-16", delimiter=";")  # as Excel saves 'Unicode Text' in Vietnamese settings
    assert p.returncode == 0, p.stdout + p.stderr
    assert field_row(db, item.document_id, item.key)["value"] == "TRẦN THỊ BÍCH NGỌC"


def test_refusals_are_explained_in_words(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    item = _name_field(db)
    p = _apply(db, tmp_path, [{"document": item.document_id, "field": item.key, "machine_value": item.value,
                               "action": "correct", "new_value": "NGUYÊN VĂN AN", "reviewer": "lan"}],
               delimiter=";")
    assert p.returncode == 1
    assert "other marks than names have" in p.stdout and "type the name with its marks" in p.stdout
    assert "name_marks_suspect" not in p.stdout


def test_a_spreadsheet_in_a_local_code_page_is_refused_saying_why(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    path = tmp_path / "q.csv"
    path.write_bytes("document;field;machine_value;action;new_value\nx;y;Đông;accept;\n".encode("cp1258"))
    p = digitize("review", "--db", str(db), "--apply", str(path))
    assert p.returncode == 2
    assert "not UTF-8 or UTF-16" in p.stderr and "CSV UTF-8" in p.stderr


def test_correcting_one_side_of_a_differing_pair_rechecks_the_other(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    with sqlite3.connect(db) as conn:  # two documents of a dossier naming one person differently
        (a, va), (b, vb) = conn.execute(
            "SELECT document_id, value FROM fields WHERE key = 'full_name' AND value IS NOT NULL "
            "AND document_id LIKE (SELECT dossier FROM documents d JOIN fields f ON f.document_id = d.id "
            "WHERE f.key = 'full_name' AND f.value IS NOT NULL GROUP BY dossier HAVING count(*) >= 2 LIMIT 1) || '/%' "
            "ORDER BY rowid LIMIT 2").fetchall()
        conn.execute("UPDATE fields SET value = ?, flagged = 1, reasons = ? WHERE document_id = ? AND key = 'full_name'",
                     [vb + " X", json.dumps([f"differs_from:{b}"]), a])
        conn.execute("UPDATE fields SET flagged = 1, reasons = ? WHERE document_id = ? AND key = 'full_name'",
                     [json.dumps([f"differs_from:{a}"]), b])
    p = _apply(db, tmp_path, [{"document": a, "field": "full_name", "machine_value": vb + " X",
                               "action": "correct", "new_value": vb, "reviewer": "lan"}])
    assert p.returncode == 0, p.stdout + p.stderr
    other = field_row(db, b, "full_name")
    assert other["flagged"] == 0 and json.loads(other["reasons"]) == [] and other["reviewed_by"] is None


def test_correcting_one_home_whose_numbers_differ_rechecks_the_other_by_its_numbers(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    with sqlite3.connect(db) as conn:  # one person's home on two papers, in two styles
        a, b = [r[0] for r in conn.execute(
            "SELECT document_id FROM fields WHERE key IN ('place_of_residence', 'applicant_address') "
            "ORDER BY rowid LIMIT 2").fetchall()]
        homes = {a: "Số 41, Ngõ 58, Phường Cái Khế, Quận Ninh Kiều, Thành phố Cần Thơ",
                 b: "Số 41, Ngõ 56, P. Cái Khế, Q. Ninh Kiều, TP. Cần Thơ"}
        for doc, other in ((a, b), (b, a)):
            conn.execute("UPDATE fields SET value = ?, flagged = 1, reasons = ? WHERE document_id = ? "
                         "AND key IN ('place_of_residence', 'applicant_address')",
                         [homes[doc], json.dumps([f"numbers_differ_from:{other}"]), doc])
        key_a = conn.execute("SELECT key FROM fields WHERE document_id = ? AND key IN ('place_of_residence', "
                             "'applicant_address')", [a]).fetchone()[0]
        key_b = conn.execute("SELECT key FROM fields WHERE document_id = ? AND key IN ('place_of_residence', "
                             "'applicant_address')", [b]).fetchone()[0]
    settled = "Số 41, Ngõ 56, Phường Cái Khế, Quận Ninh Kiều, Thành phố Cần Thơ"
    p = _apply(db, tmp_path, [{"document": a, "field": key_a, "machine_value": homes[a],
                               "action": "correct", "new_value": settled, "reviewer": "lan"}])
    assert p.returncode == 0, p.stdout + p.stderr
    other = field_row(db, b, key_b)  # its numbers now agree, its style differs: its flag goes
    assert other["flagged"] == 0 and json.loads(other["reasons"]) == [] and other["reviewed_by"] is None
