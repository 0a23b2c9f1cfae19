"""``kibaru eval``: score the coder against hand-annotated gold articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .app import app
from .options import AS_JSON, REPORT_FORMAT, ReportFormat, wants_json
from .output import note, stderr


@app.command("eval")
def eval_command(
    gold: Path = typer.Argument(..., help="Gold JSON Lines (see ../shared/gold/GUIDELINES.md).", exists=True, dir_okay=False),
    model: Optional[str] = typer.Option(
        None, "--model", help="A model directory made by kibaru train (default: the shipped models); "
        "'rules' scores the trigger lexicon and rules alone."),
    errors: Optional[Path] = typer.Option(
        None, "--errors", help="Write every miss, false positive, confused type and wrong dyad to this file "
        "(JSON Lines, one per error, with its sentence), for error study.", dir_okay=False),
    format: ReportFormat = REPORT_FORMAT,
    as_json: bool = AS_JSON,
) -> None:
    """Score the coder against hand-annotated gold articles.

    Runs the pipeline on each gold article and prints type F1, dyad F1, place,
    date and status accuracy, per-type precision/recall/F1 and the type
    confusion table, as the guidelines define them.
    """
    from ..eval import load_gold, score_articles
    from ..eval.run import code_gold
    from ..models import load_models
    from ..pipeline import PipelineConfig

    try:
        records = load_gold(gold)
        if model:
            load_models(model)
    except ValueError as exc:
        stderr.print(f"[red]error[/]: {escape(str(exc))}")
        raise typer.Exit(code=1)
    system = code_gold(records, PipelineConfig(model_dir=model))
    found: list[dict] = []
    scores = score_articles(records, system, errors=found)
    if errors is not None:
        with open(errors, "w", encoding="utf-8") as handle:
            for error in found:
                handle.write(json.dumps(error, ensure_ascii=False) + "\n")
        note(f"{len(found)} errors written to {errors}")
    if wants_json(format, as_json):
        typer.echo(json.dumps(scores.to_dict(), indent=2))
        return
    _print_scores(scores)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _print_scores(scores) -> None:
    console = Console()
    summary = Table(title=f"kibaru eval — {scores.articles} articles, {scores.gold_events} gold events, {scores.system_events} system events")
    for column in ("metric", "precision", "recall", "F1 / accuracy", "n"):
        summary.add_column(column)
    summary.add_row("type", f"{scores.type_p:.3f}", f"{scores.type_r:.3f}", f"{scores.type_f1:.3f}", "")
    summary.add_row("dyad", f"{scores.dyad_p:.3f}", f"{scores.dyad_r:.3f}", f"{scores.dyad_f1:.3f}", "")
    summary.add_row("place accuracy", "", "", _fmt(scores.place_accuracy), str(scores.place_n))
    summary.add_row("date accuracy", "", "", _fmt(scores.date_accuracy), str(scores.date_n))
    summary.add_row("status accuracy", "", "", _fmt(scores.status_accuracy), str(scores.status_n))
    console.print(summary)
    per_type = Table(title="per type")
    for column in ("type", "gold", "system", "precision", "recall", "F1"):
        per_type.add_column(column)
    for event_type, row in scores.per_type.items():
        per_type.add_row(event_type, str(row["gold"]), str(row["system"]), f"{row['p']:.2f}", f"{row['r']:.2f}", f"{row['f1']:.2f}")
    console.print(per_type)
    _print_confusion(console, scores.confusion)


def _print_confusion(console: Console, confusion: dict[str, dict[str, int]]) -> None:
    """Rows: the gold's type; columns: the coder's, in the same sentence
    ("-": no event on that side, i.e. a miss or a false positive)."""
    types = sorted({t for row in confusion.values() for t in row} | set(confusion))
    table = Table(title="type confusion (rows: gold, columns: system, first 4 letters; - = no event)",
                  padding=(0, 1))
    table.add_column("gold", no_wrap=True, min_width=9)
    for t in types:
        table.add_column(t[:4], justify="right", no_wrap=True, min_width=4)
    for g in types:
        row = confusion.get(g, {})
        table.add_row(g, *(str(row[t]) if row.get(t) else "" for t in types))
    Console(width=max(console.width, 16 + 7 * len(types))).print(table)
