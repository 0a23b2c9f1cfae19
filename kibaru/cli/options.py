"""Options shared by several commands, declared once."""

from __future__ import annotations

from enum import Enum

import typer
from rich.markup import escape

from ..settings import Settings

PATHS = typer.Argument(
    ..., help="Files or folders (walked recursively); '-' reads JSON Lines from standard input.", show_default=False
)
MAX_CHARS = typer.Option(
    None, "--max-chars", help=f"Largest article accepted (default {Settings().max_chars:,} characters)."
)
PROGRESS = typer.Option(
    None, "--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal)."
)
# The database of the query, export, db and serve commands; KIBARU_DB saves
# giving it on every call. (kibaru analyze stores only when --db is given: its
# default is to print.)
DB = typer.Option(
    None, "--db", envvar="KIBARU_DB", show_envvar=True,
    help="The database: a file path (SQLite, default ./kibaru.db), sqlite:///path or postgresql://user@host/dbname."
)


def open_db(url: str | None, *, readonly: bool = False, create: bool = True, check: bool = True):
    """Open the store for a command; a bad address or database is one line on stderr, exit 2."""
    from ..errors import KibaruError
    from ..store import open_store
    from .output import stderr

    if url is None:  # neither --db nor KIBARU_DB: the config file's, else ./kibaru.db
        from ..settings import config_path, read_config

        path = config_path()
        url = read_config(path).get("db") if path is not None else None
    try:
        return open_store(url, readonly=readonly, create=create, check=check)
    except KibaruError as exc:
        stderr.print(f"[red]error[/]: {escape(exc.describe())}")
        raise typer.Exit(code=2) from None


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


# How a report (eval, train, db stats) prints: --format, as the query commands
# say it; --json stays as the older spelling of --format json.
REPORT_FORMAT = typer.Option(ReportFormat.table, "--format", "-f", help="table or json.")
AS_JSON = typer.Option(False, "--json", hidden=True, help="The same as --format json.")


def wants_json(fmt: ReportFormat, as_json: bool) -> bool:
    return as_json or fmt is ReportFormat.json
