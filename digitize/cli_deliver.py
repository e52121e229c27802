"""What leaves the store: `bundle`, `verify` and `upload` (registered on the main app by cli.py).

Exit codes: 0 done; 1 done but some documents could not be delivered (no PDF, rejected by the
receiver, or still pending after the retries: each is listed); 2 a usage error (bad option or
URL, unknown dossier, filters matching nothing, no bundle at the path); 3 an environment problem
(the output folder not writable, the store unreadable); 5 `verify`: the bundle is damaged
(the first bad file is named).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import bundle as bundles
from . import store
from .cli_search import checked_filters

EXIT_PARTLY, EXIT_USAGE, EXIT_ENV, EXIT_DAMAGED = 1, 2, 3, 5

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
DbOption = typer.Option(None, "--db", help="SQLite store [env DIGITIZE_DB; default output/digitize.db]")


def _fail(code: int, message: str) -> None:
    err.print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def write_bundles(database, out_dir: Path, dossiers: list[str], as_zip: bool) -> list[tuple[str, str]]:
    """Write one bundle per dossier, say so; the documents left without a PDF."""
    failed = []
    for d in dossiers:
        try:
            built = bundles.write(database, out_dir, d, as_zip=as_zip)
        except OSError as e:
            _fail(EXIT_ENV, f"cannot write in {out_dir}: {e.strerror}")
        out.print(f"{escape(str(built.path))}: {built.documents} documents, {built.files - 1} files and the manifest", highlight=False)
        failed += built.failed
    for d_id, why in failed:
        out.print(f"[red]no PDF[/] for {escape(d_id)}: {escape(why)}", highlight=False)
    return failed


def register(app: typer.Typer, open_db: Callable, load_settings: Callable) -> None:
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
        s = load_settings(db=db)
        database = open_db(s.db, create=False)
        checked_filters(database, dossier)
        dossiers = [dossier] if dossier else list(dict.fromkeys(
            r["dossier"] for r in store.list_documents(database, store.Filters())))
        if not dossiers:
            _fail(EXIT_USAGE, "the store holds no dossier yet")
        if write_bundles(database, out_dir, dossiers, as_zip):
            raise typer.Exit(EXIT_PARTLY)

    @app.command("verify")
    def verify_cmd(path: Path = typer.Argument(..., help="a bundle folder or .zip")):
        """Check a bundle against its manifest: exit 0 intact, 5 damaged (the first bad file is
        named), 2 not a bundle.

        Example: `digitize verify output/bundles/000.00.18.H56-241115-0001.zip`
        """
        try:
            v = bundles.verify(path)
        except bundles.BundleError as e:
            _fail(EXIT_USAGE, str(e))
        if v.bad:
            err.print(f"[red]damaged:[/] {escape(v.bad)}: {escape(v.reason)} ({v.files} files before it check out)")
            raise typer.Exit(EXIT_DAMAGED)
        m = v.manifest
        out.print(f"intact: {v.files} files, dossier {escape(str(m.get('dossier')))}, digitize "
                  f"{escape(str(m.get('tool_version')))}, review trail head {m.get('audit_head')}", highlight=False)
