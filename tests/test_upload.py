"""`digitize upload` against a real HTTP server on 127.0.0.1 that fails in every way the README
promises to survive; and killed with SIGKILL mid-way, then run again."""
from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pikepdf
import pytest

from digitize import store

from .conftest import ROOT, digitize
from .receiver import Receiver

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them

TOKEN = "s3cret-upload-token-0472"


def _copy_store(corpus, tmp_path):
    path = tmp_path / "digitize.db"
    src, dst = sqlite3.connect(corpus["db"]), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    return path


def _ready(corpus) -> dict[str, dict]:
    return {r["id"]: r for r in corpus["records"] if r["status"] in ("ok", "reviewed")}


def _check_deliveries(rx: Receiver, expect) -> dict[str, dict]:
    """Every delivery of a key is the same content, the key is its hash, the record is
    `expect(id, version)` (the export's) with its version, the PDF opens with the document's
    pages. {document id: {version: record}} received."""
    got: dict[str, dict] = {}
    for key, deliveries in rx.received.items():
        first = deliveries[0]
        assert all(d == first for d in deliveries), f"key {key} received with different content"
        (rtype, record_bytes), (ptype, pdf) = first["record"], first["pdf"]
        assert (rtype, ptype) == ("application/json", "application/pdf")
        assert hashlib.sha256(record_bytes + pdf).hexdigest() == key
        record = json.loads(record_bytes)
        version = record.pop("version")
        assert record == expect(record["id"], version), record["id"]
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            assert len(doc.pages) == len(record["pages"])
        got.setdefault(record["id"], {})[version] = record
    return got


def test_every_ready_document_arrives_through_errors_retries_and_timeouts(corpus, tmp_path):
    db = _copy_store(corpus, tmp_path)
    ready = _ready(corpus)
    flagged = {r["id"] for r in corpus["records"] if r["status"] == "needs_review"}
    assert len(ready) >= 4 and flagged
    args = ["--db", str(db), "--timeout", "1", "--backoff", "0.05", "--retries", "8"]
    with Receiver(["500", "500", "429", "slow", "drop", "500"]) as rx:
        p = digitize("upload", "--to", rx.url, *args, env={"DIGITIZE_UPLOAD_TOKEN": TOKEN})
        assert p.returncode == 0, p.stdout + p.stderr
        got = _check_deliveries(rx, lambda i, v: ready[i])
        assert set(got) == set(ready)  # every ready document, no flagged one
        assert all(set(v) == {1} for v in got.values())
        assert {e["authorization"] for e in rx.log} == {f"Bearer {TOKEN}"}
        assert [e["action"] for e in rx.log[:6]] == ["500", "500", "429", "slow", "drop", "500"]
        # the answer that timed out was received: the retry carried the same key, and was dropped there
        assert max(len(v) for v in rx.received.values()) == 2
        after_429 = rx.log[3]["at"] - rx.log[2]["at"]
        assert after_429 >= 1.0, f"Retry-After: 1 not honoured ({after_429:.2f} s)"
        # the token is never printed nor stored
        assert TOKEN not in p.stdout + p.stderr
        assert TOKEN.encode() not in db.read_bytes() + b"".join(f.read_bytes() for f in tmp_path.rglob("*") if f.is_file())

        status = digitize("upload", "--status", "--db", str(db), check=True)
        assert f"0 pending, {len(ready)} sent, 0 rejected" in status.stdout

        # nothing new: nothing sent
        n = len(rx.log)
        assert digitize("upload", "--to", rx.url, *args).returncode == 0
        assert len(rx.log) == n

        # a later review is a new version, sent again
        database = store.open_store(db)
        doc = sorted(ready)[0]
        f = next(r for r in store.fields_of(database, doc) if r["value"])
        store.settle_field(database, doc, f["key"], "correct", f["value"] + " X", [], "lan",
                           {"value": f["value"], "reviewed_at": f["reviewed_at"]})
        # ...which the receiver refuses twice, and this run gives up on after 2 attempts: it waits
        rx.plan = ["500", "500"]
        p = digitize("upload", "--to", rx.url, *args[:-1], "2")
        assert p.returncode == 1 and "pending" in p.stdout and "HTTP 500" in p.stdout
        rows = store.outbox_rows(database, ("pending",))
        assert [(r["document_id"], r["version"], r["attempts"]) for r in rows] == [(doc, 2, 2)]
        assert digitize("upload", "--to", rx.url, *args).returncode == 0
        digitize("export", "--out", str(tmp_path / "now.jsonl"), "--db", str(db), check=True)
        now = {r["id"]: r for r in map(json.loads, (tmp_path / "now.jsonl").read_text(encoding="utf-8").splitlines())}
        got = _check_deliveries(rx, lambda i, v: now[i] if (i, v) == (doc, 2) else ready[i])
        assert set(got[doc]) == {1, 2} and got[doc][2]["status"] == "reviewed"
        assert got[doc][2]["fields"][f["key"]]["value"] == f["value"] + " X"

        # flagged documents only on request, marked so; a 4xx is a rejection, with the receiver's words kept
        rx.plan = ["400"]
        p = digitize("upload", "--to", rx.url, "--include-flagged", *args)
        assert p.returncode == 1 and "rejected" in p.stdout and "test rejection" in p.stdout
        rejected = json.loads(sqlite3.connect(db).execute(
            "SELECT record FROM outbox WHERE state = 'rejected'").fetchone()[0])
        flagged_got = [r for r in (json.loads(d[0]["record"][1]) for d in rx.received.values()) if r.get("flagged")]
        assert {r["id"] for r in flagged_got} == flagged - {rejected["id"]}
        for r in flagged_got:
            r.pop("version")
            assert r == {**now[r["id"]], "flagged": True}
        rows = [json.loads(x) for x in digitize("upload", "--status", "--json", "--db", str(db), check=True).stdout.splitlines()]
        no = [r for r in rows if r["state"] == "rejected"]
        assert len(no) == 1 and "test rejection" in no[0]["answer"] and no[0]["flagged"] == 1


def test_killed_mid_way_and_run_again_nothing_is_lost_nor_changed(corpus, tmp_path):
    db = _copy_store(corpus, tmp_path)
    ready = _ready(corpus)
    # the second request is stored by the receiver, then answered late: the upload is killed in between
    with Receiver(["ok", "hold"], slow_s=3.0) as rx:
        cmd = [sys.executable, "-m", "digitize", "upload", "--to", rx.url, "--db", str(db), "--quiet"]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while rx.count() < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert rx.count() == 2, "the upload did not get going"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        assert len(rx.received) == 2
        again = digitize("upload", "--to", rx.url, "--db", str(db))
        assert again.returncode == 0, again.stdout + again.stderr
        got = _check_deliveries(rx, lambda i, v: ready[i])
        assert set(got) == set(ready)
        # the one in flight when killed came again, with the same key and the same bytes
        assert sorted(len(v) for v in rx.received.values())[-1] == 2
        assert len(rx.received) == len(ready)


def test_dry_run_sends_and_stores_nothing_and_a_bad_url_is_a_usage_error(corpus, tmp_path):
    db = _copy_store(corpus, tmp_path)
    p = digitize("upload", "--to", "https://127.0.0.1:9/records", "--dry-run", "--db", str(db))
    assert p.returncode == 0, p.stdout + p.stderr
    assert f"dry run: {len(_ready(corpus))} new document versions" in p.stdout
    assert sqlite3.connect(db).execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    for bad in ("ftp://host/x", "http://", "records.example.gov.vn", "http://host:port/x", "dir:"):
        p = digitize("upload", "--to", bad, "--db", str(db))
        assert p.returncode == 2 and "error" in p.stderr and "Traceback" not in p.stderr, bad
    assert digitize("upload", "--db", str(db)).returncode == 2


def test_a_dir_target_writes_verified_bundles_of_what_is_ready(corpus, tmp_path):
    db = _copy_store(corpus, tmp_path)
    ready = _ready(corpus)
    disk = tmp_path / "usb"
    p = digitize("upload", "--to", f"dir:{disk}", "--db", str(db))
    assert p.returncode == 0, p.stdout + p.stderr
    bundles = sorted(b for b in disk.iterdir() if b.is_dir())
    assert {b.name.rsplit("-", 2)[0] for b in bundles} == {r["dossier"] for r in ready.values()}
    sent = {}
    for b in bundles:
        assert digitize("verify", str(b)).returncode == 0
        for rec in json.loads((b / "records.json").read_text(encoding="utf-8")):
            assert rec.pop("version") == 1 and (b / "pdf" / f"{rec['id'].rsplit('/', 1)[1]}.pdf").is_file()
            sent[rec["id"]] = rec
    assert sent == ready
    assert digitize("upload", "--to", f"dir:{disk}", "--db", str(db)).returncode == 0
    assert sorted(b for b in disk.iterdir() if b.is_dir()) == bundles  # nothing new, nothing written


def test_retry_after_as_seconds_or_a_date():
    from email.utils import format_datetime
    from datetime import datetime, timedelta, timezone

    from digitize.upload import retry_after

    assert retry_after("7") == 7.0 and retry_after(None) is None and retry_after("soon") is None
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    assert 25 < retry_after(later) <= 30
