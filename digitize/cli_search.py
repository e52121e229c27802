"""The lookup commands: `search` and `list`.

Exit codes: 0 found, 1 `search` found nothing (as grep), 2 a bad option, an unknown dossier,
or `list` filters that match no document, 3 the store cannot be opened.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from . import search as finder
from . import store
from .cli_common import DbOption, DocTypeOption, ShowPiiOption, StatusOption, app, err, open_db, out, settings, usage
from .exits import Exit
from .privacy import mask_ids


def checked_filters(database, dossier=None, doc_type=None, status=None, date_from=None, date_to=None) -> store.Filters:
    """Filters checked against the store: a bad value or an unknown dossier exits 2."""
    try:
        where = finder.filters(dossier, doc_type, status, date_from, date_to)
    except finder.BadQuery as e:
        usage(str(e))
    if dossier and not store.has_dossier(database, dossier):
        usage(f"no dossier '{dossier}' in the store{finder.nearest(dossier, store.dossier_ids(database))}; "
              "`digitize list` shows them")
    return where


def _marked(text: str, show_pii: bool) -> str:
    """Rich markup for a value with its match between « »; ids masked unless shown."""
    text = text if show_pii else mask_ids(text)
    return escape(text).replace(finder.MARK_OPEN, "[reverse]").replace(finder.MARK_CLOSE, "[/reverse]")


def print_documents(rows: list[dict], title: str, as_json: bool) -> None:
    """Documents (store.list_documents rows) as a table, or as JSON lines."""
    if as_json:
        for r in rows:
            out.print(json.dumps({k: r[k] for k in ("id", "dossier", "doc_type", "status", "flagged")},
                                 ensure_ascii=False), markup=False, highlight=False)
        return
    t = Table(title=title)
    t.add_column("document", no_wrap=True)  # whole, to copy into `show`
    for col in ("dossier", "type", "status", "flagged"):
        t.add_column(col, justify="right" if col == "flagged" else "left", overflow="fold")
    for r in rows:
        t.add_row(escape(r["id"]), escape(r["dossier"]), r["doc_type"], r["status"], str(r["flagged"]))
    out.print(t)


@app.command("search")
def search_cmd(query: str = typer.Argument(..., help="words (marks and case do not matter) or a personal id"),
               db: Optional[str] = DbOption,
               doc_type: Optional[str] = DocTypeOption,
               dossier: Optional[str] = typer.Option(None, help="only this dossier"),
               status: Optional[str] = StatusOption,
               field: Optional[str] = typer.Option(None, "--field", help="search this field only (e.g. full_name)"),
               date_from: Optional[str] = typer.Option(None, "--from", help="a date of the document on or after YYYY-MM-DD"),
               date_to: Optional[str] = typer.Option(None, "--to", help="a date of the document on or before YYYY-MM-DD"),
               limit: int = typer.Option(50, min=1, help="at most this many documents"),
               as_json: bool = typer.Option(False, "--json", help="JSON lines, one per document found"),
               show_pii: bool = ShowPiiOption):
    """Find documents by any field value or page text, without caring for marks or case
    (`nguyen van dung` finds NGUYỄN VĂN DŨNG), or exactly by a personal id.

    Example: `digitize search "vu hong lan" --doc-type cccd`
    """
    s = settings(db=db, show_pii=show_pii or None)
    database = open_db(s.db, create=False)
    where = checked_filters(database, dossier, doc_type, status, date_from, date_to)
    try:
        hits = finder.search(database, query, where, field=field, limit=limit)
    except finder.BadQuery as e:
        usage(str(e))
    if as_json:
        for h in hits:  # ids masked on the way out unless --show-pii (privacy.guard_output)
            out.print(json.dumps(asdict(h), ensure_ascii=False), markup=False, highlight=False, soft_wrap=True)
    else:
        t = Table(title=f"search: {escape(query)}")
        t.add_column("document", no_wrap=True)
        for col in ("dossier", "type", "status"):
            t.add_column(col, overflow="fold")
        t.add_column("match", overflow="fold", ratio=1)
        for h in hits:
            where_ = h.field or f"text of {h.page.rsplit('/', 1)[-1]}"
            t.add_row(escape(h.document_id), escape(h.dossier), h.doc_type, h.status,
                      f"[dim]{escape(where_)}:[/] {_marked(h.text, s.show_pii)}")
        out.print(t)
        more = " (the first; --limit for more)" if len(hits) == limit else ""
        err.print(f"{len(hits)} documents found{more}")
    if not hits:
        raise typer.Exit(Exit.PARTLY)

@app.command("list")
def list_cmd(db: Optional[str] = DbOption,
             doc_type: Optional[str] = DocTypeOption,
             dossier: Optional[str] = typer.Option(None, help="only this dossier"),
             status: Optional[str] = StatusOption,
             date_from: Optional[str] = typer.Option(None, "--from", help="a date of the document on or after YYYY-MM-DD"),
             date_to: Optional[str] = typer.Option(None, "--to", help="a date of the document on or before YYYY-MM-DD"),
             limit: Optional[int] = typer.Option(None, min=1, help="at most this many documents"),
             as_json: bool = typer.Option(False, "--json", help="JSON lines, one per document")):
    """List documents: id (as `show` takes it), dossier, type, status, flagged fields.

    Example: `digitize list --status needs_review`
    """
    s = settings(db=db)
    database = open_db(s.db, create=False)
    where = checked_filters(database, dossier, doc_type, status, date_from, date_to)
    rows = store.list_documents(database, where, limit)
    if not rows:
        usage("no document matches these filters")
    print_documents(rows, "documents", as_json)
