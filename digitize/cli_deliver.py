"""What leaves the store: `bundle`, `verify` and `upload`.

Exit codes: 0 done; 1 done but some documents could not be delivered (no PDF, rejected by the
receiver, or still pending after the retries: each is listed); 2 a usage error (bad option or
URL, unknown dossier, filters matching nothing, no bundle at the path); 3 an environment problem
(the output folder not writable, the store unreadable); 4 `upload`: another upload is running on
this store; 5 `verify`: the bundle is damaged
(the first bad file is named).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from . import store
from .cli_common import DbOption, ShowPiiOption, app, err, fail, open_db, out, settings
from .cli_search import checked_filters
from .exits import Exit
from .privacy import mask_ids


def write_bundles(database, out_dir: Path, dossiers: list[str], as_zip: bool) -> list[tuple[str, str]]:
    """Write one bundle per dossier, say so; the documents left without a PDF."""
    from . import bundle as bundles  # PDF libraries: loaded by the commands that use them

    failed = []
    for d in dossiers:
        try:
            built = bundles.write(database, out_dir, d, as_zip=as_zip)
        except OSError as e:
            fail(Exit.ENV, f"cannot write in {out_dir}: {e.strerror}")
        out.print(f"{escape(str(built.path))}: {built.documents} documents, {built.files - 1} files and the manifest", highlight=False)
        failed += built.failed
    for d_id, why in failed:
        out.print(f"[red]no PDF[/] for {escape(d_id)}: {escape(why)}", highlight=False)
    return failed


@app.command("bundle")
def bundle_cmd(out_dir: Path = typer.Option(..., "--out", "-o", help="folder to write the bundles into"),
               dossier: Optional[str] = typer.Option(None, help="only this dossier [default: every dossier]"),
               as_zip: bool = typer.Option(False, "--zip", help="one DOSSIER.zip each instead of a folder"),
               db: Optional[str] = DbOption):
    """Per dossier a folder (or .zip) with its records (records.json), its documents' PDFs
    (pdf/N.pdf) and manifest.json (every file's SHA-256 and size, the tool version, the
    review trail's head hash), to carry to the provincial system on a disk.

    Example: `digitize bundle --out output/bundles --zip`
    """
    s = settings(db=db)
    database = open_db(s.db, create=False)
    checked_filters(database, dossier)
    dossiers = [dossier] if dossier else store.document_dossiers(database)
    if not dossiers:
        fail(Exit.USAGE, "the store holds no dossier yet")
    if write_bundles(database, out_dir, dossiers, as_zip):
        raise typer.Exit(Exit.PARTLY)

@app.command("verify")
def verify_cmd(path: Path = typer.Argument(..., help="a bundle folder or .zip")):
    """Check a bundle against its manifest: exit 0 intact, 5 damaged (the first bad file is
    named), 2 not a bundle.

    Example: `digitize verify output/bundles/000.00.40.H56-240809-0027.zip`
    """
    from . import bundle as bundles

    try:
        v = bundles.verify(path)
    except bundles.BundleError as e:
        fail(Exit.USAGE, str(e))
    if v.bad:
        err.print(f"[red]damaged:[/] {escape(v.bad)}: {escape(v.reason)} ({v.files} files before it check out)")
        raise typer.Exit(Exit.DAMAGED)
    m = v.manifest
    out.print(f"intact: {v.files} files, dossier {escape(str(m.get('dossier')))}, digitize "
              f"{escape(str(m.get('tool_version')))}, review trail head {m.get('audit_head')}", highlight=False)

@app.command("upload")
def upload_cmd(to: Optional[str] = typer.Option(None, "--to", help="https://… receiver, or dir:FOLDER for bundles on a disk"),
               status: bool = typer.Option(False, "--status", help="show the outbox and exit"),
               as_json: bool = typer.Option(False, "--json", help="with --status: JSON lines, one per outbox row"),
               include_flagged: bool = typer.Option(False, "--include-flagged",
                                                    help="send needs_review documents too, marked \"flagged\": true"),
               dry_run: bool = typer.Option(False, "--dry-run", help="show what would be sent; send and change nothing"),
               dossier: Optional[str] = typer.Option(None, help="only this dossier"),
               # defaults as upload.TIMEOUT_S, ATTEMPTS, BACKOFF_S (not imported here: httpx loads slowly)
               timeout: float = typer.Option(30.0, min=0.1, help="seconds to wait for one answer"),
               retries: int = typer.Option(5, min=1, help="attempts per document in this run"),
               backoff: float = typer.Option(1.0, min=0.0, help="seconds before the 2nd attempt, doubled each time"),
               quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar (for cron)"),
               show_pii: bool = ShowPiiOption,
               db: Optional[str] = DbOption):
    """Send every ready document (ok or reviewed) not sent yet, and remember it: one outbox
    row per document version, sent again after a later review. Safe to stop at any moment;
    the next run sends the rest. Token from DIGITIZE_UPLOAD_TOKEN (never printed).

    Example: `digitize upload --to https://example.gov.vn/api/records` or `digitize upload --status`
    """
    from . import lock, upload

    s = settings(db=db, show_pii=show_pii or None)
    database = open_db(s.db, create=False)
    if status:
        _outbox_table(database, s.show_pii, as_json)
        return
    if not to:
        fail(Exit.USAGE, "give --to URL (or dir:FOLDER), or --status")
    try:
        target = upload.parse_target(to)
    except upload.BadTarget as e:
        fail(Exit.USAGE, str(e))
    where = checked_filters(database, dossier)
    spool = upload.spool_dir(s.db)
    token = os.environ.get("DIGITIZE_UPLOAD_TOKEN") or None
    if upload.token_in_clear(target, token):
        err.print("[yellow]warning:[/] DIGITIZE_UPLOAD_TOKEN goes over plain http: anyone on the way can read it; "
                  "use https")
    if dry_run:
        cands = upload.candidates(database, where, include_flagged)
        pending = upload.pending(database, dossier)
        for c in cands:
            out.print(f"would send {escape(c.document_id)} as a new version"
                      + (" (flagged)" if c.flagged else ""), highlight=False)
        out.print(f"dry run: {len(cands)} new document versions, {len(pending)} pending from before, "
                  f"to {escape(str(target))}; nothing sent", highlight=False)
        return
    try:
        with lock.exclusive(f"{s.db}.upload"):
            outcomes, failed = _upload(database, spool, target, where, include_flagged,
                                       upload.Settings(timeout, retries, backoff, token),
                                       live=err.is_terminal and not quiet)
    except lock.StoreBusy:
        err.print("[yellow]busy:[/] another upload is running on this store; this one did nothing")
        raise typer.Exit(Exit.BUSY)
    except OSError as e:
        fail(Exit.ENV, f"cannot write {e.filename or spool}: {e.strerror}")
    sent = [o for o in outcomes if o.state == "sent"]
    out.print(f"{len(sent)} sent to {escape(str(target))}", highlight=False)
    for o in outcomes:
        if o.state != "sent":
            detail = o.detail if s.show_pii else mask_ids(o.detail)
            out.print(f"[red]{o.state}[/] {escape(o.document_id)} v{o.version}: {escape(detail)}", highlight=False)
    for d_id, why in failed:
        out.print(f"[red]no PDF[/] for {escape(d_id)}: {escape(why)}", highlight=False)
    if failed or len(sent) < len(outcomes):
        raise typer.Exit(Exit.PARTLY)


def _upload(database, spool, target, where, include_flagged, settings, live: bool):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from . import upload

    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=err, disable=not live)
    with bar:
        cands = upload.candidates(database, where, include_flagged)
        task = bar.add_task("preparing", total=len(cands))
        failed = upload.enqueue(database, spool, cands, lambda _d: bar.advance(task))
        task = bar.add_task("sending", total=len(upload.pending(database, where.dossier)))
        step = lambda _d: bar.advance(task)  # noqa: E731
        if target.kind == "dir":
            outcomes = upload.deliver_dir(database, spool, target, where.dossier, step)
        else:
            outcomes = upload.deliver_http(database, spool, target, settings, where.dossier, step)
    return outcomes, failed


OUTBOX_COLUMNS = ("document_id", "version", "flagged", "state", "attempts", "last_error", "created", "sent_at",
                  "answer", "target", "idempotency_key")


def _outbox_table(database, show_pii: bool, as_json: bool) -> None:
    import json

    from rich.table import Table

    rows = store.outbox_rows(database)
    if as_json:  # ids masked on the way out unless --show-pii (privacy.guard_output)
        for r in rows:
            out.print(json.dumps({k: r[k] for k in OUTBOX_COLUMNS}, ensure_ascii=False), markup=False, highlight=False)
        return
    t = Table(title="upload outbox")
    for col in ("document", "version", "state", "attempts", "last error", "sent at", "answer"):
        t.add_column(col, overflow="fold")
    for r in rows:
        answer = r["answer"] or ""
        t.add_row(escape(r["document_id"]), str(r["version"]) + (" (flagged)" if r["flagged"] else ""),
                  r["state"], str(r["attempts"]), escape(r["last_error"] or ""), r["sent_at"] or "",
                  escape(answer if show_pii else mask_ids(answer)))
    out.print(t)
    counts = {st: sum(r["state"] == st for r in rows) for st in store.OUTBOX_STATES}
    out.print(", ".join(f"{n} {st}" for st, n in counts.items()))
