"""Questions to the store: ``kibaru search``, ``events``, ``actors``, ``article``."""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from typing import Any, Callable, List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import KibaruError
from .app import app
from .options import DB, open_db
from .output import stderr


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


FORMAT = typer.Option(QueryFormat.table, "--format", "-f", help="table, json (one array), jsonl or csv.")
LIMIT = typer.Option(20, "--limit", "-n", help="Rows to show.", min=0)
OFFSET = typer.Option(0, "--offset", help="Rows to skip (for paging).", min=0)
SINCE = typer.Option(None, "--since", "--from", help="From this day: YYYY, YYYY-MM or YYYY-MM-DD.")
UNTIL = typer.Option(None, "--until", "--to", help="Up to this day, included: YYYY, YYYY-MM or YYYY-MM-DD.")


def _run(db: str | None, work: Callable[[Any], Any]) -> Any:
    store = open_db(db, readonly=True)
    try:
        return work(store)
    except KibaruError as exc:
        stderr.print(f"[red]error[/]: {escape(exc.describe())}")
        raise typer.Exit(code=2) from None
    finally:
        store.close()


def _console() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=200)


def _emit(rows: list[dict[str, Any]], fmt: QueryFormat, columns: list[tuple[str, str]], title: str,
          flat: Callable[[dict[str, Any]], dict[str, Any]] = lambda r: r) -> None:
    """Print rows as a table (``columns``: key, header), JSON, JSON Lines or CSV."""
    if fmt is QueryFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt is QueryFormat.jsonl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    elif fmt is QueryFormat.csv:
        flat_rows = [flat(r) for r in rows]
        # every column any row has, in first-seen order: the first row alone
        # would drop the target columns of every event when it has no target
        names = list(dict.fromkeys(k for r in flat_rows for k in r)) or [key for key, _ in columns]
        writer = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat_rows)
    else:
        table = Table(title=title)
        for _, header in columns:
            table.add_column(header)
        for row in rows:
            flat_row = flat(row)
            table.add_row(*(escape("" if flat_row.get(key) is None else str(flat_row.get(key))) for key, _ in columns))
        _console().print(table)


@app.command("search", epilog=(
    "[b]Examples[/b]\n\n"
    "  kibaru search \"coopération militaire\" --since 2021-01-01 --country MLI\n\n"
    "  kibaru search '\"forces françaises\" OR Barkhane -Niger' --format json\n\n"
    "  kibaru search 'milit*' --db postgresql://kb@localhost/press"
))
def search_command(
    text: str = typer.Argument(..., help="Words to find (all of them); \"a phrase\"; a OR b; -word to exclude; pref* (SQLite)."),
    since: Optional[str] = SINCE,
    until: Optional[str] = UNTIL,
    country: Optional[str] = typer.Option(None, "--country", "-c", help="Only articles with an actor or place of this country (MLI, IGO:UN)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only this outlet."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Only this language (fr, en…)."),
    limit: int = LIMIT,
    offset: int = OFFSET,
    format: QueryFormat = FORMAT,
    db: Optional[str] = DB,
) -> None:
    """Full-text search over titles and texts, accents and case folded, best matches first."""
    from ..store import SearchQuery

    def work(store):
        query = SearchQuery(text, since=since, until=until, country=country, outlet=outlet, lang=lang,
                            limit=limit, offset=offset)
        return store.search(query)

    rows = _run(db, work)
    _emit(rows, format, [("id", "id"), ("published", "published"), ("outlet", "outlet"), ("title", "title"),
                         ("n_events", "events"), ("snippet", "snippet")], f"kibaru search — {len(rows)} articles")


def _group_keys(record: type) -> tuple[str, ...]:
    from ..doc.fields import specs

    return tuple(spec.key for spec in specs(record))


def _groups() -> dict[str, tuple[str, ...]]:
    from ..doc.layers import Place, Ref

    return {"source": _group_keys(Ref), "target": _group_keys(Ref), "place": _group_keys(Place)}


GROUPS = _groups()


def _flat_event(event: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: nested records as ``source_country``, ``place_lat`` … An
    event without a target or place still has their columns, empty, so that
    every row has the record schema's columns in the same order."""
    out: dict[str, Any] = {}
    for key, value in event.items():
        if key in GROUPS:
            for sub in GROUPS[key]:
                out[f"{key}_{sub}"] = value.get(sub) if value else None
        if isinstance(value, dict):
            for sub, subvalue in value.items():
                out[f"{key}_{sub}"] = subvalue
        elif key not in GROUPS:
            out[key] = value
    side = lambda ref: "" if not ref else f"{ref.get('name') or '?'} ({ref.get('country') or '?'} {ref.get('agent') or '?'})"  # noqa: E731
    out["source_label"] = side(event.get("source"))
    out["target_label"] = side(event.get("target"))
    # the event's own date at its precision ("2021-06", not "2021-06-01"); else
    # the article's publication day, marked as such
    day = event.get("day")
    out["when"] = event.get("date") or (f"{day} (published)" if day else "")
    return out


@app.command("events", epilog=(
    "[b]Examples[/b]\n\n"
    "  kibaru events --type CONSULT --source RUS --target MLI --from 2021-01 --to 2021-12\n\n"
    "  kibaru events --country BFA --type ASSAULT --format csv > attaques.csv\n\n"
    "  kibaru events --source Wagner          [dim]# a name, not a code: matched in the actor's name[/dim]"
))
def events_command(
    type: List[str] = typer.Option([], "--type", "-t", help="PLOVER type(s), e.g. CONSULT; repeat for several."),
    source: Optional[str] = typer.Option(None, "--source", "-s", help="Source actor: a country code (RUS, IGO:UN) or part of a name."),
    target: Optional[str] = typer.Option(None, "--target", help="Target actor: a country code or part of a name."),
    country: Optional[str] = typer.Option(None, "--country", "-c", help="Source, target or place in this country."),
    status: Optional[str] = typer.Option(None, "--status", help="occurred, planned, hypothetical or negated."),
    since: Optional[str] = SINCE,
    until: Optional[str] = UNTIL,
    article: Optional[str] = typer.Option(None, "--article", help="Only the events of this article id."),
    fused: bool = typer.Option(False, "--fused", help="One row per distinct real-world event, fused from all the "
                               "reports of it, with the number of reports, articles and outlets."),
    limit: int = typer.Option(50, "--limit", "-n", help="Rows to show.", min=0),
    offset: int = OFFSET,
    format: QueryFormat = FORMAT,
    db: Optional[str] = DB,
) -> None:
    """Coded events, newest first, filtered by type, actors, country and dates.

    An event's day is its own date when the article gives one, else the
    article's publication day. With [b]--fused[/b], reports of the same event
    in several articles count once.
    """
    from ..store import EventQuery
    from ..store.fusion import fused_events

    def work(store):
        query = EventQuery(types=list(type), source=source, target=target, country=country, status=status,
                           since=since, until=until, article_id=article, limit=limit, offset=offset)
        return fused_events(store, query) if fused else store.events(query)

    rows = _run(db, work)
    if fused:
        _emit(rows, format, [("first_day", "from"), ("last_day", "to"), ("type", "type"), ("source", "source"),
                             ("target", "target"), ("place_name", "place"), ("reports", "reports"),
                             ("articles", "articles"), ("outlets", "outlets"), ("sentence", "first report")],
              f"kibaru events --fused — {len(rows)} events", flat=_flat_fused)
        return
    _emit(rows, format, [("when", "date"), ("type", "type"), ("status", "status"), ("source_label", "source"),
                         ("target_label", "target"), ("place_name", "place"), ("trigger", "trigger"),
                         ("article_id", "article")],
          f"kibaru events — {len(rows)} events", flat=_flat_event)


def _flat_fused(row: dict[str, Any]) -> dict[str, Any]:
    side = lambda name, country: f"{name or '?'} ({country})" if country else (name or "—")  # noqa: E731
    return {**row, "source": side(row["source_name"], row["source_country"]),
            "target": side(row["target_name"], row["target_country"])}


@app.command("actors", epilog="[b]Examples[/b]\n\n  kibaru actors --country MLI --top 20\n\n  kibaru actors --agent REB")
def actors_command(
    country: Optional[str] = typer.Option(None, "--country", "-c", help="Only actors of this country (MLI, IGO:UN)."),
    agent: Optional[str] = typer.Option(None, "--agent", help="Only this PLOVER sector (GOV, MIL, REB…)."),
    name: Optional[str] = typer.Option(None, "--name", help="Only names containing this."),
    top: int = typer.Option(20, "--top", "-n", help="How many.", min=0),
    format: QueryFormat = FORMAT,
    db: Optional[str] = DB,
) -> None:
    """The actors most often mentioned, with the number of articles that mention them."""
    from ..store.queries import country_code

    rows = _run(db, lambda store: store.actors(country=country_code(country) if country else None,
                                               agent=agent.upper() if agent else None, name=name, top=top))
    _emit(rows, format, [("name", "name"), ("country", "country"), ("agent", "sector"), ("articles", "articles")],
          "kibaru actors")


@app.command("article")
def article_command(
    article_id: str = typer.Argument(..., help="The article's id (as in kibaru search / events)."),
    format: QueryFormat = typer.Option(QueryFormat.json, "--format", "-f", help="json (the contract object) or table (its events)."),
    db: Optional[str] = DB,
) -> None:
    """One stored article: the same JSON object that kibaru analyze printed."""
    article = _run(db, lambda store: store.article(article_id))
    if format in (QueryFormat.json, QueryFormat.jsonl):
        typer.echo(json.dumps(article, ensure_ascii=False, indent=2 if format is QueryFormat.json else None))
        return
    console = _console()
    console.print(f"[bold]{escape(article['title'] or article['id'])}[/]  "
                  f"{escape(article.get('outlet') or '')} {article.get('published') or ''}")
    _emit(article["events"], format, [("type", "type"), ("status", "status"), ("source_label", "source"),
                                      ("target_label", "target"), ("place_name", "place"), ("date", "date"),
                                      ("trigger", "trigger")], f"{len(article['events'])} events", flat=_flat_event)
