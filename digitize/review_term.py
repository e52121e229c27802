"""`digitize review` in the terminal: one flagged field at a time, decided from the keyboard.

Line-based on purpose (input() with readline editing): it works over ssh, in tmux, on any
terminal, and a reviewer types a correction the way they type anything else.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from . import privacy, review
from .config import Settings

try:
    import readline  # noqa: F401  (line editing and history for input(); absent on some builds)
except ImportError:
    pass

KEYS = {"": "accept", "-": "absent", ">": "skip", "<": "back", "u": "undo", "q": "quit", "?": "help"}
HELP = ("[bold]Enter[/] accept the machine value · [bold]type a value[/] and Enter to correct it "
        "(dates as dd/mm/yyyy) · [bold]-[/] absent on the paper · [bold]>[/] skip · [bold]<[/] back · "
        "[bold]u[/] undo your last decision (this session or an earlier one) · [bold]q[/] quit · "
        "[bold]?[/] help · start with [bold]=[/] to type one of these as a value (=q)")
YES = ("y", "yes", "c", "có", "co")
PROMPT = "value> "
DONE = {review.ACCEPT: "accepted", review.CORRECT: "saved", review.ABSENT: "absent"}


class Session:
    def __init__(self, db, db_path: str, settings: Settings, reviewer: str, console: Console,
                 doc_type: str | None = None, dossier: str | None = None, show_pii: bool = False,
                 ask: Callable[[str], str] = input):
        self.db, self.db_path, self.settings, self.reviewer = db, db_path, settings, reviewer
        self.out, self.ask, self.show_pii = console, ask, show_pii
        self.filters = {"doc_type": doc_type, "dossier": dossier}
        review.remove_old_crops(db_path, settings.crop_max_hours * 3600)
        self.items = review.queue(db, **self.filters)
        self.visited: set[tuple[str, str]] = set()
        self.settled = self.skipped = 0

    def run(self) -> None:
        if not self.items:
            self.out.print("nothing to review: no flagged field" + self._under())
            return
        i = 0
        while i < len(self.items):
            ident = (self.items[i].document_id, self.items[i].key)
            item = review.get(self.db, *ident)
            # settled elsewhere (web page, spreadsheet, a run) since the queue was read: pass on
            if item is None or (not item.flagged and ident not in self.visited):
                i += 1
                continue
            self.visited.add(ident)
            move = self._field(item, i)
            if isinstance(move, review.Item):  # an undone decision: its field comes back here
                self.items.insert(i, move)
                self.visited.discard((move.document_id, move.key))
                continue
            if move == "quit":
                self._bye(stopped=True)
                return
            if move == "back" and i == 0:
                self.out.print("this is the first field")
            i = max(0, i - 1) if move == "back" else i + 1
        self._bye(stopped=False)

    def _field(self, item: review.Item, i: int) -> str | review.Item:
        """Show one field and ask until a decision or a move: 'next', 'back', 'quit', or the
        field of an undone decision."""
        self._show(item, i)
        while True:
            try:
                line = self.ask(PROMPT).strip()
            except EOFError:  # Ctrl-D
                return "quit"
            key = KEYS.get(line)
            if key == "help":
                self.out.print(HELP)
                continue
            if key in ("quit", "back"):
                return key
            if key == "undo":
                try:
                    undone = review.undo_last(self.db, self.reviewer)
                except review.Refused as e:
                    self.out.print(f"[red]{escape(e.args[0])}[/]")
                    continue
                self.settled -= 1
                self.out.print(f"[yellow]undone[/]: {escape(undone.document_id)} {undone.key} waits for a decision again")
                return undone
            if key == "absent" and review.confident(item, self.settings) and not self._sure(item):
                continue
            if key == "skip":
                self.skipped += 1
                return "next"
            if key == "accept" and item.reviewed_by:
                return "next"  # come back to a settled field: Enter keeps the decision
            action = {"accept": review.ACCEPT, "absent": review.ABSENT}.get(key, review.CORRECT)
            typed = line[1:] if line.startswith("=") else line
            try:
                event = review.decide(self.db, item, action, self.reviewer, typed)
            except review.Refused as e:
                self.out.print(f"[red]{escape(e.args[0])}[/]: try again, or ? for help")
                continue
            self.settled += 1
            new = "(absent on the paper)" if event["new_value"] is None else escape(self._display(item, event["new_value"]))
            with self._unmasked():
                self.out.print(f"[green]{DONE[action]}[/] {item.key} = {new}")
            return "next"

    def _sure(self, item: review.Item) -> bool:
        """Marking absent a value the machine read with confidence: asked first."""
        with self._unmasked():
            self.out.print(f"the machine read [bold]{escape(self._display(item, item.machine))}[/] with confidence "
                           f"{item.confidence:.2f}: is it really absent on the paper?")
        try:
            return self.ask("absent? y/N> ").strip().lower() in YES
        except EOFError:
            return False

    def _display(self, item: review.Item, value: str | None) -> str:
        if value is None:
            return "(none)"
        return review.display(review.kind_of(item.doc_type, item.key), value)

    @contextmanager
    def _unmasked(self):
        """The value being edited is the one thing printed unmasked: the reviewer must read it
        (everything else goes through the process-wide mask, privacy.guard_output)."""
        privacy.reveal(True)
        try:
            yield
        finally:
            privacy.reveal(self.show_pii)

    def _show(self, item: review.Item, i: int) -> None:
        done, total = review.progress(self.db, **self.filters)
        pii = self.show_pii
        src = item.source
        self.out.rule(f"field {i + 1} of {len(self.items)} · settled {done} of {total}")
        self.out.print(f"[bold]document[/] {escape(item.document_id)}  {item.doc_type}   "
                       f"[bold]dossier[/] {escape(item.dossier)}")
        if src:
            self.out.print(f"[bold]scan[/]     {escape(src['file'])} page {src['page']}")
        self.out.print(f"[bold]field[/]    [cyan]{item.key}[/]")
        with self._unmasked():
            self.out.print(f"[bold]machine[/]  {escape(self._display(item, item.machine))}"
                           f"   confidence {item.confidence:.2f}"
                           f"   reasons {', '.join(item.reasons) if item.flagged else '-'}")
            if item.reviewed_by:
                now = "(absent on the paper)" if item.value is None else self._display(item, item.value)
                self.out.print(f"[yellow]settled by {escape(item.reviewed_by)} at {item.reviewed_at}:[/] "
                               f"{escape(now)}   (Enter keeps it)")
        line = review.line_text(self.db, item) or item.raw
        self.out.print(f"[bold]OCR line[/] {escape(review.shown(line, pii))}")
        path, message = review.save_crop(self.db, self.db_path, item, self.settings)
        if path:
            self.out.print(f"[bold]crop[/]     {escape(str(path))}")
        if message:
            self.out.print(f"[yellow]{escape(message)}[/]")
        self.out.print("[bold]other fields:[/]")
        for other in review.context(self.db, item):
            mark = "⚑" if other.flagged else ("✓" if other.reviewed_by else " ")
            self.out.print(f"  {mark} {other.key:<24} {escape(review.shown(other.value, pii))}")
        self.out.print("[dim]Enter accept · text correct · - absent · > skip · < back · u undo · q quit · ? help[/]")

    def _under(self) -> str:
        parts = [f"{k.replace('_', ' ')} {v}" for k, v in self.filters.items() if v]
        return f" ({', '.join(parts)})" if parts else ""

    def _bye(self, stopped: bool) -> None:
        done, total = review.progress(self.db, **self.filters)
        left = total - done
        head = "stopped" if stopped else "end of the queue"
        self.out.print(f"{head}: {self.settled} decisions this session, {done} of {total} settled{self._under()}")
        if left:
            again = f"digitize review --db {Path(self.db_path)}"
            self.out.print(f"{left} waiting" + (f" ({self.skipped} skipped)" if self.skipped else "")
                           + f": run `{escape(again)}` to go on")
