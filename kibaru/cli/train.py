"""``kibaru train``: fit kibaru's models on annotated gold and cross-validate them."""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import List

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .app import app
from .options import AS_JSON, REPORT_FORMAT, ReportFormat, wants_json
from .output import note, stderr


@app.command(
    "train",
    epilog=(
        "[b]Examples[/b]\n\n"
        "  kibaru train ../shared/gold/train.jsonl --out models/            [dim]# train, cross-validate, save[/dim]\n\n"
        "  kibaru train ../shared/gold/train.jsonl my_outlets.jsonl --out models/\n\n"
        "  kibaru eval ../shared/gold/dev.jsonl --model models/\n\n"
        "  kibaru analyze news/ --model models/ --db kibaru.db"
    ),
)
def train_command(
    gold: List[Path] = typer.Argument(..., help="Gold JSON Lines files (see ../shared/gold/GUIDELINES.md).",
                                      exists=True, dir_okay=False),
    out: Path = typer.Option(..., "--out", "-o", help="The model directory to write (created; files in it are replaced)."),
    folds: int = typer.Option(5, "--folds", min=2, help="Cross-validation folds (whole articles per fold)."),
    seed: int = typer.Option(0, "--seed", help="Seed for the folds and the solvers: the same gold and seed give the same models."),
    cross_validate: bool = typer.Option(True, "--cv/--no-cv", help="Cross-validate before the final fit (about two thirds of the time)."),
    format: ReportFormat = REPORT_FORMAT,
    as_json: bool = AS_JSON,
) -> None:
    """Train kibaru's models on annotated articles, and print cross-validated scores.

    Fits the sentence-break, trigger (event type), source/target and status
    models on the gold files, scores them by k-fold cross-validation over whole
    articles with the gold scorer of [b]kibaru eval[/b], then fits them on all
    the gold and writes them to [b]--out[/b]. Use the result with
    [b]kibaru analyze --model DIR[/b] and [b]kibaru eval --model DIR[/b].
    Needs the training extra: pip install 'kibaru\\[train]'.
    """
    try:
        import sklearn  # noqa: F401
    except ImportError:
        stderr.print("[red]error[/]: kibaru train needs scikit-learn: pip install 'kibaru\\[train]'")
        raise typer.Exit(code=2)
    from ..eval import load_gold
    from ..training import TrainConfig, cross_validate as run_cv, prepare, train_models

    records = []
    for path in gold:
        try:
            records.extend(load_gold(path))
        except ValueError as exc:
            stderr.print(f"[red]error[/]: {escape(str(exc))}")
            raise typer.Exit(code=2)
    if len({r.id for r in records}) < folds:
        stderr.print(f"[red]error[/]: {len(records)} gold articles; at least --folds ({folds}) are needed")
        raise typer.Exit(code=2)
    config = TrainConfig(seed=seed, folds=folds)
    say = note
    started = time.perf_counter()
    prepared = prepare(records, config, log=say)
    summary = None
    try:
        if cross_validate:
            results = run_cv(prepared, log=say)
            summary = cv_summary(results)
        models = train_models(prepared, log=say)
    except ValueError as exc:  # a gold with nothing to learn
        stderr.print(f"[red]error[/]: {escape(str(exc))}")
        raise typer.Exit(code=2)
    models.manifest.update({"gold": [str(p) for p in gold], "cv": summary,
                            "seconds": round(time.perf_counter() - started)})
    models.save(out)
    say(f"models written to {out} ({time.perf_counter() - started:.0f} s)")
    if summary is None:
        return
    if wants_json(format, as_json):
        typer.echo(json.dumps(summary, indent=2))
    else:
        print_cv(summary)


def cv_summary(results) -> dict:
    """Per-fold scores, and their mean and standard deviation."""
    metrics = ("type_f1", "dyad_f1", "type_p", "type_r", "status_accuracy", "place_accuracy", "date_accuracy")
    per_fold = [{m: getattr(r.scores, m) for m in metrics} | {"articles": r.scores.articles,
                                                              "gold_events": r.scores.gold_events}
                for r in results]
    summary: dict = {"folds": per_fold}
    for m in metrics:
        values = [f[m] for f in per_fold if f[m] is not None]
        if values:
            summary[m] = {"mean": statistics.mean(values),
                          "sd": statistics.stdev(values) if len(values) > 1 else 0.0}
    return summary


def print_cv(summary: dict) -> None:
    table = Table(title=f"kibaru train — {len(summary['folds'])}-fold cross-validation by article")
    for column in ("fold", "articles", "gold events", "type F1", "dyad F1", "status acc.", "place acc.", "date acc."):
        table.add_column(column)

    def fmt(value) -> str:
        return "—" if value is None else f"{value:.3f}"

    for i, fold in enumerate(summary["folds"], start=1):
        table.add_row(str(i), str(fold["articles"]), str(fold["gold_events"]), fmt(fold["type_f1"]),
                      fmt(fold["dyad_f1"]), fmt(fold["status_accuracy"]), fmt(fold["place_accuracy"]),
                      fmt(fold["date_accuracy"]))

    def mean(m: str) -> str:
        return f"{summary[m]['mean']:.3f} ± {summary[m]['sd']:.3f}" if m in summary else "—"

    table.add_row("mean ± sd", "", "", mean("type_f1"), mean("dyad_f1"), mean("status_accuracy"),
                  mean("place_accuracy"), mean("date_accuracy"))
    Console(file=sys.stdout, width=max(Console().width, 110)).print(table)
