"""`digitize review` as a QA reviewer meets it: the real command in a pseudo-terminal, then the
store, the export and the trail; and a re-run that must not undo a person's decision."""
from __future__ import annotations

import csv
import os
import re
import shutil
import sqlite3
import subprocess
import sys

import pexpect
import pytest

from digitize import review, store
from digitize.extract import parse

from .conftest import ROOT, digitize, read_jsonl
from .review_corpus import PROMPT, copy_store, spawn, doc_pages, events, field_row, truth_of

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them




def plan(corpus, items):
    """Which of the first three flagged fields to accept, correct (with the value printed on
    the paper) and mark absent: (decision, item, typed) in queue order."""
    first = items[:3]
    truths = [truth_of(corpus, i.doc_pages, i.key) for i in first]
    correct = next(n for n, t in enumerate(truths) if t)
    accept = next(n for n, i in enumerate(first) if n != correct and i.value is not None)
    decisions = {correct: ("correct", truths[correct]), accept: ("accept", "")}
    absent = ({0, 1, 2} - set(decisions)).pop()
    decisions[absent] = ("absent", "-")
    return [(decisions[n][0], first[n], decisions[n][1]) for n in range(3)]


def test_terminal_session_accept_correct_absent_quit_resume(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    items = review.queue(store.open_store(db))
    assert len(items) >= 4
    steps = plan(review_corpus, items)

    child = spawn(db, "--reviewer", "qa1")
    child.expect(PROMPT)
    screen = child.before
    first = items[0]
    for shown in (first.document_id, first.dossier, first.key, f"confidence {first.confidence:.2f}",
                  "OCR line", "other fields", "crop"):
        assert shown in screen, shown
    # the value being edited is shown as it is (a date as it is typed, dd/mm/yyyy)
    assert review.display(review.kind_of(first.doc_type, first.key), first.value) in screen
    # personal ids elsewhere on the screen (other fields, the OCR line) are masked
    assert not re.search(r"(?<!\d)\d{12}(?!\d)", "\n".join(
        ln for ln in screen.splitlines() if not ln.startswith("machine")))
    crop = next(ln.split(None, 1)[1].strip() for ln in screen.splitlines() if ln.startswith("crop"))
    assert os.path.isfile(crop) and (os.stat(crop).st_mode & 0o777) == 0o600
    assert (os.stat(os.path.dirname(crop)).st_mode & 0o777) == 0o700

    for n, (action, item, typed) in enumerate(steps):
        if n:
            child.expect(PROMPT)
            assert item.key in child.before and item.document_id in child.before
        if action == "accept":
            child.sendline("")
            child.expect("accepted")
        elif action == "correct":
            child.sendline("...")  # no kind reads this: refused, asked again
            child.expect("cannot be read as")
            child.expect(PROMPT)
            child.sendline(typed)
            child.expect("saved")
        else:
            child.sendline("-")
            if item.confidence >= 0.80:  # the machine was sure: asked first
                child.expect("is it really absent on the paper")
                child.sendline("y")
            child.expect("absent")
        if n == 1:  # from the next field back to this one: shown as settled, Enter keeps it
            child.expect(PROMPT)
            child.sendline("<")
            child.expect(PROMPT)
            assert "settled by qa1" in child.before and f"field    {item.key}" in child.before, child.before
            child.sendline("")
    child.expect(PROMPT)
    child.sendline("q")
    child.expect("stopped")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    # the next session starts at the first field still waiting
    again = spawn(db, "--reviewer", "qa1")
    again.expect(PROMPT)
    assert items[3].key in again.before and items[3].document_id in again.before
    assert "settled 3 of" in again.before
    again.sendline("q")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0

    # the store: value, flag, the machine's value and who settled it
    for action, item, typed in steps:
        row = field_row(db, item.document_id, item.key)
        assert row["flagged"] == 0 and row["reviewed_by"] == "qa1" and row["reviewed_at"]
        assert row["machine_value"] == item.value
        expected = {"accept": item.value, "absent": None,
                    "correct": parse(review.kind_of(item.doc_type, item.key), typed)}[action]
        assert row["value"] == expected, action

    # the export carries machine_value and reviewed_by; settled documents are `reviewed`
    out = tmp_path / "records.jsonl"
    digitize("export", "--format", "jsonl", "--out", str(out), "--db", str(db), check=True)
    records = {(r["dossier"], tuple(p["file"] + str(p["page"]) for p in r["pages"])): r for r in read_jsonl(out)}
    for action, item, _ in steps:
        rec = records[(item.dossier, tuple(p["file"] + str(p["page"]) for p in item.doc_pages))]
        f = rec["fields"][item.key]
        assert f["reviewed_by"] == "qa1" and f["machine_value"] == item.value and f["flagged"] is False
        waiting = [i for i in items[3:] if i.document_id == item.document_id]
        assert rec["status"] == ("needs_review" if waiting else "reviewed")

    # the trail: one event per decision, in order, chained
    trail = events(db)
    assert [(e["action"], e["document_id"], e["key"], e["reviewer"]) for e in trail] == \
        [(a, i.document_id, i.key, "qa1") for a, i, _ in steps]
    assert trail[0]["old_value"] == steps[0][1].value
    assert all(e["prev_hash"] == p["hash"] for p, e in zip(trail, trail[1:]))
    verify = digitize("audit", "verify", "--db", str(db))
    assert verify.returncode == 0 and "3 events" in verify.stdout, verify.stdout + verify.stderr


def test_spreadsheet_round_trip_refuses_bad_rows_and_changes_nothing_for_them(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    queue_csv = tmp_path / "queue.csv"
    p = digitize("review", "--db", str(db), "--export-queue", str(queue_csv), check=True)
    assert "flagged fields written" in p.stdout
    assert (queue_csv.stat().st_mode & 0o777) == 0o600
    rows = list(csv.DictReader(queue_csv.open(encoding="utf-8-sig")))
    assert len(rows) >= 4
    for col in ("document", "field", "machine_value", "confidence", "reasons", "action", "new_value", "reviewer"):
        assert col in rows[0]
    good = next(r for r in rows if r["machine_value"])
    others = [r for r in rows if r is not good]
    filled = [
        {**good, "action": "accept", "reviewer": "lan"},                       # applied
        {**others[0], "action": "correct", "new_value": "..."},                # refused: unreadable
        {**others[1], "action": "delete"},                                     # refused: no such action
        {**others[2], "action": "accept", "machine_value": "stale"},           # refused: changed since
        {**good, "action": "absent"},                                          # refused: already settled
    ]
    with queue_csv.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(filled)
    before = {(r["document"], r["field"]): field_row(db, r["document"], r["field"]) for r in others[:3]}
    p = digitize("review", "--db", str(db), "--apply", str(queue_csv))
    assert p.returncode == 1, p.stdout + p.stderr
    assert "1 rows applied" in p.stdout and "4 refused" in p.stdout
    report = {int(m[1]): m[2] for m in re.finditer(r"line (\d+): \S+ \S+: (.*)", p.stdout)}
    assert "cannot be read as" in report[3] and "delete" in report[4]
    assert "machine_value differs" in report[5] and "not waiting for review" in report[6]
    for (doc, key), row in before.items():
        assert field_row(db, doc, key) == row
    settled = field_row(db, good["document"], good["field"])
    assert settled["reviewed_by"] == "lan" and settled["value"] == good["machine_value"]
    assert [e["action"] for e in events(db)] == ["accept"]
    assert digitize("review", "--db", str(db), "--apply", str(tmp_path / "none.csv")).returncode == 2


def test_a_rerun_keeps_the_reviewed_value(review_corpus, tmp_path):
    scans = tmp_path / "scans"
    shutil.copytree(review_corpus["scans"], scans)
    db = copy_store(review_corpus, tmp_path)
    item = review.queue(store.open_store(db))[0]
    queue_csv = tmp_path / "queue.csv"
    digitize("review", "--db", str(db), "--export-queue", str(queue_csv), check=True)
    row = next(r for r in csv.DictReader(queue_csv.open(encoding="utf-8-sig"))
               if (r["document"], r["field"]) == (item.document_id, item.key))
    typed = truth_of(review_corpus, item.doc_pages, item.key) or item.value
    row.update(action="correct", new_value=typed, reviewer="lan")
    with queue_csv.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(row))
        w.writeheader()
        w.writerow(row)
    digitize("review", "--db", str(db), "--apply", str(queue_csv), check=True)
    reviewed = field_row(db, item.document_id, item.key)

    # the scan changes (bytes after the end of the image or PDF): the dossier is read again
    scan = scans / doc_pages(db, item.document_id)[(item.page or 1) - 1]["file"]
    with scan.open("ab") as fh:
        fh.write(b"\n")
    p = digitize("run", str(scans), "--db", str(db), "--jobs", "2", "--quiet")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "1 unchanged" in p.stdout and f"dossier {item.dossier}:" in p.stderr
    with sqlite3.connect(db) as conn:
        rel = doc_pages(db, item.document_id)[0]["file"]
        assert conn.execute("SELECT run_id FROM files WHERE rel = ?", [rel]).fetchone()[0] == 2
    after = field_row(db, item.document_id, item.key)
    for col in ("value", "flagged", "machine_value", "reviewed_by", "reviewed_at"):
        assert after[col] == reviewed[col], col
    out = tmp_path / "records.jsonl"
    digitize("export", "--format", "jsonl", "--out", str(out), "--db", str(db), "--dossier", item.dossier,
             check=True)
    fields = [r["fields"][item.key] for r in read_jsonl(out) if item.key in r["fields"]
              and r["pages"] == item.doc_pages]
    assert fields and fields[0]["value"] == reviewed["value"] and fields[0]["reviewed_by"] == "lan"
    assert digitize("audit", "verify", "--db", str(db)).returncode == 0


def test_only_the_value_being_edited_shows_a_personal_id(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    with sqlite3.connect(db) as conn:  # a flagged personal id, whatever extraction flagged
        doc, key, pid = conn.execute("SELECT document_id, key, value FROM fields WHERE key LIKE '%personal_id' "
                                     "AND length(value) = 12 ORDER BY rowid LIMIT 1").fetchone()
        conn.execute("UPDATE fields SET flagged = 1 WHERE document_id = ? AND key = ?", [doc, key])
    dossier = doc.rsplit("/", 1)[0]
    p = subprocess.run([sys.executable, "-m", "digitize", "review", "--db", str(db), "--dossier", dossier],
                       input=">\n" * 20 + "q\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    screen = p.stdout.split(f"field    {key}", 1)[1].split("other fields", 1)[0]
    assert f"machine  {pid}" in screen
    assert pid not in p.stdout.replace(f"machine  {pid}", "")
