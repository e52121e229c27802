"""The `digitize` command: thin wrappers that parse options, call one function, render with Rich.

This module holds run, export, status, show and samples; cli_review, cli_search and
cli_deliver add theirs to the same app (cli_common). Exit codes: exits.Exit.
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
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from . import config, export, privacy, store
from .cli_common import (DbOption, DocTypeOption, JsonOption, ShowPiiOption, StatusOption, app, err, fail, open_db,
                         out, settings, usage)
from .exits import Exit
from .privacy import mask_ids


# --- run ------------------------------------------------------------------------------------

def _stamp() -> str:
    return store.now()  # the store's time format: log lines and `runs` rows read alike


class _Progress:
    """A Rich progress bar on a terminal. Otherwise (cron, a pipe, --quiet) time-stamped lines:
    one when there is something to read, one per dossier read or file failed, and nothing for
    the dossiers left unchanged: a ten-minute cron over thousands of stored dossiers keeps a
    log a person can read."""

    def __init__(self, live: bool):
        self.live = live
        self.t0 = time.perf_counter()
        self.pages_done = 0
        self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), console=err, transient=False) if live else None

    def _log(self, msg: str) -> None:
        if not self.live:
            err.print(f"{_stamp()} {msg}", markup=False, highlight=False)

    def cluster(self, address: str, workers: list[str]) -> None:
        msg = f"cluster {address}: {len(workers)} workers ({', '.join(workers)})"
        if self.bar:
            self.bar.console.print(msg, markup=False, highlight=False)
        else:
            self._log(msg)

    def start(self, dossiers: int, pages: int) -> None:
        if self.bar:
            self.bar.start()
            self.d_task = self.bar.add_task("dossiers", total=dossiers, rate="")
            self.p_task = self.bar.add_task("pages", total=pages, rate="")
        if dossiers:  # a run with nothing new leaves only its summary line
            self._log(f"start: {dossiers} dossiers to read, {pages} pages")

    def page_done(self, result) -> None:
        self.pages_done += 1
        rate = self.pages_done / max(time.perf_counter() - self.t0, 1e-6)
        if self.bar:
            self.bar.update(self.p_task, advance=1, rate=f"{rate:.2f} pages/s")

    def dossier_done(self, dossier: str, documents, skipped: bool = False) -> None:
        if skipped:
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
        jobs: Optional[int] = typer.Option(None, "--jobs", "-j",
                                           help=f"worker processes, 1 to {config.MAX_JOBS} [default: one per core]"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="log lines, no progress bar (for cron)"),
        rehash: bool = typer.Option(False, "--rehash", help="hash every file again, even those whose size, "
                                                            "time and inode are as stored"),
        show_pii: bool = ShowPiiOption,
        config_file: Optional[Path] = typer.Option(None, "--config", help="settings file [default digitize.toml]"),
        cluster: Optional[str] = typer.Option(None, "--cluster", help="read the pages on the workers of the Dask "
                                              "scheduler at tcp://HOST:PORT [env DIGITIZE_CLUSTER]")):
    """Read every new or changed dossier under SCANS_ROOT into the store.

    Example: `digitize run scans/ --db output/digitize.db --jobs 2`; on a Dask cluster:
    `digitize run scans/ --cluster tcp://10.0.0.5:8786`
    """
    from . import lock, ocr, sources

    if jobs is not None and jobs < 1:
        usage(f"--jobs must be from 1 to {config.MAX_JOBS} (leave it out for one per core), not {jobs}")
    s = settings(all_keys=True, config_file=config_file, db=db, jobs=jobs, show_pii=show_pii or None,
                 cluster=cluster)
    if scans_root.is_file():
        usage(f"'{scans_root}' is a file: give the folder that holds it (`digitize run "
              f"{scans_root.parent}`); each file or folder directly in it is one dossier")
    if not scans_root.is_dir():
        fail(Exit.ENV, f"the scans root '{scans_root}' does not exist or is not a folder")
    try:
        ocr.check_engine(s.lang)
        sources.check_poppler()
    except (ocr.EngineMissing, sources.PopplerMissing) as e:
        fail(Exit.ENV, str(e))
    try:
        with lock.exclusive(s.db):
            summary = _read(scans_root, s, quiet, rehash)
    except lock.StoreBusy as e:
        err.print(f"{_stamp()} busy: {e}", markup=False, highlight=False)
        raise typer.Exit(Exit.BUSY)
    except store.StoreError as e:
        fail(Exit.ENV, str(e))
    if not summary.dossiers:
        err.print(f"[bold red]warning:[/] no dossier under {escape(str(scans_root.resolve()))}: is the scans "
                  "folder empty, or a network share not mounted?", highlight=False)
    _print_summary(summary, plain=quiet or not out.is_terminal)
    raise typer.Exit(Exit.PARTLY if summary.failures else Exit.OK)


def _print_summary(summary, plain: bool) -> None:
    """One time-stamped line for logs; a table on a terminal."""
    new = summary.dossiers - summary.skipped
    rate = f" ({summary.pages / summary.seconds:.2f} pages/s)" if summary.pages and summary.seconds else ""
    used = (f"{len(summary.workers)} workers of {summary.cluster}"
            + (f" ({', '.join(summary.workers)})" if summary.workers else "")) if summary.cluster else ""
    if plain:
        out.print(f"{_stamp()} run {summary.run_id}: {summary.dossiers} dossiers ({new} read, {summary.skipped} "
                  f"unchanged), {summary.documents} documents, {summary.pages} pages, {summary.flagged} flagged "
                  f"fields, {len(summary.failures)} failures, {summary.seconds:.1f} s{rate}"
                  + (f", on {used}" if used else "")
                  + ("; nothing new" if summary.dossiers and summary.skipped == summary.dossiers else ""),
                  markup=False, highlight=False)
    else:
        table = Table(title=f"digitize run {summary.run_id}", show_header=False)
        for name, value in (("dossiers", f"{summary.dossiers} ({new} read, {summary.skipped} unchanged)"),
                            ("documents", summary.documents), ("pages read", summary.pages),
                            ("flagged fields", summary.flagged), ("failures", len(summary.failures)),
                            ("time", f"{summary.seconds:.1f} s{rate}")) + ((("workers", used),) if used else ()):
            table.add_row(name, str(value))
        out.print(table)
        if summary.skipped == summary.dossiers and summary.dossiers:
            out.print("nothing new: every dossier is already stored")
    for rel, error in summary.failures:
        out.print(f"failed {rel}: {error}", markup=False, highlight=False)


def _read(scans_root: Path, s: config.Settings, quiet: bool, rehash: bool):
    """The run itself, under the store's lock: every way it can stop short becomes an exit code."""
    from . import pipeline

    database = open_db(s.db)
    reporter = _Progress(live=err.is_terminal and not quiet)
    try:
        return pipeline.run(scans_root, s, database, reporter, rehash=rehash)
    except KeyboardInterrupt:
        err.print("interrupted: every dossier stored so far is complete; run again to finish")
        raise typer.Exit(Exit.INTERRUPTED)
    except sqlite3.Error as e:  # a full disk, a store made read-only: its message holds no data
        fail(Exit.ENV, f"cannot write the store {s.db} ({e}); every dossier stored before this is "
             "complete: fix the cause and run again")
    except OSError as e:  # the scans root unreadable, no process or memory to be had
        where = f": {e.filename}" if e.filename else ""
        fail(Exit.ENV, f"{e.strerror or e.__class__.__name__}{where}; every dossier stored before this is "
             "complete: fix the cause and run again")
    finally:
        reporter.stop()


# --- export / status / show -----------------------------------------------------------------

@app.command("export")
def export_cmd(fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or pdf"),
               out_file: Path = typer.Option(..., "--out", "-o", help="file to write (pdf: folder, one PDF a document)"),
               db: Optional[str] = DbOption,
               dossier: Optional[str] = typer.Option(None, help="only this dossier"),
               doc_type: Optional[str] = DocTypeOption,
               status: Optional[str] = StatusOption):
    """Write the records as JSON lines (docs/records.md) or CSV, or each document as a searchable
    PDF/A-2b (`--format pdf --out DIR`: DIR/DOSSIER/N.pdf, the scan with its OCR text layer).

    Example: `digitize export --format jsonl --out output/records.jsonl`
    """
    if fmt not in ("jsonl", "csv", "pdf"):
        usage("--format must be jsonl, csv or pdf")
    s = settings(db=db)
    database = open_db(s.db, create=False)
    where = cli_search.checked_filters(database, dossier, doc_type, status)
    if not store.any_document(database, where):
        usage("no document matches these filters; `digitize status` shows what the store holds")
    if fmt == "pdf":
        _export_pdfs(database, out_file, where)
        return
    writer = export.write_jsonl if fmt == "jsonl" else export.write_csv
    try:
        n = writer(database, out_file, dossier=dossier, doc_type=doc_type, status=status)
    except OSError as e:
        fail(Exit.ENV, f"cannot write {out_file}: {e.strerror}")
    out.print(f"{n} documents written to {out_file}")


def _export_pdfs(database, out_dir: Path, where: store.Filters) -> None:
    from . import pdfexport

    docs = [r["id"] for r in store.list_documents(database, where) if r["status"] != "failed"]
    if not docs:
        usage("no readable document matches these filters")
    try:
        written, failed = pdfexport.write_pdfs(database, out_dir, docs)
    except OSError as e:
        fail(Exit.ENV, f"cannot write in {out_dir}: {e.strerror}")
    out.print(f"{len(written)} PDF/A-2b files written to {out_dir}", highlight=False)
    for d_id, why in failed:
        out.print(f"[red]no PDF[/] for {escape(d_id)}: {escape(why)}", highlight=False)
    if failed:
        raise typer.Exit(Exit.PARTLY)


@app.command()
def status(db: Optional[str] = DbOption, as_json: bool = JsonOption):
    """Counts by status and document type, flagged fields waiting, and the last runs.

    Example: `digitize status --db output/digitize.db`
    """
    database = open_db(settings(db=db).db, create=False)
    counts, flagged, runs = store.status_counts(database), store.flagged_count(database), store.last_runs(database, 5)
    if as_json:
        out.print(json.dumps({"documents": counts, "flagged_fields": flagged, "runs": runs}, ensure_ascii=False),
                  markup=False, highlight=False)
        return
    statuses = list(store.DOCUMENT_STATUSES)
    t = Table(title="documents")
    t.add_column("type", overflow="fold")
    for st in statuses:
        t.add_column(st, justify="right")
    for dt in sorted(counts):
        t.add_row(dt, *[str(counts[dt].get(st, 0)) for st in statuses])
    t.add_row("[bold]all", *[str(sum(c.get(st, 0) for c in counts.values())) for st in statuses])
    out.print(t)
    out.print(f"flagged fields waiting for review: {flagged}")
    # narrow headers, no inner rules and a short time: the table fits 80 columns (a pipe, a
    # small terminal) with every value whole
    r = Table(title="last runs", box=None, padding=(0, 1), pad_edge=False, title_justify="left")
    for col in ("run", "started", "status", "read/all", "pages", "docs", "flagged", "failed", "seconds"):
        r.add_column(col, justify="left" if col in ("started", "status") else "right", no_wrap=True)
    for run_row in runs:
        started = (run_row["started"] or "").replace("T", " ")[:16]
        read = f"{(run_row['dossiers'] or 0) - (run_row['skipped'] or 0)}/{run_row['dossiers'] or 0}"
        r.add_row(*["" if v is None else str(v) for v in (
            run_row["id"], started, run_row["status"], read, run_row["pages"], run_row["documents"],
            run_row["flagged"], run_row["failures"], run_row["seconds"])])
    out.print(r)


@app.command()
def show(document: str = typer.Argument(..., help="document id (DOSSIER/N, as `digitize list` shows) or dossier id"),
         db: Optional[str] = DbOption,
         show_pii: bool = ShowPiiOption,
         as_json: bool = typer.Option(False, "--json", help="print the export record (JSON)")):
    """One document's fields with confidence and flags; given a dossier, its documents.

    Example: `digitize show 000.00.40.H56-240809-0027/2`
    """
    s = settings(db=db, show_pii=show_pii or None)
    database = open_db(s.db, create=False)
    doc = store.document_row(database, document)
    if doc is None and store.has_dossier(database, document):
        cli_search.print_documents(store.list_documents(database, store.Filters(dossier=document)),
                                   f"dossier {escape(document)}", as_json)
        return
    if doc is None:
        usage(f"no document or dossier '{document}'. Document ids look like DOSSIER/N; see `digitize list`.")
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
    for col in ("field", "value", "conf", "flag", "reasons"):  # folded, never cut: a reason names its document
        t.add_column(col, overflow="fold")
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
            count: int = typer.Option(6, "--count", "-n", min=1, max=10_000, help="number of dossiers"),
            seed: int = typer.Option(0, help="random seed: the same seed gives the same dossiers"),
            truth: Optional[Path] = typer.Option(None, help="ground truth JSON lines [default OUT_DIR/truth.jsonl]"),
            no_defects: bool = typer.Option(False, "--no-defects", help="clean scans only")):
    """Generate synthetic dossiers with their ground truth.

    Example: `digitize samples more-scans/ --count 2 --seed 1`
    """
    from .samples import generate

    truth_path = truth or out_dir / "truth.jsonl"
    if out_dir.exists() and not out_dir.is_dir():
        usage(f"'{out_dir}' is a file: give a folder to write the dossiers into")
    if truth_path.exists():
        usage(f"{truth_path} already holds the truth of earlier samples, which this would overwrite: give "
              "another folder, or --truth OTHER.jsonl")
    try:
        records = generate(out_dir, count, seed=seed, truth_path=truth_path, defects=not no_defects)
    except OSError as e:
        usage(f"cannot write samples into {e.filename or out_dir}: {e.strerror}; give a folder you can write")
    out.print(f"{count} dossiers, {len(records)} documents written to {out_dir}", highlight=False)


# The other command modules add theirs to `app` as they load: after these, so --help lists
# run, export, status, show and samples first.
from . import cli_deliver, cli_review, cli_search  # noqa: E402,F401


def main() -> None:
    # Everything this process creates may hold personal data (the store and its -wal/-shm files,
    # the lock, exports): readable by the owner only. A log the shell redirects to is the
    # shell's: the cron line in the README sets the same umask.
    os.umask(0o077)
    privacy.guard_output()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(Exit.INTERRUPTED)


if __name__ == "__main__":
    main()
