"""The SQLite store: schema and its migrations, the writes of a run, and the queries.

Only the driver process writes, and each dossier is written in one transaction, so a crash
leaves every dossier either fully stored or not at all.
"""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from natsort import natsorted, ns

from .models import Document, PageResult, SourceFile
from .vntext import fold



class StoreError(Exception):
    """The store cannot be opened or written (read-only or full disk, not a database): exit 3."""


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _v1(db: sqlite_utils.Database) -> None:
    db["runs"].create({"id": int, "started": str, "finished": str, "root": str, "host": str, "jobs": int,
                       "status": str, "dossiers": int, "files": int, "pages": int, "documents": int,
                       "flagged": int, "failures": int, "skipped": int, "seconds": float}, pk="id")
    db["dossiers"].create({"id": str, "path": str, "first_seen": str, "updated": str, "run_id": int,
                           "documents": int, "pages": int}, pk="id")
    db["files"].create({"rel": str, "dossier": str, "sha256": str, "size": int, "kind": str, "pages": int,
                        "error": str, "run_id": int, "stored": str}, pk="rel")
    db["pages"].create({"id": str, "dossier": str, "file_rel": str, "page": int, "seq": int,
                        "document_id": str, "width": int, "height": int, "dpi": int, "blur": float,
                        "ink": float, "contrast": float, "skew": float, "rotation": int,
                        "orientation_method": str, "blank": int, "error": str, "seconds": float,
                        "words": str, "codes": str, "text": str, "text_folded": str}, pk="id")
    db["documents"].create({"id": str, "dossier": str, "seq": int, "doc_type": str,
                            "doc_type_confidence": float, "status": str, "error": str, "pages": str,
                            "flags": str, "personal_id": str, "run_id": int, "updated": str}, pk="id")
    db["fields"].create({"document_id": str, "key": str, "value": str, "confidence": float, "flagged": int,
                         "reasons": str, "page": int, "bbox": str, "raw": str, "machine_value": str,
                         "reviewed_by": str, "reviewed_at": str}, pk=("document_id", "key"))
    db["files"].create_index(["sha256"])
    db["files"].create_index(["dossier"])
    db["pages"].create_index(["dossier", "seq"])
    db["documents"].create_index(["dossier"])
    db["documents"].create_index(["doc_type"])
    db["documents"].create_index(["status"])
    db["documents"].create_index(["personal_id"])
    db["fields"].create_index(["key", "value"])  # personal ids and any other value lookup
    db["fields"].create_index(["flagged"])
    db["pages"].enable_fts(["text", "text_folded"], create_triggers=True, tokenize="unicode61")


def _v2(db: sqlite_utils.Database) -> None:
    """The review trail: one row per decision, chained by SHA-256 (digitize/audit.py). The
    triggers stop an UPDATE or DELETE by mistake; the chain is what detects a deliberate one."""
    db.execute("""CREATE TABLE review_events (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, reviewer TEXT NOT NULL, document_id TEXT NOT NULL,
        key TEXT NOT NULL, action TEXT NOT NULL, old_value TEXT, new_value TEXT,
        prev_hash TEXT NOT NULL UNIQUE, hash TEXT NOT NULL UNIQUE)""")  # UNIQUE prev: no fork
    db.execute("CREATE INDEX review_events_document ON review_events (document_id)")
    for op in ("UPDATE", "DELETE"):
        db.execute(f"""CREATE TRIGGER review_events_no_{op.lower()} BEFORE {op} ON review_events
                       BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END""")


def _v3(db: sqlite_utils.Database) -> None:
    """Search and delivery. `documents_fts`: one row per document (rowid = documents.rowid) over
    its field values folded (no marks, đ→d, lower case), kept by the writes below; page text
    already has pages_fts. `outbox`: one row per document version to deliver, with its state."""
    # rowid = documents.rowid, as pages_fts follows pages.rowid: the store is never VACUUMed,
    # which could renumber the rowids of tables keyed by text
    db.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(body, tokenize='unicode61')")
    db.execute("""CREATE TABLE outbox (
        id INTEGER PRIMARY KEY, document_id TEXT NOT NULL, version INTEGER NOT NULL,
        record_sha TEXT NOT NULL, record TEXT NOT NULL, pdf_path TEXT, idempotency_key TEXT NOT NULL,
        flagged INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, created TEXT NOT NULL, sent_at TEXT,
        answer TEXT, target TEXT,
        UNIQUE (document_id, version), UNIQUE (document_id, record_sha))""")
    db.execute("CREATE INDEX outbox_state ON outbox (state, id)")
    reindex_documents(db, [r[0] for r in db.execute("SELECT id FROM documents")])


def _v4(db: sqlite_utils.Database) -> None:
    """Each file's mtime and inode beside its size: an unchanged file is not hashed again."""
    db.execute("ALTER TABLE files ADD COLUMN mtime_ns INTEGER")
    db.execute("ALTER TABLE files ADD COLUMN inode INTEGER")


def _v5(db: sqlite_utils.Database) -> None:
    """The machine's reasons beside its value once a person settles a field: an undo puts both back."""
    db.execute("ALTER TABLE fields ADD COLUMN machine_reasons TEXT")


def _v6(db: sqlite_utils.Database) -> None:
    """What of a page kept in part was not read: re-splitting it must flag its fields again."""
    db.execute("ALTER TABLE pages ADD COLUMN note TEXT")


# Each entry moves the schema one version up; an existing store is migrated, never rebuilt.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3, _v4, _v5, _v6]


def open_store(path: str | Path, create: bool = True) -> sqlite_utils.Database:
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"no store at {path}: run 'digitize run SCANS_ROOT --db {path}' first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not path.exists()
        db = sqlite_utils.Database(sqlite3.connect(str(path), timeout=30))
        if fresh:
            os.chmod(path, 0o600)  # personal data: the owner only
        db.conn.execute("PRAGMA busy_timeout = 30000")
        db.enable_wal()
        db.conn.execute("PRAGMA synchronous = NORMAL")
        db.conn.execute("PRAGMA foreign_keys = ON")
        migrate(db)
        return db
    except sqlite3.DatabaseError as e:
        raise StoreError(f"cannot use the store {path}: {e}") from None
    except OSError as e:
        raise StoreError(f"cannot create the store {path}: {e.strerror}") from None


def db_file(db: sqlite_utils.Database) -> str:
    """The file the store was opened from."""
    return db.execute("PRAGMA database_list").fetchone()[2]


def migrate(db: sqlite_utils.Database) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise StoreError(f"the store has schema version {version}, newer than this digitize "
                         f"({len(MIGRATIONS)}): upgrade digitize")
    for target in range(version, len(MIGRATIONS)):
        with db.atomic():
            MIGRATIONS[target](db)
            db.execute(f"PRAGMA user_version = {target + 1}")


# --- writes -----------------------------------------------------------------------------

def start_run(db, root: str, jobs: int) -> int:
    with db.atomic():
        return db["runs"].insert({"started": now(), "root": root, "host": socket.gethostname(),
                                  "jobs": jobs, "status": "running"}).last_pk


def finish_run(db, run_id: int, status: str, **counts) -> None:
    with db.atomic():
        db["runs"].update(run_id, {"finished": now(), "status": status, **counts})


def close_stale_runs(db) -> None:
    """Runs left 'running' by a process that was killed (SIGKILL, power cut). Only called by a
    run that holds the store's lock, so none of them can still be going."""
    with db.atomic():
        db.execute("UPDATE runs SET status = 'killed' WHERE status = 'running'")


def file_stats(db) -> dict[str, tuple[int, int, int, str]]:
    """rel -> (size, mtime_ns, inode, sha256) of every stored file that was hashed."""
    return {r[0]: tuple(r[1:]) for r in db.execute(
        "SELECT rel, size, mtime_ns, inode, sha256 FROM files WHERE mtime_ns IS NOT NULL AND sha256 != ''")}


def note_file_stats(db, files: list[SourceFile]) -> None:
    """Record the size, mtime and inode of files whose content was found as stored."""
    with db.atomic():
        db.conn.executemany("UPDATE files SET size = ?, mtime_ns = ?, inode = ? WHERE rel = ? AND "
                            "(mtime_ns IS NOT ? OR inode IS NOT ? OR size IS NOT ?)",
                            [(f.size, f.mtime_ns, f.inode, f.rel, f.mtime_ns, f.inode, f.size) for f in files])


def stored_hashes(db, dossier: str) -> dict[str, str]:
    """rel -> sha256 of the files of a dossier already stored."""
    return {r["rel"]: r["sha256"] for r in db["files"].rows_where("dossier = ?", [dossier])}




def load_pages(db, dossier: str, rels: list[str]) -> list[PageResult]:
    """The stored OCR of files that did not change, so a dossier can be re-split without OCR."""
    from .models import Quality, Word

    out = []
    if not rels:
        return out
    marks = ",".join("?" * len(rels))
    for r in db.execute(f"SELECT * FROM pages WHERE dossier = ? AND file_rel IN ({marks}) ORDER BY seq",
                        [dossier, *rels]).fetchall():
        row = dict(zip([d[0] for d in db.execute("SELECT * FROM pages LIMIT 0").description], r))
        q = Quality(width=row["width"], height=row["height"], dpi=row["dpi"], blur=row["blur"], ink=row["ink"],
                    contrast=row["contrast"], skew=row["skew"], rotation=row["rotation"],
                    orientation_method=row["orientation_method"] or "", blank=bool(row["blank"]))
        words = [Word(w[0], w[1], tuple(w[2]), w[3]) for w in json.loads(row["words"] or "[]")]
        out.append(PageResult(dossier, row["file_rel"], row["page"], words, q, row["error"], row["seconds"] or 0,
                              json.loads(row["codes"] or "[]"), note=row["note"]))
    return out


def _page_row(p: PageResult, seq: int, doc_id: str | None) -> dict:
    q = p.quality
    text = p.text
    return {"id": f"{p.file_rel}#{p.page}", "dossier": p.dossier, "file_rel": p.file_rel, "page": p.page,
            "seq": seq, "document_id": doc_id, "width": q.width, "height": q.height, "dpi": q.dpi,
            "blur": round(q.blur, 2), "ink": round(q.ink, 5), "contrast": round(q.contrast, 1),
            "skew": round(q.skew, 2), "rotation": q.rotation, "orientation_method": q.orientation_method,
            "blank": int(q.blank), "error": p.error, "note": p.note, "seconds": round(p.seconds, 3),
            "words": json.dumps([[w.text, w.conf, list(w.bbox), w.line] for w in p.words], ensure_ascii=False),
            "codes": json.dumps(p.codes, ensure_ascii=False), "text": text, "text_folded": fold(text)}


def save_dossier(db, run_id: int, dossier_id: str, path: str, files: list[SourceFile],
                 pages: list[PageResult], documents: list[Document]) -> None:
    """Replace everything stored for one dossier, in one transaction. Values a person has
    reviewed are kept: a re-run never overwrites them."""
    doc_of_page: dict[tuple[str, int], str] = {}
    for i, d in enumerate(documents, 1):
        d_id = f"{dossier_id}/{i}"
        for ref in d.pages:
            doc_of_page[ref] = d_id
    with db.atomic():
        reviewed = {(r["document_id"], r["key"]): r for r in db["fields"].rows_where(
            "reviewed_by IS NOT NULL AND document_id IN (SELECT id FROM documents WHERE dossier = ?)",
            [dossier_id])}
        db.execute("DELETE FROM fields WHERE document_id IN (SELECT id FROM documents WHERE dossier = ?)",
                   [dossier_id])
        db.execute("DELETE FROM documents_fts WHERE rowid IN (SELECT rowid FROM documents WHERE dossier = ?)",
                   [dossier_id])
        db.execute("DELETE FROM documents WHERE dossier = ?", [dossier_id])
        db.execute("DELETE FROM pages WHERE dossier = ?", [dossier_id])
        stamp = now()
        existing = db["dossiers"].get(dossier_id) if db["dossiers"].count_where("id = ?", [dossier_id]) else None
        db["dossiers"].upsert({"id": dossier_id, "path": path, "updated": stamp, "run_id": run_id,
                               "first_seen": existing["first_seen"] if existing else stamp,
                               "documents": len(documents), "pages": len(pages)}, pk="id")
        db["pages"].insert_all([_page_row(p, seq, doc_of_page.get((p.file_rel, p.page)))
                                for seq, p in enumerate(pages)], pk="id")
        # files no longer in the dossier go too: their rows would make it look changed on every run
        db.execute("DELETE FROM files WHERE dossier = ?", [dossier_id])
        for f in files:
            db["files"].upsert({"rel": f.rel, "dossier": dossier_id, "sha256": f.sha256, "size": f.size,
                                "mtime_ns": f.mtime_ns, "inode": f.inode, "kind": f.kind, "pages": f.pages,
                                "error": f.error, "run_id": run_id, "stored": stamp}, pk="rel")
        for i, d in enumerate(documents, 1):
            d_id = f"{dossier_id}/{i}"
            pid = next((f.value for k, f in d.fields.items() if k.endswith("personal_id") and f.value), None)
            db["documents"].insert({"id": d_id, "dossier": dossier_id, "seq": i, "doc_type": d.doc_type,
                                    "doc_type_confidence": d.doc_type_confidence, "status": d.status,
                                    "error": d.error, "flags": json.dumps(d.flags),
                                    "pages": json.dumps([{"file": f, "page": p} for f, p in d.pages],
                                                        ensure_ascii=False),
                                    "personal_id": pid, "run_id": run_id, "updated": stamp}, pk="id")
            rows = []
            for key, fv in d.fields.items():
                row = {"document_id": d_id, "key": key, "value": fv.value, "confidence": fv.confidence,
                       "flagged": int(fv.flagged), "reasons": json.dumps(fv.reasons), "page": fv.page,
                       "bbox": json.dumps(fv.bbox) if fv.bbox else None, "raw": fv.raw,
                       "machine_value": None, "reviewed_by": None, "reviewed_at": None}
                kept = reviewed.get((d_id, key))
                if kept:
                    row.update({k: kept[k] for k in ("value", "flagged", "reasons", "machine_value",
                                                     "machine_reasons", "reviewed_by", "reviewed_at")})
                rows.append(row)
            db["fields"].insert_all(rows, pk=("document_id", "key"))
        reindex_documents(db, [f"{dossier_id}/{i}" for i in range(1, len(documents) + 1)])
        if reviewed:
            refresh_status(db, dossier_id)


def refresh_status(db, dossier_id: str) -> None:
    """A document's status follows its fields: needs_review while any is flagged, reviewed
    once a person settled every flag, ok otherwise."""
    for doc in db["documents"].rows_where("dossier = ?", [dossier_id]):
        if doc["status"] == "failed":
            continue
        flagged = db.execute("SELECT count(*) FROM fields WHERE document_id = ? AND flagged = 1",
                             [doc["id"]]).fetchone()[0]
        reviewed = db.execute("SELECT count(*) FROM fields WHERE document_id = ? AND reviewed_by IS NOT NULL",
                              [doc["id"]]).fetchone()[0]
        type_flag = bool(json.loads(doc["flags"] or "[]"))
        status = "needs_review" if flagged or type_flag else ("reviewed" if reviewed else "ok")
        db["documents"].update(doc["id"], {"status": status})


def search_body(values) -> str:
    """The folded text a document is found by: its field values, one per line."""
    return "\n".join(f for f in (fold(v) for v in values if v) if f)


def reindex_documents(db, document_ids: list[str]) -> None:
    """Rewrite the search rows of these documents from their fields (inside the caller's
    transaction: the index never disagrees with what is stored)."""
    for d_id in document_ids:
        row = db.execute("SELECT rowid FROM documents WHERE id = ?", [d_id]).fetchone()
        if row is None:
            continue
        values = [v for (v,) in db.execute("SELECT value FROM fields WHERE document_id = ? ORDER BY rowid", [d_id])]
        db.execute("DELETE FROM documents_fts WHERE rowid = ?", [row[0]])
        db.execute("INSERT INTO documents_fts (rowid, body) VALUES (?, ?)", [row[0], search_body(values)])


# --- reads ------------------------------------------------------------------------------

def documents(db, dossier: str | None = None, doc_type: str | None = None, status: str | None = None):
    where, args = [], []
    for col, val in (("dossier", dossier), ("doc_type", doc_type), ("status", status)):
        if val:
            where.append(f"{col} = ?")
            args.append(val)
    rows = db["documents"].rows_where(" AND ".join(where) or None, args)
    # dossier then page order: dossier ids in natural order, documents by position
    return natsorted(rows, key=lambda r: (r["dossier"], r["seq"]), alg=ns.IGNORECASE)


@dataclass
class Filters:
    """What `search`, `list` and the exports narrow documents by; dates are ISO YYYY-MM-DD and
    match any of the document's `date_keys` fields."""
    dossier: str | None = None
    doc_type: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    date_keys: tuple[str, ...] = ()

    def sql(self, alias: str = "d") -> tuple[str, list]:
        where, args = [], []
        for col, val in (("dossier", self.dossier), ("doc_type", self.doc_type), ("status", self.status)):
            if val:
                where.append(f"{alias}.{col} = ?")
                args.append(val)
        if (self.date_from or self.date_to) and self.date_keys:
            marks = ",".join("?" * len(self.date_keys))
            where.append(f"{alias}.id IN (SELECT document_id FROM fields WHERE key IN ({marks}) "
                         "AND value BETWEEN ? AND ?)")
            # '9999-12-31' bounds an open end; 'indefinite' (an expiry) sorts after every date
            args += [*self.date_keys, self.date_from or "0000-01-01", self.date_to or "9999-12-31"]
        return " AND ".join(where) or "1", args


_DOC_COLS = "d.rowid AS rowid, d.id, d.dossier, d.seq, d.doc_type, d.status"


def _dicts(cur) -> list[dict]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def find_documents_text(db, phrase: str, filters: Filters, after: int = 0, limit: int = 200) -> list[dict]:
    """Documents whose folded field values hold the FTS5 `phrase`, in rowid order after `after`."""
    where, args = filters.sql()
    return _dicts(db.execute(
        f"SELECT {_DOC_COLS} FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
        f"WHERE documents_fts MATCH ? AND f.rowid > ? AND {where} ORDER BY f.rowid LIMIT ?",
        [phrase, after, *args, limit]))


def find_pages_text(db, phrase: str, filters: Filters, limit: int) -> list[dict]:
    """Pages of documents whose folded page text holds the FTS5 `phrase`, with their text."""
    where, args = filters.sql()
    return _dicts(db.execute(
        f"SELECT {_DOC_COLS}, p.id AS page_id, p.text FROM pages_fts s JOIN pages p ON p.rowid = s.rowid "
        f"JOIN documents d ON d.id = p.document_id WHERE pages_fts MATCH ? AND {where} "
        "ORDER BY s.rowid LIMIT ?", [f"text_folded : {phrase}", *args, limit]))


def find_documents_value(db, value: str, keys: list[str], filters: Filters, limit: int) -> list[dict]:
    """Documents with one of `keys` equal to `value` exactly (the fields (key, value) index)."""
    where, args = filters.sql()
    marks = ",".join("?" * len(keys))
    return _dicts(db.execute(
        f"SELECT {_DOC_COLS}, f.key, f.value FROM fields f JOIN documents d ON d.id = f.document_id "
        f"WHERE f.key IN ({marks}) AND f.value = ? AND {where} ORDER BY d.rowid LIMIT ?",
        [*keys, value, *args, limit]))


def field_values(db, document_ids: list[str]) -> dict[str, list[tuple[str, str | None]]]:
    """document id -> [(key, value)] in stored order."""
    out: dict[str, list[tuple[str, str | None]]] = {d: [] for d in document_ids}
    if document_ids:
        marks = ",".join("?" * len(document_ids))
        for d_id, key, value in db.execute(f"SELECT document_id, key, value FROM fields WHERE document_id "
                                           f"IN ({marks}) ORDER BY rowid", document_ids):
            out[d_id].append((key, value))
    return out


def list_documents(db, filters: Filters, limit: int | None = None) -> list[dict]:
    """Documents with their flagged-field count, dossiers in natural order, documents by position."""
    where, args = filters.sql()
    rows = _dicts(db.execute(
        f"SELECT {_DOC_COLS}, (SELECT count(*) FROM fields f WHERE f.document_id = d.id AND f.flagged = 1) "
        f"AS flagged FROM documents d WHERE {where}", args))
    rows = natsorted(rows, key=lambda r: (r["dossier"], r["seq"]), alg=ns.IGNORECASE)
    return rows[:limit] if limit else rows


def any_document(db, filters: Filters) -> bool:
    """Whether a document matches: one indexed row, not the sorted list."""
    where, args = filters.sql()
    return db.execute(f"SELECT 1 FROM documents d WHERE {where} LIMIT 1", args).fetchone() is not None


def document_dossiers(db) -> list[str]:
    """The dossiers that hold documents, in natural order."""
    return natsorted({r[0] for r in db.execute("SELECT DISTINCT dossier FROM documents")}, alg=ns.IGNORECASE)


DOCUMENT_STATUSES = ("ok", "needs_review", "reviewed", "failed")


def status_counts(db) -> dict[str, dict[str, int]]:
    """doc_type -> status -> number of documents."""
    counts: dict[str, dict[str, int]] = {}
    for dt, st, n in db.execute("SELECT doc_type, status, count(*) FROM documents GROUP BY 1, 2"):
        counts.setdefault(dt, {})[st] = n
    return counts


def flagged_count(db) -> int:
    return db.execute("SELECT count(*) FROM fields WHERE flagged = 1").fetchone()[0]


def last_runs(db, n: int) -> list[dict]:
    return _dicts(db.execute("SELECT id, started, finished, status, dossiers, skipped, files, pages, documents, "
                             "flagged, failures, seconds FROM runs ORDER BY id DESC LIMIT ?", [n]))


def has_dossier(db, dossier: str) -> bool:
    return db.execute("SELECT 1 FROM dossiers WHERE id = ?", [dossier]).fetchone() is not None


def document_row(db, document_id: str) -> dict | None:
    return next(iter(_dicts(db.execute("SELECT * FROM documents WHERE id = ?", [document_id]))), None)


def fields_of(db, document_id: str) -> list[dict]:
    return list(db["fields"].rows_where("document_id = ?", [document_id], order_by="rowid"))




# --- review: QA decisions and their trail ----------------------------------------------------

class Conflict(Exception):
    """The field changed after the reviewer was shown it (another reviewer, a re-run)."""


@contextmanager
def _write_lock(db):
    """BEGIN IMMEDIATE: the trail's head is read and the next event appended under one write
    lock, so a terminal and a web reviewer never chain onto the same event."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    db.conn.execute("COMMIT")


def review_fields(db, *, waiting: bool = False, touched: bool = False, doc_type: str | None = None,
                  dossier: str | None = None, document_id: str | None = None, key: str | None = None) -> list[dict]:
    """Fields joined with their document, for the review queue: `waiting` the flagged ones,
    `touched` those flagged or settled by a person; the rest narrow by equality."""
    where, args = ["d.status != 'failed'"], []
    if waiting:
        where.append("f.flagged = 1")
    if touched:
        where.append("(f.flagged = 1 OR f.reviewed_by IS NOT NULL)")
    for col, val in (("d.doc_type", doc_type), ("d.dossier", dossier), ("f.document_id", document_id),
                     ("f.key", key)):
        if val is not None:
            where.append(f"{col} = ?")
            args.append(val)
    sql = ("SELECT f.*, f.rowid AS field_order, d.dossier, d.seq, d.doc_type, d.pages AS doc_pages, "
           "d.status FROM fields f JOIN documents d ON d.id = f.document_id WHERE " + " AND ".join(where))
    return _dicts(db.execute(sql, args))


def dossier_ids(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM dossiers ORDER BY id")]


def page_row(db, page_id: str) -> dict | None:
    rows = list(db["pages"].rows_where("id = ?", [page_id]))
    return rows[0] if rows else None


def file_row(db, rel: str) -> dict | None:
    """A scan file with the scans root it was read from (runs.root is absolute)."""
    cur = db.execute("SELECT f.*, r.root FROM files f LEFT JOIN runs r ON r.id = f.run_id WHERE f.rel = ?", [rel])
    row = cur.fetchone()
    return dict(zip([c[0] for c in cur.description], row)) if row else None


def settle_field(db, document_id: str, key: str, action: str, value: str | None, reasons: list[str],
                 reviewer: str, seen: dict) -> dict:
    """A person's decision on one field: the field takes the value, unflagged, keeping the
    machine's value; the decision is appended to the trail; the document's status follows.
    `seen` is the field's value and reviewed_at as shown: if either changed since, Conflict."""
    with _write_lock(db):
        rows = list(db["fields"].rows_where("document_id = ? AND key = ?", [document_id, key]))
        if not rows:
            raise Conflict(f"{document_id} has no field {key} any more (the dossier was read again)")
        f = rows[0]
        if (f["value"], f["reviewed_at"]) != (seen.get("value"), seen.get("reviewed_at")):
            who = f" by {f['reviewed_by']}" if f["reviewed_by"] else ""
            raise Conflict(f"{document_id} {key} was changed{who} since it was shown: look again")
        stamp = now()
        first = not f["reviewed_by"]
        db["fields"].update((document_id, key), {
            "value": value, "flagged": 0, "reasons": json.dumps(reasons),
            "machine_value": f["value"] if first else f["machine_value"],
            "machine_reasons": f["reasons"] if first else f["machine_reasons"],
            "reviewed_by": reviewer, "reviewed_at": stamp})
        event = _append_event(db, stamp, reviewer, document_id, key, action, f["value"], value)
        _after_settle(db, document_id, key)
        return event


def _append_event(db, stamp: str, reviewer: str, document_id: str, key: str, action: str,
                  old_value, new_value) -> dict:
    """The next event of the hash chain (inside the caller's write lock)."""
    from .audit import GENESIS, chain_hash

    head = db.execute("SELECT id, hash FROM review_events ORDER BY id DESC LIMIT 1").fetchone()
    event = {"id": head[0] + 1 if head else 1, "at": stamp, "reviewer": reviewer,
             "document_id": document_id, "key": key, "action": action, "old_value": old_value,
             "new_value": new_value, "prev_hash": head[1] if head else GENESIS}
    event["hash"] = chain_hash(event["prev_hash"], event)
    db["review_events"].insert(event)
    return event


def last_own_decision(db, reviewer: str) -> dict | None:
    """The reviewer's latest decision that still stands (the field shows it): what undo takes back."""
    rows = _dicts(db.execute(
        "SELECT e.* FROM review_events e JOIN fields f ON f.document_id = e.document_id AND f.key = e.key "
        "WHERE e.reviewer = ? AND e.action != 'undo' AND f.reviewed_by = ? AND f.reviewed_at = e.at "
        "ORDER BY e.id DESC LIMIT 1", [reviewer, reviewer]))
    return rows[0] if rows else None


def undo_field(db, document_id: str, key: str, reviewer: str) -> dict:
    """Take back the reviewer's own decision on a field: the machine's value and reasons return,
    flagged, and an `undo` event joins the trail. Conflict when the field's last decision is
    not this reviewer's (someone decided after them, or the dossier was read again)."""
    with _write_lock(db):
        rows = list(db["fields"].rows_where("document_id = ? AND key = ?", [document_id, key]))
        if not rows or rows[0]["reviewed_by"] != reviewer:
            raise Conflict(f"{document_id} {key}: its last decision is not yours to undo")
        f = rows[0]
        reasons = f["machine_reasons"] or json.dumps(["review_undone"])
        db["fields"].update((document_id, key), {
            "value": f["machine_value"], "flagged": 1, "reasons": reasons, "machine_value": None,
            "machine_reasons": None, "reviewed_by": None, "reviewed_at": None})
        event = _append_event(db, now(), reviewer, document_id, key, "undo", f["value"], f["machine_value"])
        _after_settle(db, document_id, key)
        return event


def reflag(db, document_id: str, key: str, reasons: list[str], flagged: bool) -> None:
    """New machine reasons for a field no person settled (a pair re-checked after a decision)."""
    with db.atomic():
        db.execute("UPDATE fields SET reasons = ?, flagged = ? WHERE document_id = ? AND key = ? "
                   "AND reviewed_by IS NULL", [json.dumps(reasons), int(flagged), document_id, key])
        refresh_status(db, db["documents"].get(document_id)["dossier"])


def _after_settle(db, document_id: str, key: str) -> None:
    """What follows a field's value (inside the caller's write lock): the document's id
    lookup, its search row, its status."""
    doc = db["documents"].get(document_id)
    if key.endswith("personal_id"):
        pid = db.execute("SELECT value FROM fields WHERE document_id = ? AND key LIKE '%personal_id' "
                         "AND value IS NOT NULL ORDER BY rowid LIMIT 1", [document_id]).fetchone()
        db["documents"].update(document_id, {"personal_id": pid[0] if pid else None})
    reindex_documents(db, [document_id])
    refresh_status(db, doc["dossier"])


def review_events(db, document_id: str | None = None, limit: int | None = None) -> list[dict]:
    """Events in trail order; with a limit, the last `limit` of them."""
    where, args = ("WHERE document_id = ?", [document_id]) if document_id else ("", [])
    tail = f"ORDER BY id DESC LIMIT {int(limit)}" if limit else "ORDER BY id DESC"
    cur = db.execute(f"SELECT * FROM review_events {where} {tail}", args)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in reversed(cur.fetchall())]


# --- the upload outbox --------------------------------------------------------------------------

OUTBOX_STATES = ("pending", "sent", "rejected")


def outbox_has(db, document_id: str, record_sha: str) -> bool:
    """Whether this content of the document is already in the outbox (any state)."""
    return db.execute("SELECT 1 FROM outbox WHERE document_id = ? AND record_sha = ?",
                      [document_id, record_sha]).fetchone() is not None


def outbox_next_version(db, document_id: str) -> int:
    return db.execute("SELECT coalesce(max(version), 0) + 1 FROM outbox WHERE document_id = ?",
                      [document_id]).fetchone()[0]


def outbox_add(db, row: dict) -> None:
    with db.atomic():
        db["outbox"].insert({**row, "state": "pending", "attempts": 0, "created": now()})


def outbox_rows(db, states: tuple[str, ...] = OUTBOX_STATES) -> list[dict]:
    marks = ",".join("?" * len(states))
    return _dicts(db.execute(f"SELECT * FROM outbox WHERE state IN ({marks}) ORDER BY id", list(states)))


def outbox_attempted(db, row_id: int, error: str) -> None:
    """One delivery attempt failed: counted, with its error, the row stays pending."""
    with db.atomic():
        db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", [error, row_id])


def outbox_settled(db, row_id: int, state: str, answer: str, target: str) -> None:
    """The receiver's answer: `sent` (with the time) or `rejected`; the attempt is counted."""
    with db.atomic():
        db.execute("UPDATE outbox SET state = ?, attempts = attempts + 1, answer = ?, target = ?, "
                   "sent_at = CASE WHEN ? = 'sent' THEN ? END, "
                   "last_error = CASE WHEN ? = 'sent' THEN NULL ELSE last_error END WHERE id = ?",
                   [state, answer, target, state, now(), state, row_id])


def trail_head(db) -> dict:
    """The review trail's last hash (GENESIS when empty) and its number of events."""
    from .audit import GENESIS

    row = db.execute("SELECT hash, (SELECT count(*) FROM review_events) FROM review_events "
                     "ORDER BY id DESC LIMIT 1").fetchone()
    return {"hash": row[0], "events": row[1]} if row else {"hash": GENESIS, "events": 0}


def settled_fields(db) -> list[dict]:
    return list(db["fields"].rows_where("reviewed_by IS NOT NULL", order_by="document_id, key"))
