"""A small corpus read by the real CLI, shared by the review, serve and audit tests (the
session fixture `review_corpus` in conftest.py): each test works on its own copy of the store."""
from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pexpect

from .conftest import ROOT, digitize, read_jsonl

PROMPT = "value> "  # the terminal review's prompt

QUEUE = 4  # the tests settle three flagged fields and leave one for the next session


def build(base: Path) -> dict:
    scans, db = base / "scans", base / "digitize.db"
    digitize("samples", str(scans), "--count", "2", "--seed", "5", "--truth", str(base / "truth.jsonl"), check=True)
    first = digitize("run", str(scans), "--db", str(db), "--jobs", "2", "--quiet")
    assert first.returncode == 0, first.stdout + first.stderr
    _ensure_queue(db)
    return {"base": base, "scans": scans, "db": db, "truth": read_jsonl(base / "truth.jsonl")}


def _ensure_queue(db: Path) -> None:
    """Extraction gets better over time: when it flags fewer fields than the tests settle, flag
    more (ones with a value), as a low confidence would, so the tests keep their queue."""
    with sqlite3.connect(db) as conn:
        have = conn.execute("SELECT count(*) FROM fields WHERE flagged = 1").fetchone()[0]
        extra = conn.execute("SELECT f.document_id, f.key FROM fields f JOIN documents d ON d.id = f.document_id "
                             "WHERE f.flagged = 0 AND f.value IS NOT NULL AND d.status != 'failed' "
                             "ORDER BY f.rowid LIMIT ?", [max(0, QUEUE - have)]).fetchall()
        for doc, key in extra:
            conn.execute("UPDATE fields SET flagged = 1, reasons = '[\"low_confidence\"]' "
                         "WHERE document_id = ? AND key = ?", [doc, key])
            conn.execute("UPDATE documents SET status = 'needs_review' WHERE id = ?", [doc])


def copy_store(corpus: dict, tmp_path: Path) -> Path:
    """The corpus store copied with SQLite's backup (the WAL included)."""
    dst = tmp_path / "digitize.db"
    with sqlite3.connect(corpus["db"]) as src, sqlite3.connect(dst) as out:
        src.backup(out)
    dst.chmod(0o600)
    return dst


def truth_of(corpus: dict, pages: list[dict], key: str) -> str | None:
    """The ground-truth value of a field of the document printed on these pages."""
    for rec in corpus["truth"]:
        if rec["pages"] == pages:
            return rec["fields"].get(key)
    return None


def field_row(db: Path, document: str, key: str) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM fields WHERE document_id = ? AND key = ?", [document, key]).fetchone())


def events(db: Path) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM review_events ORDER BY id")]


def doc_pages(db: Path, document: str) -> list[dict]:
    with sqlite3.connect(db) as conn:
        return json.loads(conn.execute("SELECT pages FROM documents WHERE id = ?", [document]).fetchone()[0])


def spawn(db, *args):
    """`digitize review` in a pseudo-terminal, as a reviewer runs it."""
    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "200"}
    return pexpect.spawn(sys.executable, ["-m", "digitize", "review", "--db", str(db), *args], cwd=str(ROOT),
                         env=env, encoding="utf-8", timeout=60, dimensions=(60, 200))
