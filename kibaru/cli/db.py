"""``kibaru db upgrade | stats`` and ``kibaru export``: the database itself."""

from __future__ import annotations

import json
import os
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import KibaruError
from .app import app
from .options import AS_JSON, DB, REPORT_FORMAT, ReportFormat, open_db, wants_json
from .output import note, stderr, undated_note

db_app = typer.Typer(help="The database: create or upgrade its schema, see what it holds.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade_command(db: Optional[str] = DB) -> None:
    """Create the schema, or apply the migrations this kibaru has and the database lacks."""
    store = open_db(db, check=False)
    try:
        before = store.schema_version()
        applied = store.upgrade()
    except KibaruError as exc:
        stderr.print(f"[red]error[/]: {escape(exc.describe())}")
        raise typer.Exit(code=2) from None
    finally:
        store.close()
    if not applied:
        typer.echo(f"{store.url.display()}: schema up to date (version {before})")
    for migration in applied:
        typer.echo(f"{store.url.display()}: applied {migration.version:04d}_{migration.name}")


@db_app.command("stats")
def stats_command(
    db: Optional[str] = DB,
    format: ReportFormat = REPORT_FORMAT,
    as_json: bool = AS_JSON,
) -> None:
    """Rows per table, schema version and the last runs."""
    from ..store.url import redact

    store = open_db(db, readonly=True)
    try:
        runs = store.runs(10)
        for run in runs:  # runs recorded before commands were redacted on the way in
            run["command"] = redact(run["command"] or "") or None
        stats = {"database": store.url.display(), "backend": store.backend,
                 "schema_version": store.schema_version(), "rows": store.counts(), "runs": runs,
                 "articles_without_publication_date": store.scalar(
                     "SELECT count(*) FROM articles WHERE published IS NULL")}
    except KibaruError as exc:
        stderr.print(f"[red]error[/]: {escape(exc.describe())}")
        raise typer.Exit(code=2) from None
    finally:
        store.close()
    if wants_json(format, as_json):
        typer.echo(json.dumps(stats, indent=2, ensure_ascii=False, default=str))
        return
    console = Console()
    console.print(f"[bold]{escape(stats['database'])}[/] ({stats['backend']}, schema version {stats['schema_version']})")
    rows = Table(title="rows")
    rows.add_column("table")
    rows.add_column("rows", justify="right")
    for table, count in stats["rows"].items():
        rows.add_row(table, f"{count:,}")
    console.print(rows)
    runs = Table(title="last runs")
    for column in ("run", "started", "status", "stored", "replaced", "skipped", "failed", "events", "version"):
        runs.add_column(column)
    for run in stats["runs"]:
        status = run["status"] if run["status"] != "running" or run["finished_at"] else "running or killed"
        runs.add_row(str(run["id"]), str(run["started_at"]), status, *(str(run[k]) for k in
                     ("stored", "replaced", "skipped", "failed", "events")), str(run["kibaru_version"]))
    console.print(runs)
    if stats["articles_without_publication_date"]:
        console.print(f"[yellow]W104[/] {undated_note(stats['articles_without_publication_date'])}")


@app.command("fuse")
def fuse_command(db: Optional[str] = DB) -> None:
    """Recompute every fused event: reports of one real-world event linked across articles.

    kibaru analyze --db does this for the events it stores; run it after
    changing the fusion rules or importing events by other means.
    """
    from ..store.fusion import fuse

    store = open_db(db)
    try:
        counts = fuse(store)
    except KibaruError as exc:
        stderr.print(f"[red]error[/]: {escape(exc.describe())}")
        raise typer.Exit(code=2) from None
    finally:
        store.close()
    typer.echo(f"{counts['reports']:,} events fused into {counts['fused']:,} distinct events")


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"
    gdelt = "gdelt"


_SUFFIX_FORMAT = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".tsv": "gdelt"}


@app.command("export", epilog=(
    "[b]Examples[/b]\n\n"
    "  kibaru export events events.parquet\n\n"
    "  kibaru export events attaques.csv --type ASSAULT --country BFA\n\n"
    "  kibaru export events gdelt.tsv                    [dim]# GDELT 2.0's 61 columns; --plover-columns adds type, mode, article id[/dim]\n\n"
    "  kibaru export events - --format csv | head        [dim]# - is standard output[/dim]\n\n"
    "  kibaru export articles articles.parquet\n\n"
    "  kibaru export annotations reviewed.jsonl          [dim]# the dashboard's reviews, in the gold format: kibaru train reviewed.jsonl ...[/dim]"
))
def export_command(
    what: str = typer.Argument(..., help="events, articles, or annotations (the review queue's verdicts, in the gold format)."),
    output: Path = typer.Argument(..., help="The file to write (replaced only once complete); - for standard output."),
    format: Optional[ExportFormat] = typer.Option(None, "--format", "-f", help="parquet, csv, jsonl or gdelt (default: from the file's suffix; .tsv is gdelt)."),
    type: List[str] = typer.Option([], "--type", "-t", help="Events: only these PLOVER types."),
    source: Optional[str] = typer.Option(None, "--source", "-s", help="Events: source country code or name."),
    target: Optional[str] = typer.Option(None, "--target", help="Events: target country code or name."),
    country: Optional[str] = typer.Option(None, "--country", "-c", help="Events: source, target or place in this country."),
    since: Optional[str] = typer.Option(None, "--since", "--from", help="Events from this day."),
    until: Optional[str] = typer.Option(None, "--until", "--to", help="Events up to this day."),
    header: bool = typer.Option(False, "--header", help="gdelt: write a header line (GDELT's own files have none)."),
    plover_columns: bool = typer.Option(False, "--plover-columns", help="gdelt: add kibaru's PLOVER type, mode and article id after GDELT's 61 columns."),
    db: Optional[str] = DB,
) -> None:
    """Write events or articles to Parquet, CSV, JSON Lines, or a GDELT 2.0 style TSV; reviewed events as gold annotations."""
    from ..store import EventQuery
    from ..store.export import export

    if what not in ("events", "articles", "annotations"):
        stderr.print(f"[red]error[/]: nothing to export called {escape(what)!r}: events, articles or annotations")
        raise typer.Exit(code=2)
    fmt = format.value if format else _SUFFIX_FORMAT.get(output.suffix.lower())
    if what == "annotations" and fmt is None and str(output) == "-":
        fmt = "jsonl"
    if fmt is None:
        stderr.print(f"[red]error[/]: {escape(str(output))}: cannot tell the format from the suffix; give --format")
        raise typer.Exit(code=2)
    store = open_db(db, readonly=True)
    try:
        query = EventQuery(types=list(type), source=source, target=target, country=country, since=since,
                           until=until) if what == "events" else None
        count = export(store, what, output, fmt, query=query, header=header, plover_columns=plover_columns)
    except (KibaruError, ValueError, OSError) as exc:
        message = exc.describe() if isinstance(exc, KibaruError) else str(exc)
        stderr.print(f"[red]error[/]: {escape(message)}")
        raise typer.Exit(code=2) from None
    finally:
        store.close()
    where = "standard output" if str(output) == "-" else str(output)
    note(f"{count:,} {what} written to {where} ({fmt})")


config_app = typer.Typer(help="The settings in force and where each comes from.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("show")
def config_show_command(
    db: Optional[str] = DB,
    format: ReportFormat = REPORT_FORMAT,
) -> None:
    """Every setting and the database: value, and where it came from (default,
    config file, environment or command line)."""
    from ..settings import describe
    from ..store.url import redact

    try:
        rows = describe(db_flag=db if db is not None and db != os.environ.get("KIBARU_DB") else None)
    except KibaruError as exc:
        stderr.print(f"[red]error[/]: {escape(exc.describe())}")
        raise typer.Exit(code=2) from None
    rows = [(n, redact(str(v)) if n == "db" else v, w, h) for n, v, w, h in rows]  # never a password
    if format is ReportFormat.json:
        typer.echo(json.dumps([{"name": n, "value": v, "from": w, "help": h} for n, v, w, h in rows],
                              indent=2, ensure_ascii=False))
        return
    table = Table(title="kibaru settings")
    for column in ("setting", "value", "from"):
        table.add_column(column)
    for name, value, where, _ in rows:
        table.add_row(name, escape(str(value)), escape(where))
    Console().print(table)
