"""The QA commands: `review` (terminal and spreadsheet), `serve` (web page), `audit verify|log`.

Exit codes (exits.Exit): `review --apply` PARTLY when some rows were refused; `audit verify`
DAMAGED when the hash chain is broken (the first bad event is named), MISMATCH when the chain
is intact but a reviewed field in the store disagrees with its last event.
"""
from __future__ import annotations

import errno
import getpass
import socket
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from . import audit, store
from .cli_common import (DbOption, DocTypeOption, JsonOption, ShowPiiOption, app, err, fail, open_db, out,
                         settings, usage)
from .cli_search import checked_filters
from .exits import Exit
from .privacy import mask_ids

ReviewerOption = typer.Option(None, "--reviewer", help="name recorded on each decision [default: login name]")


audit_app = typer.Typer(no_args_is_help=True, help="The review trail: who changed what, and is it intact.")
app.add_typer(audit_app, name="audit")


@app.command("review")
def review_cmd(db: Optional[str] = DbOption,
               doc_type: Optional[str] = DocTypeOption,
               dossier: Optional[str] = typer.Option(None, help="only this dossier"),
               reviewer: Optional[str] = ReviewerOption,
               show_pii: bool = ShowPiiOption,
               export_queue: Optional[Path] = typer.Option(None, "--export-queue", metavar="FILE.csv",
                                                           help="write the queue as CSV for a spreadsheet"),
               apply_file: Optional[Path] = typer.Option(None, "--apply", metavar="FILE.csv",
                                                         help="apply the decisions of a filled-in queue CSV"),
               config_file: Optional[Path] = typer.Option(None, "--config", help="settings file")):
    """Settle flagged fields, one at a time in the terminal or through a spreadsheet.

    Enter accepts the machine value, typed text corrects it, `-` marks it absent on the
    paper, `>` skips, `<` goes back, `q` quits, `?` helps; `=` before a value types it as
    it is (`=q`). A session resumes at the first field still flagged. Or round-trip the queue through a
    spreadsheet with --export-queue and --apply (columns action = accept/correct/absent,
    new_value, reviewer).

    Example: `digitize review --doc-type birth_certificate --reviewer lan`
    """
    from . import review_csv, review_term  # OpenCV and the parsers: only when reviewing

    if export_queue and apply_file:
        usage("--export-queue and --apply are two steps: give one at a time")
    s = settings(all_keys=True, config_file=config_file, db=db, show_pii=show_pii or None)
    database = open_db(s.db, create=False)
    checked_filters(database, dossier, doc_type)
    name = (reviewer or getpass.getuser()).strip()
    if not name:
        usage("--reviewer is empty: every decision records who took it")
    if export_queue:
        try:
            n = review_csv.export_queue(database, export_queue, doc_type=doc_type, dossier=dossier)
        except OSError as e:
            fail(Exit.ENV, f"cannot write {export_queue}: {e.strerror}")
        out.print(f"{n} flagged fields written to {export_queue}: fill in action (accept, correct, absent), "
                  f"new_value and reviewer, then `digitize review --apply {export_queue}`", highlight=False)
        return
    if apply_file:
        try:
            applied, left, refused = review_csv.apply(database, apply_file, name)
        except review_csv.BadFile as e:
            usage(str(e))
        out.print(f"{applied} rows applied, {left} left undecided (no action), {len(refused)} refused")
        if refused:
            # one line per row, not a table: greppable, and never wrapped mid-reason
            out.print("refused rows (nothing of them was changed):")
            for r in refused:
                reason = r.reason if s.show_pii else mask_ids(r.reason)
                out.print(f"  line {r.line}: {r.document} {r.field}: {reason}", markup=False, highlight=False)
            raise typer.Exit(Exit.PARTLY)
        return
    try:
        review_term.Session(database, s.db, s, name, out, doc_type=doc_type, dossier=dossier,
                            show_pii=s.show_pii).run()
    except KeyboardInterrupt:
        err.print("\ninterrupted: every decision so far is saved; run again to go on")
        raise typer.Exit(Exit.INTERRUPTED)

@app.command()
def serve(host: str = typer.Option("127.0.0.1", help="address to listen on; other than loopback needs --token"),
          port: int = typer.Option(8765, min=1, max=65535, help="port to listen on"),
          token: Optional[str] = typer.Option(None, envvar="DIGITIZE_SERVE_TOKEN",
                                              help="required on every request [env DIGITIZE_SERVE_TOKEN]"),
          db: Optional[str] = DbOption,
          reviewer: Optional[str] = typer.Option(None, "--reviewer", help="name recorded for a browser that gives "
                                                 "none (one reviewer on their own machine) [default: each browser is asked]"),
          config_file: Optional[Path] = typer.Option(None, "--config", help="settings file")):
    """Serve the review queue as a local web page.

    The scan with the field's box, a zoomed crop, the value ready to edit. Keys: Enter
    save, Alt+A accept, Alt+X absent, Alt+S skip, Alt+B back.

    Example: `digitize serve --port 8765` then open http://127.0.0.1:8765/
    """
    from werkzeug.serving import make_server

    from . import review
    from .web import create_app, is_loopback

    loopback = is_loopback(host)
    if not loopback and not token:
        usage(f"serving on {host} shows personal data to the network: give --token (or DIGITIZE_SERVE_TOKEN) "
               "so every request must carry it")
    s = settings(all_keys=True, config_file=config_file, db=db)
    open_db(s.db, create=False).close()  # fail now (exit 3), and migrate before the threads start
    review.remove_old_crops(s.db, s.crop_max_hours * 3600)
    # no login-name default: on a shared server everyone would be its login; each browser is asked
    app_ = create_app(s.db, s, (reviewer or "").strip(), token=token, loopback=loopback)
    # The socket is bound here, not by Werkzeug, whose own failure prints its text and exits 1.
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        listener = socket.create_server((host, port), family=family)
    except OSError as e:
        why = (f"port {port} is in use by another program: stop it, or give another --port"
               if e.errno == errno.EADDRINUSE else e.strerror or str(e))
        fail(Exit.ENV, f"cannot listen on {host}:{port}: {why}")
    server = make_server(host, port, app_, threaded=True, fd=listener.fileno())
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{listener.getsockname()[1]}/"
    out.print(f"review page on {url}" + (" (open it once with ?token=YOUR_TOKEN)" if token else "")
              + "; Ctrl-C to stop", highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        out.print("stopped")
    finally:
        server.server_close()
        listener.close()


@audit_app.command("verify")
def audit_verify(db: Optional[str] = DbOption):
    """Check the review trail: every event's hash, the chain between them, and that each
    reviewed field shows its last decision. Exit 0 intact, 5 chain broken (the first bad
    event is named), 6 store and trail disagree.

    Example: `digitize audit verify --db output/digitize.db`
    """
    database = open_db(settings(db=db).db, create=False)
    events = store.review_events(database)
    n, head, broken = audit.verify_chain(events)
    if broken:
        err.print(f"[red]trail broken at event {broken.event_id}[/]: {broken.reason}; "
                  f"{n} events before it check out")
        raise typer.Exit(Exit.DAMAGED)
    last = {(e["document_id"], e["key"]): e for e in events}
    mismatch = audit.verify_fields(store.settled_fields(database), last)
    if mismatch:
        err.print(f"[red]store and trail disagree[/]: {escape(mismatch.reason)}")
        raise typer.Exit(Exit.MISMATCH)
    out.print(f"trail intact: {n} events, head {head}")

@audit_app.command("log")
def audit_log(db: Optional[str] = DbOption,
              document: Optional[str] = typer.Option(None, help="only this document (DOSSIER/N)"),
              limit: Optional[int] = typer.Option(None, min=1, help="only the last N events"),
              as_json: bool = JsonOption,
              show_pii: bool = ShowPiiOption):
    """List review decisions, oldest first: time, reviewer, document, field, action, old and
    new value.

    Example: `digitize audit log --document 000.00.40.H56-240809-0027/2 --limit 20`
    """
    import json

    from .review import shown

    s = settings(db=db, show_pii=show_pii or None)
    database = open_db(s.db, create=False)
    events = store.review_events(database, document_id=document, limit=limit)
    if as_json:  # ids masked on the way out unless --show-pii (privacy.guard_output)
        for e in events:
            out.print(json.dumps(e, ensure_ascii=False), markup=False, highlight=False)
        return
    t = Table(title="review trail")
    for col in ("id", "time", "reviewer", "document", "field", "action", "old", "new"):
        t.add_column(col, overflow="fold")  # a trail is read in full: wrap, never cut with …
    for e in events:
        old, new = (shown(v, s.show_pii) for v in (e["old_value"], e["new_value"]))
        at = e["at"].replace("T", " ")[:19]
        t.add_row(*(escape(str(v)) for v in (e["id"], at, e["reviewer"], e["document_id"], e["key"],
                                             e["action"], old, new)))
    out.print(t)
