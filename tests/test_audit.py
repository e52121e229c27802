"""The review trail: append-only in SQLite, and an edit that gets past that is caught by
`digitize audit verify` naming the first bad event."""
from __future__ import annotations

import csv
import sqlite3

import pytest

from .conftest import digitize
from .review_corpus import copy_store, events

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them


@pytest.fixture
def trail(review_corpus, tmp_path):
    """A store with three decisions taken through the real CLI (the spreadsheet round trip)."""
    db = copy_store(review_corpus, tmp_path)
    queue = tmp_path / "queue.csv"
    digitize("review", "--db", str(db), "--export-queue", str(queue), check=True)
    rows = [r for r in csv.DictReader(queue.open(encoding="utf-8-sig")) if r["machine_value"]][:3]
    for r, action in zip(rows, ("accept", "absent", "accept")):
        r.update(action=action, reviewer="lan")
    with queue.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    digitize("review", "--db", str(db), "--apply", str(queue), check=True)
    assert len(events(db)) == 3
    return db


def verify(db):
    return digitize("audit", "verify", "--db", str(db))


def test_intact_trail_verifies_and_lists(trail):
    p = verify(trail)
    assert p.returncode == 0 and "trail intact: 3 events" in p.stdout, p.stdout + p.stderr
    first = events(trail)[0]
    log = digitize("audit", "log", "--db", str(trail), "--document", first["document_id"], check=True)
    assert "lan" in log.stdout and first["key"][:6] in log.stdout
    last = digitize("audit", "log", "--db", str(trail), "--limit", "1", check=True)
    assert "│ 3 " in last.stdout and "│ 1 " not in last.stdout


def test_sqlite_refuses_update_and_delete(trail):
    with sqlite3.connect(trail) as conn:
        for sql in ("UPDATE review_events SET reviewer = 'x' WHERE id = 1", "DELETE FROM review_events WHERE id = 3"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(sql)
    assert verify(trail).returncode == 0


def test_an_edited_event_is_named(trail):
    with sqlite3.connect(trail) as conn:
        conn.execute("DROP TRIGGER review_events_no_update")
        conn.execute("UPDATE review_events SET reviewer = 'someone else' WHERE id = 2")
    p = verify(trail)
    assert p.returncode == 5, p.stdout + p.stderr
    assert "trail broken at event 2" in p.stderr and "edited" in p.stderr


def test_a_removed_event_is_named(trail):
    with sqlite3.connect(trail) as conn:
        conn.execute("DROP TRIGGER review_events_no_delete")
        conn.execute("DELETE FROM review_events WHERE id = 2")
    p = verify(trail)
    assert p.returncode == 5 and "trail broken at event 3" in p.stderr, p.stdout + p.stderr


def test_a_reviewed_value_changed_behind_the_trail(trail):
    last = events(trail)[-1]
    with sqlite3.connect(trail) as conn:
        conn.execute("UPDATE fields SET value = 'forged' WHERE document_id = ? AND key = ?",
                     [last["document_id"], last["key"]])
    p = verify(trail)
    assert p.returncode == 6 and last["key"] in p.stderr and f"event {last['id']}" in p.stderr, p.stderr
