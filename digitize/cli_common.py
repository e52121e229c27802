"""What every command module shares: the Typer app, the consoles, the store and settings
helpers, and the one handler that turns a DigitizeError into its message and exit code.

cli.py, cli_review.py, cli_search.py and cli_deliver.py each add their commands to `app`;
none imports cli.py, so `python -m digitize.cli` (which runs cli.py as __main__) still loads
every module once.
"""
from __future__ import annotations

from typing import Optional

import click
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup, TyperOption

from . import __version__, config, privacy, store
from .exits import DigitizeError, EnvError, Exit, UsageError
from .search import DOC_TYPES, STATUSES

out = Console(soft_wrap=True)  # messages stay on one line in logs; tables still fit
err = Console(stderr=True, soft_wrap=True)

DbOption = typer.Option(None, "--db", help="SQLite store [env DIGITIZE_DB; default output/digitize.db]")
ShowPiiOption = typer.Option(False, "--show-pii", help="show personal ids unmasked")
JsonOption = typer.Option(False, "--json", help="JSON, one object a line, for scripts")
DocTypeOption = typer.Option(None, "--doc-type", help=f"only this document type: {', '.join(DOC_TYPES)}")
StatusOption = typer.Option(None, "--status", help=f"only this status: {', '.join(STATUSES)}")


class Group(TyperGroup):
    """The one place where errors become exit codes (under the real command and CliRunner alike)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DigitizeError as e:
            err.print(f"[red]error:[/] {escape(str(e))}", highlight=False)
            raise typer.Exit(int(e.code)) from None


# A flag takes no value: Typer's `<bool>` beside it in --help only reads as one to type.
_type_shown = TyperOption.display_type_rich
TyperOption.display_type_rich = lambda self, ctx: None if self.is_flag else _type_shown(self, ctx)

# No local variables in tracebacks: they would hold OCR text and personal ids.
app = typer.Typer(cls=Group, add_completion=False, no_args_is_help=True, rich_markup_mode="markdown",
                  pretty_exceptions_show_locals=False,
                  help="Turn scanned dossiers into validated, searchable records.")


def _version(value: bool) -> None:
    if value:
        out.print(f"digitize {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                                 help="print the version and exit")):
    """Turn scanned dossiers into validated, searchable records. Exit codes: docs/exit-codes.md."""


def settings(all_keys: bool = False, **flags) -> config.Settings:
    """The settings; without `all_keys` only the store and --show-pii are taken from the
    environment (a bad DIGITIZE_JOBS is no reason for `status` to fail)."""
    try:
        s = config.load(uses=None if all_keys else {"db", "show_pii"}, **flags)
    except config.ConfigError as e:
        raise UsageError(f"configuration: {e}") from None
    privacy.reveal(s.show_pii)
    return s


def open_db(db_path: str, create: bool = True):
    try:
        return store.open_store(db_path, create=create)
    except store.StoreError as e:
        raise EnvError(str(e)) from None


def usage(message: str) -> None:
    raise UsageError(message)


def fail(code: Exit, message: str) -> None:
    raise DigitizeError(message, code)
