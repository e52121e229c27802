"""The `digitize` command: thin wrappers that parse options, call one function, render with Rich.

Exit codes: 0 done, 1 done but some files failed, 2 usage error, 3 environment problem,
4 another run holds the store (run only), 130 interrupted.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from . import cli_deliver, cli_review, cli_search, config, export, privacy, store
from .privacy import mask_ids

EXIT_OK, EXIT_FAILED_FILES, EXIT_USAGE, EXIT_ENV, EXIT_BUSY = 0, 1, 2, 3, 4

# No local variables in tracebacks: they would hold OCR text and personal ids.
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="markdown",
                  pretty_exceptions_show_locals=False,
                  help="Turn scanned dossiers into validated, searchable records.")
out = Console(soft_wrap=True)  # messages stay on one line in logs; tables still fit
err = Console(stderr=True, soft_wrap=True)

DbOption = typer.Option(None, "--db", help="SQLite store [env DIGITIZE_DB; default output/digitize.db]")


def _settings(**flags) -> config.Settings:
    try:
        s = config.load(**flags)
    except (ValueError, OSError) as e:
        err.print(f"[red]configuration error:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_USAGE)
    privacy.reveal(s.show_pii)
    return s


def _open(db_path: str, create: bool = True):
    try:
        return store.open_store(db_path, create=create)
    except store.StoreError as e:
        _fail_env(str(e))


def _fail_env(message: str) -> None:
    err.print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(EXIT_ENV)


# --- run ------------------------------------------------------------------------------------

class _Progress:
    """Rich progress bar on a terminal; plain log lines for cron and --quiet."""

    def __init__(self, live: bool):
        self.live = live
        self.t0 = time.perf_counter()
        self.pages_done = 0
        self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), console=err, transient=False) if live else None

    def _log(self, msg: str) -> None:
        if not self.live:
            err.print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {msg}", markup=False, highlight=False)

    def start(self, dossiers: int, pages: int) -> None:
        if self.bar:
            self.bar.start()
            self.d_task = self.bar.add_task("dossiers", total=dossiers, rate="")
            self.p_task = self.bar.add_task("pages", total=pages, rate="")
        self._log(f"start: {dossiers} dossiers to read, {pages} pages")

    def page_done(self, result) -> None:
        self.pages_done += 1
        rate = self.pages_done / max(time.perf_counter() - self.t0, 1e-6)
        if self.bar:
            self.bar.update(self.p_task, advance=1, rate=f"{rate:.2f} pages/s")

    def dossier_done(self, dossier: str, documents, skipped: bool = False) -> None:
        if skipped:
            self._log(f"dossier {dossier}: unchanged since last run, skipped")
            return
        if self.bar:
            self.bar.update(self.d_task, advance=1)
        flagged = sum(f.flagged for d in documents for f in d.fields.values())
        failed = sum(d.status == "failed" for d in documents)
        self._log(f"dossier {dossier}: {len(documents) - failed} documents, {flagged} flagged fields"
                  + (f", {failed} failed" if failed else ""))

    def file_failed(self, rel: str, error: str) -> None:
        msg = f"failed: {rel}: {error}"
        if self.bar:
            self.bar.console.print(f"[red]{escape(msg)}[/]", markup=True, highlight=False)
        else:
            self._log(msg)

    def stop(self) -> None:
        if self.bar:
            self.bar.stop()


@app.command()
def run(scans_root: Path = typer.Argument(..., help="folder of dossiers (folders or single PDF/TIFF files)"),
        db: Optional[str] = DbOption,
        jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="worker processes [default: all cores]"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="plain log lines, no progress bar (for cron)"),
        show_pii: bool = typer.Option(False, "--show-pii", help="show personal ids unmasked"),
        config_file: Optional[Path] = typer.Option(None, "--config", help="settings file [default digitize.toml]")):
    """Read every new or changed dossier under SCANS_ROOT into the store.

    Example: `digitize run scans/ --db output/digitize.db --jobs 2`
    """
    from . import lock, ocr, sources

    s = _settings(config_file=config_file, db=db, jobs=jobs, show_pii=show_pii or None)
    if not scans_root.is_dir():
        _fail_env(f"the scans root '{scans_root}' does not exist or is not a folder")
    try:
        ocr.check_engine(s.lang)
        sources.check_poppler()
    except (ocr.EngineMissing, sources.PopplerMissing) as e:
        _fail_env(str(e))
    try:
        with lock.exclusive(s.db):
            summary = _read(scans_root, s, quiet)
    except lock.StoreBusy as e:
        err.print(f"[yellow]busy:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_BUSY)
    except store.StoreError as e:
        _fail_env(str(e))
    table = Table(title="digitize run", show_header=False)
    for name, value in (("dossiers", f"{summary.dossiers} ({summary.skipped} unchanged, skipped)"),
                        ("documents", summary.documents), ("pages read", summary.pages),
                        ("flagged fields", summary.flagged), ("failures", len(summary.failures)),
                        ("time", f"{summary.seconds:.1f} s"
                         + (f" ({summary.pages / summary.seconds:.2f} pages/s)" if summary.pages else ""))):
        table.add_row(name, str(value))
    out.print(table)
    if summary.skipped == summary.dossiers and summary.dossiers:
        out.print("nothing new: every dossier is already stored")
    for rel, error in summary.failures:
        out.print(f"[red]failed[/] {escape(rel)}: {escape(error)}", highlight=False)
    raise typer.Exit(EXIT_FAILED_FILES if summary.failures else EXIT_OK)


def _read(scans_root: Path, s: config.Settings, quiet: bool):
    """The run itself, under the store's lock: every way it can stop short becomes an exit code."""
    from . import pipeline

    database = _open(s.db)
    reporter = _Progress(live=err.is_terminal and not quiet)
    try:
        return pipeline.run(scans_root, s, database, reporter)
    except KeyboardInterrupt:
        err.print("interrupted: every dossier stored so far is complete; run again to finish")
        raise typer.Exit(130)
    except sqlite3.Error as e:  # a full disk, a store made read-only: its message holds no data
        _fail_env(f"cannot write the store {s.db} ({e}); every dossier stored before this is "
                  "complete: fix the cause and run again")
    except OSError as e:  # the scans root unreadable, no process or memory to be had
        where = f": {e.filename}" if e.filename else ""
        _fail_env(f"{e.strerror or e.__class__.__name__}{where}; every dossier stored before this is "
                  "complete: fix the cause and run again")
    finally:
        reporter.stop()


# --- export / status / show -----------------------------------------------------------------

@app.command("export")
def export_cmd(fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or pdf"),
               out_file: Path = typer.Option(..., "--out", "-o", help="file to write (pdf: folder, one PDF a document)"),
               db: Optional[str] = DbOption,
               dossier: Optional[str] = typer.Option(None, help="only this dossier"),
               doc_type: Optional[str] = typer.Option(None, "--doc-type", help="only this document type"),
               status: Optional[str] = typer.Option(None, help="only ok, needs_review, reviewed or failed")):
    """Write the records as JSON lines (RECORDS.md) or CSV, or each document as a searchable
    PDF/A-2b (`--format pdf --out DIR`: DIR/DOSSIER/N.pdf, the scan with its OCR text layer).

    Example: `digitize export --format jsonl --out output/records.jsonl`
    """
    if fmt not in ("jsonl", "csv", "pdf"):
        err.print("error: --format must be jsonl, csv or pdf")
        raise typer.Exit(EXIT_USAGE)
    s = _settings(db=db)
    database = _open(s.db, create=False)
    if fmt == "pdf":
        _export_pdfs(database, out_file, dossier, doc_type, status)
        return
    writer = export.write_jsonl if fmt == "jsonl" else export.write_csv
    try:
        n = writer(database, out_file, dossier=dossier, doc_type=doc_type, status=status)
    except OSError as e:
        _fail_env(f"cannot write {out_file}: {e.strerror}")
    out.print(f"{n} documents written to {out_file}")


def _export_pdfs(database, out_dir: Path, dossier, doc_type, status) -> None:
    from . import pdfexport

    where = cli_search.checked_filters(database, dossier, doc_type, status)
    docs = [r["id"] for r in store.list_documents(database, where) if r["status"] != "failed"]
    if not docs:
        err.print("error: no readable document matches these filters")
        raise typer.Exit(EXIT_USAGE)
    try:
        written, failed = pdfexport.write_pdfs(database, out_dir, docs)
    except OSError as e:
        _fail_env(f"cannot write in {out_dir}: {e.strerror}")
    out.print(f"{len(written)} PDF/A-2b files written to {out_dir}", highlight=False)
    for d_id, why in failed:
        out.print(f"[red]no PDF[/] for {escape(d_id)}: {escape(why)}", highlight=False)
    if failed:
        raise typer.Exit(EXIT_FAILED_FILES)


@app.command()
def status(db: Optional[str] = DbOption):
    """Counts by status and document type, and the last runs.

    Example: `digitize status --db output/digitize.db`
    """
    database = _open(_settings(db=db).db, create=False)
    t = Table(title="documents")
    statuses = ["ok", "needs_review", "reviewed", "failed"]
    t.add_column("type")
    for st in statuses:
        t.add_column(st, justify="right")
    rows = database.execute("SELECT doc_type, status, count(*) FROM documents GROUP BY 1, 2").fetchall()
    counts: dict[str, dict[str, int]] = {}
    for dt, st, n in rows:
        counts.setdefault(dt, {})[st] = n
    for dt in sorted(counts):
        t.add_row(dt, *[str(counts[dt].get(st, 0)) for st in statuses])
    t.add_row("[bold]all", *[str(sum(c.get(st, 0) for c in counts.values())) for st in statuses])
    out.print(t)
    flagged = database.execute("SELECT count(*) FROM fields WHERE flagged = 1").fetchone()[0]
    out.print(f"flagged fields waiting for review: {flagged}")
    r = Table(title="last runs")
    for col in ("id", "started", "status", "dossiers", "skipped", "pages", "documents", "flagged", "failures", "seconds"):
        r.add_column(col)
    for run_row in database.execute("SELECT id, started, status, dossiers, skipped, pages, documents, flagged, "
                                    "failures, seconds FROM runs ORDER BY id DESC LIMIT 5").fetchall():
        r.add_row(*["" if v is None else str(v) for v in run_row])
    out.print(r)


@app.command()
def show(document: str = typer.Argument(..., help="document id (DOSSIER/N, as `digitize list` shows) or dossier id"),
         db: Optional[str] = DbOption,
         show_pii: bool = typer.Option(False, "--show-pii", help="show personal ids unmasked"),
         as_json: bool = typer.Option(False, "--json", help="print the export record")):
    """One document's fields with confidence and flags; given a dossier, its documents.

    Example: `digitize show 000.00.40.H56-240809-0027/2`
    """
    s = _settings(db=db, show_pii=show_pii or None)
    database = _open(s.db, create=False)
    doc = store.document_row(database, document)
    if doc is None and store.has_dossier(database, document):
        cli_search.print_documents(store.list_documents(database, store.Filters(dossier=document)),
                                   f"dossier {escape(document)}", as_json)
        return
    if doc is None:
        err.print(f"error: no document or dossier '{escape(document)}'. Document ids look like DOSSIER/N; "
                  "see `digitize list`.")
        raise typer.Exit(EXIT_USAGE)
    rec = export.record(database, doc["id"])
    if as_json:
        text = json.dumps(rec, ensure_ascii=False, indent=2)
        out.print_json(text)  # ids masked on the way out (privacy.guard_output)
        return
    pages = ", ".join(f"{p['file']} p{p['page']}" for p in rec["pages"])
    out.print(f"[bold]{escape(document)}[/]  {rec['doc_type']} ({rec['doc_type_confidence']:.2f})  "
              f"status: {rec['status']}\npages: {escape(pages)}", highlight=False)
    if rec.get("error"):
        out.print(f"[red]error:[/] {escape(rec['error'])}")
    t = Table()
    for col in ("field", "value", "confidence", "flag", "reasons"):
        t.add_column(col)
    for key, f in rec["fields"].items():
        value = "" if f["value"] is None else str(f["value"])
        if not s.show_pii:  # before layout: a narrow column could fold an id past the output's mask
            value = mask_ids(value)
        t.add_row(key, escape(value), f"{f['confidence']:.2f}", "[red]⚑[/]" if f["flagged"] else "",
                  ", ".join(f["reasons"]))
    out.print(t)


# --- samples ----------------------------------------------------------------------------------

@app.command()
def samples(out_dir: Path = typer.Argument(..., help="folder to write the dossiers into"),
            count: int = typer.Option(6, "--count", "-n", help="number of dossiers"),
            seed: int = typer.Option(0, help="random seed: the same seed gives the same dossiers"),
            truth: Optional[Path] = typer.Option(None, help="ground truth JSON lines [default OUT_DIR/truth.jsonl]"),
            no_defects: bool = typer.Option(False, "--no-defects", help="clean scans only")):
    """Generate synthetic dossiers with their ground truth.

    Example: `digitize samples scans/ --count 6 --seed 1`
    """
    from .samples import generate

    records = generate(out_dir, count, seed=seed, truth_path=truth, defects=not no_defects)
    out.print(f"{count} dossiers, {len(records)} documents written to {out_dir}")


cli_review.register(app, _open, _settings)  # review, serve, audit: the QA commands
cli_search.register(app, _open, _settings)  # search, list
cli_deliver.register(app, _open, _settings)  # bundle, verify, upload


def main() -> None:
    # Everything this process creates may hold personal data (the store and its -wal/-shm files,
    # the lock, exports): readable by the owner only. A log the shell redirects to is the
    # shell's: the cron line in the README sets the same umask.
    os.umask(0o077)
    privacy.guard_output()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
