"""``kibaru eval``: score the coder against hand-annotated gold articles."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from .app import app
from .output import stderr


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
