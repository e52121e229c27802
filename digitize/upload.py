"""Delivering ready documents to the provincial system, remembering what was sent.

Two steps, each safe to kill at any moment:
1. `enqueue`: every ready document (status ok or reviewed) whose current record is not yet in
   the outbox gets a new version there: its record (with `id` and `version`) in the row, its PDF
   written beside the store (`<db>.outbox/`) before the row commits, and the Idempotency-Key,
   SHA-256 of the two. A later review changes the record, so it becomes the next version.
2. `deliver`: each pending row is POSTed (README, "Upload"), with retries; a 2xx marks it sent,
   another 4xx rejected. A row is marked only after the answer: killed in between, it is sent
   again with the same bytes and the same key, and the receiver drops the repeat.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import tenacity

from . import __version__, bundle, export, pdfexport, store

READY = ("ok", "reviewed")
FLAGGED = ("needs_review",)  # sent only with --include-flagged, marked `"flagged": true`; failed never
TIMEOUT_S = 30.0  # one request, connect to answer
ATTEMPTS = 5  # per document and run; then it stays pending for the next run
BACKOFF_S = 1.0  # first wait between attempts, doubled each time, with jitter
BACKOFF_MAX_S = 60.0
RETRY_AFTER_MAX_S = 300.0  # a Retry-After longer than this is cut to it
ANSWER_MAX_CHARS = 2000  # of the receiver's answer kept in the outbox


class BadTarget(ValueError):
    """--to is not an http(s) URL, nor dir:PATH / file:PATH (exit 2)."""


@dataclass
class Target:
    kind: str  # "http" or "dir"
    where: str  # the URL, or the folder the bundles go to

    def __str__(self) -> str:  # what the outbox records: the URL without credentials or query
        if self.kind == "dir":
            return f"dir:{self.where}"
        u = urlsplit(self.where)
        return f"{u.scheme}://{u.hostname}{f':{u.port}' if u.port else ''}{u.path}"


def parse_target(text: str) -> Target:
    if text.startswith(("dir:", "file:")):
        path = text.split(":", 1)[1]
        if path.startswith("//"):  # file:///srv/x
            path = urlsplit(text).path
        if not path:
            raise BadTarget(f"'{text}' names no folder: dir:/media/usb/digitize")
        return Target("dir", path)
    u = urlsplit(text)
    if u.scheme not in ("http", "https") or not u.hostname:
        raise BadTarget(f"'{text}' is not an http(s) URL (https://host/path) nor dir:FOLDER")
    try:
        u.port  # noqa: B018  (raises on a port that is no number)
    except ValueError:
        raise BadTarget(f"'{text}' has a port that is no number") from None
    return Target("http", text)


def token_in_clear(target: Target, token: str | None) -> bool:
    """A token about to travel unencrypted (plain http to another machine)."""
    host = urlsplit(target.where).hostname or ""
    return bool(token) and target.kind == "http" and target.where.startswith("http:") and \
        host not in ("localhost", "::1") and not host.startswith("127.")


def spool_dir(db_path: str | Path) -> Path:
    return Path(f"{db_path}.outbox")


# --- 1. enqueue ---------------------------------------------------------------------------------

@dataclass
class Candidate:
    document_id: str
    flagged: bool
    record: dict  # the export record, with "flagged": true when sent before its review
    record_sha: str  # of its canonical form: what the outbox knows it by


def candidates(db, where: store.Filters, include_flagged: bool) -> list[Candidate]:
    """Documents whose current record is not in the outbox yet."""
    statuses = READY + (FLAGGED if include_flagged else ())
    out = []
    by_dossier: dict[str, dict[str, dict]] = {}
    for row in store.list_documents(db, where):
        if row["status"] not in statuses:
            continue
        recs = by_dossier.setdefault(row["dossier"], {r["id"]: r for r in export.records(db, dossier=row["dossier"])})
        rec = recs[row["id"]]
        flagged = row["status"] in FLAGGED
        if flagged:
            rec = {**rec, "flagged": True}
        sha = _sha(_canonical(rec))
        if not store.outbox_has(db, row["id"], sha):
            out.append(Candidate(row["id"], flagged, rec, sha))
    return out


def _canonical(rec: dict) -> bytes:
    return json.dumps(rec, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def idempotency_key(record_json: bytes, pdf: bytes) -> str:
    """What the receiver deduplicates on: the same document version always carries the same."""
    return hashlib.sha256(record_json + pdf).hexdigest()


def _write_durably(path: Path, data: bytes) -> None:
    """Written, flushed to disk and renamed into place: the row that names it commits after."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def enqueue(db, spool: Path, cands: list[Candidate],
            progress: Callable[[str], None] = lambda _d: None) -> list[tuple[str, str]]:
    """A new outbox version for each candidate; [(document, why not)] for those without a PDF."""
    failed = []
    for c in cands:
        try:
            pdf = pdfexport.document_pdf(db, c.document_id).data
        except pdfexport.PdfError as e:
            failed.append((c.document_id, str(e)))
            progress(c.document_id)
            continue
        version = store.outbox_next_version(db, c.document_id)
        record_json = json.dumps({**c.record, "version": version}, ensure_ascii=False).encode("utf-8")
        key = idempotency_key(record_json, pdf)
        pdf_path = spool / f"{key}.pdf"
        _write_durably(pdf_path, pdf)
        store.outbox_add(db, {"document_id": c.document_id, "version": version,
                              "record_sha": c.record_sha, "record": record_json.decode("utf-8"),
                              "pdf_path": pdf_path.name, "idempotency_key": key, "flagged": int(c.flagged)})
        progress(c.document_id)
    return failed


# --- 2. deliver ---------------------------------------------------------------------------------

class Retryable(Exception):
    """408, 429, 5xx, a time-out or a broken connection: worth another attempt."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Settings:
    timeout: float = TIMEOUT_S
    attempts: int = ATTEMPTS
    backoff: float = BACKOFF_S
    token: str | None = None  # DIGITIZE_UPLOAD_TOKEN: sent, never printed nor stored


@dataclass
class Outcome:
    document_id: str
    version: int
    state: str  # sent, rejected, pending
    detail: str  # the receiver's answer, or the last error


def retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        from datetime import datetime, timezone

        return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return None


def _wait(backoff: float):
    expo = tenacity.wait_exponential_jitter(initial=backoff, max=BACKOFF_MAX_S, jitter=backoff)

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, Retryable) and exc.retry_after is not None:
            # the receiver said when: that, plus a little jitter so offices do not come back at once
            return min(exc.retry_after, RETRY_AFTER_MAX_S) + random.uniform(0, backoff / 2)
        return expo(state)
    return wait


def _post(client: httpx.Client, url: str, row: dict, pdf: bytes, s: Settings) -> httpx.Response:
    headers = {"Idempotency-Key": row["idempotency_key"], "User-Agent": f"digitize/{__version__}"}
    if s.token:
        headers["Authorization"] = f"Bearer {s.token}"
    name = row["document_id"].replace("/", "_")
    files = {"record": (f"{name}.json", row["record"].encode("utf-8"), "application/json"),
             "pdf": (f"{name}.pdf", pdf, "application/pdf")}
    try:
        resp = client.post(url, files=files, headers=headers)
    except httpx.TimeoutException:
        raise Retryable(f"no answer within {s.timeout:g} s") from None
    except httpx.TransportError as e:  # refused, reset, closed without an answer
        raise Retryable(f"connection failed ({e.__class__.__name__})") from None
    if resp.status_code in (408, 429) or resp.status_code >= 500:
        raise Retryable(f"HTTP {resp.status_code}", retry_after(resp.headers.get("Retry-After")))
    return resp


def _answer(resp: httpx.Response) -> str:
    return f"HTTP {resp.status_code}: {resp.text.strip()}"[:ANSWER_MAX_CHARS]


def pending(db, dossier: str | None = None) -> list[dict]:
    """Outbox rows waiting to be sent, of one dossier or all."""
    return [r for r in store.outbox_rows(db, ("pending",))
            if dossier is None or r["document_id"].rsplit("/", 1)[0] == dossier]


def deliver_http(db, spool: Path, target: Target, s: Settings, dossier: str | None = None,
                 progress: Callable[[str], None] = lambda _d: None) -> list[Outcome]:
    outcomes = []
    with httpx.Client(timeout=s.timeout, follow_redirects=False) as client:
        for row in pending(db, dossier):
            outcomes.append(_deliver_one(db, client, spool, target, s, row))
            progress(row["document_id"])
    return outcomes


def _deliver_one(db, client, spool: Path, target: Target, s: Settings, row: dict) -> Outcome:
    try:
        pdf = (spool / row["pdf_path"]).read_bytes()
    except OSError as e:
        store.outbox_attempted(db, row["id"], f"its PDF is gone from {spool} ({e.strerror})")
        return Outcome(row["document_id"], row["version"], "pending", f"PDF missing from {spool}")

    def note(state: tenacity.RetryCallState) -> None:  # every failed attempt counted as it happens
        store.outbox_attempted(db, row["id"], str(state.outcome.exception()))

    retrying = tenacity.Retrying(retry=tenacity.retry_if_exception_type(Retryable),
                                 stop=tenacity.stop_after_attempt(s.attempts), wait=_wait(s.backoff),
                                 before_sleep=note, reraise=True)
    try:
        resp = retrying(_post, client, target.where, row, pdf, s)
    except Retryable as e:
        store.outbox_attempted(db, row["id"], str(e))
        return Outcome(row["document_id"], row["version"], "pending", str(e))
    state = "sent" if resp.is_success else "rejected"
    store.outbox_settled(db, row["id"], state, _answer(resp), str(target))
    (spool / row["pdf_path"]).unlink(missing_ok=True)  # the receiver has it, or refused this version
    return Outcome(row["document_id"], row["version"], state, _answer(resp))


def deliver_dir(db, spool: Path, target: Target, dossier: str | None = None,
                progress: Callable[[str], None] = lambda _d: None) -> list[Outcome]:
    """For offices without a link: the pending documents as bundles in a folder (one per
    dossier, written whole then renamed), the rows marked sent to it."""
    rows = pending(db, dossier)
    by_dossier: dict[str, list[dict]] = {}
    for row in rows:
        by_dossier.setdefault(row["document_id"].rsplit("/", 1)[0], []).append(row)
    outcomes = []
    for dossier, group in by_dossier.items():
        files = {"records.json": json.dumps([json.loads(r["record"]) for r in group], ensure_ascii=False,
                                            indent=1).encode("utf-8")}
        for r in group:
            files[f"pdf/{r['document_id'].rsplit('/', 1)[1]}.pdf"] = (spool / r["pdf_path"]).read_bytes()
        # a stamped name: a later delivery of the same dossier never replaces one already on the disk
        name = f"{dossier}-{store.now().replace(':', '').replace('-', '')[:15]}-{group[0]['id']}"
        built = bundle.place(Path(target.where), name, bundle.with_manifest(
            files, dossier, [r["document_id"] for r in group], store.trail_head(db)))
        for row in group:
            store.outbox_settled(db, row["id"], "sent", f"written to {built}", str(target))
            outcomes.append(Outcome(row["document_id"], row["version"], "sent", f"written to {built}"))
            progress(row["document_id"])
    return outcomes
