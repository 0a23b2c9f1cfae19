"""Console output shared by the commands: JSON Lines / tables on stdout,
progress, warnings, notes and one-line errors on stderr.

How much goes to stderr is the root options' ``-v``/``-q`` (pip's and
sqlite-utils' habit), set once by ``set_verbosity``:

* ``-q``: errors only (no warnings, summaries or progress bar);
* default: errors, warnings, one-line summaries, and a progress bar on a terminal;
* ``-v``: also what kibaru's loggers say at INFO (the model and stages
  loaded, the database opened, each input read); ``-vv``: DEBUG too.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from typing import Any, Iterable, Iterator

from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text
from rich.table import Table

from ..doc import Article

stderr = Console(stderr=True, highlight=False, soft_wrap=True)

QUIET, NORMAL, VERBOSE, DEBUG = -1, 0, 1, 2
_LOG_LEVELS = {QUIET: logging.ERROR, NORMAL: logging.WARNING, VERBOSE: logging.INFO, DEBUG: logging.DEBUG}
_verbosity = NORMAL


class _ConsoleHandler(logging.Handler):
    """kibaru's log records as lines on the stderr console."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
        except Exception:  # a bad format argument: logging's own policy, never a crash
            self.handleError(record)
            return
        style = "red" if record.levelno >= logging.ERROR else "yellow" if record.levelno >= logging.WARNING else "dim"
        stderr.print(f"[{style}]{record.name}[/] {escape(message)}")


def set_verbosity(verbose: int = 0, quiet: int = 0) -> int:
    """Set how much the commands say on stderr (``-v``/``-q`` counts) and
    route the ``kibaru`` loggers there; returns the level (-1 to 2)."""
    global _verbosity
    _verbosity = max(QUIET, min(DEBUG, verbose - quiet))
    logger = logging.getLogger("kibaru")
    logger.setLevel(_LOG_LEVELS[_verbosity])
    if not any(isinstance(h, _ConsoleHandler) for h in logger.handlers):
        logger.addHandler(_ConsoleHandler())
    logger.propagate = False  # the command line's own handler, not the root logger's (nor twice)
    return _verbosity


def warning(line: str) -> None:
    """A warning line on stderr (not with ``-q``)."""
    if _verbosity > QUIET:
        stderr.print(f"[yellow]warning[/]: {escape(line)}")


def note(line: str, markup: str = "") -> None:
    """A summary line on stderr (not with ``-q``); ``markup`` is printed
    before it as rich markup (already escaped by the caller)."""
    if _verbosity > QUIET:
        stderr.print(markup + escape(line))


def error(line: str) -> None:
    """An error line on stderr: always shown."""
    stderr.print(f"[red]error[/]: {escape(line)}")


class Reporter:
    """Progress on stderr (articles done, articles/s, ETA) and one line per failed input.

    ``track`` wraps the stream as it is read (errors and warnings are printed
    there); ``done`` wraps the stream of finished articles, which moves the bar.
    For ``kibaru read`` both are the same stream.
    """

    def __init__(self, total: int | None = None, show: bool | None = None, verb: str = "reading") -> None:
        self.total = total
        self.show = stderr.is_terminal and _verbosity > QUIET if show is None else show
        self.verb = verb
        self.failures = 0
        self.articles = 0
        self.finished = 0
        self.undated = 0  # articles with warning W104, summed up in one line at the end
        self._progress: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> "Reporter":
        if self.show:
            self._progress = Progress(
                TextColumn(f"[bold]{self.verb}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("articles"),
                TextColumn("·"),
                ArticleRateColumn(),
                TimeElapsedColumn(),
                TextColumn("· ETA"),
                TimeRemainingColumn(),
                console=stderr,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.verb, total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
        if self.undated and _verbosity >= VERBOSE:  # by default only `kibaru db stats` counts them
            stderr.print(f"[yellow]W104[/] {escape(undated_note(self.undated))}")


    def track(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            self.articles += 1
            for issue in article.errors:
                self.error(issue.describe())
            for issue in article.warnings:
                if issue.code == "W104":  # in the article's warnings and in `kibaru db stats`, not one line each
                    self.undated += 1
                    continue
                warning(issue.describe())
            if article.errors:
                self.failures += 1
            yield article

    def done(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            self.advance()
            yield article

    def advance(self, n: int = 1) -> None:
        self.finished += n
        if self._progress is not None:
            if self.total is not None and self.finished > self.total:
                self.total = self.finished  # the estimate was low
                self._progress.update(self._task, total=self.total)
            self._progress.advance(self._task, n)

    def error(self, line: str) -> None:
        error(line)


def undated_note(count: int) -> str:
    """The line ``kibaru read``/``analyze`` and ``kibaru db stats`` print about undated articles."""
    noun = "article has" if count == 1 else "articles have"
    return f"{count:,} {noun} no publication date; relative dates were not resolved"


class ArticleRateColumn(ProgressColumn):
    """Articles per second over the run so far."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("—/s" if speed is None else f"{speed:,.1f}/s", style="progress.data.speed")


# ``kibaru read --format csv``: the article's scalar fields, list fields summed up
_SCALARS = ("id", "title", "author", "outlet", "url", "published", "lang", "origin", "duplicate_of")
READ_COLUMNS = (*_SCALARS, "tags", "words", "repairs", "errors", "warnings", "text")


def _read_row(article: Article) -> dict[str, Any]:
    return {**{name: getattr(article, name) for name in _SCALARS},
            "tags": "; ".join(article.tags), "words": len(article.text.split()), "repairs": len(article.repairs),
            "errors": "; ".join(e.describe() for e in article.errors),
            "warnings": "; ".join(w.code for w in article.warnings), "text": article.text}


def write_events_csv(articles: Iterable[Article]) -> None:
    """One CSV row per event, the columns of ``kibaru export events`` (the
    header always whole; ``id`` empty: nothing is stored), as articles come."""
    from ..store.export import EVENT_COLUMNS, event_rows

    writer = csv.DictWriter(sys.stdout, fieldnames=[name for name, _ in EVENT_COLUMNS], extrasaction="ignore")
    writer.writeheader()
    for article in articles:
        writer.writerows(event_rows(article))
    sys.stdout.flush()


def write_articles(articles: Iterable[Article], fmt: str) -> None:
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=READ_COLUMNS)
        writer.writeheader()
        for article in articles:
            writer.writerow(_read_row(article))
        sys.stdout.flush()
        return
    if fmt == "jsonl":
        out = sys.stdout
        for article in articles:
            out.write(json.dumps(article.to_dict(), ensure_ascii=False))
            out.write("\n")
        out.flush()
        return
    table = Table(title="kibaru read", show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=3)
    table.add_column("outlet", ratio=1)
    for column in ("published", "lang", "words", "repairs", "duplicate of"):
        table.add_column(column, no_wrap=True)
    table.add_column("errors", ratio=2)
    for article in articles:
        table.add_row(
            article.id or "—",
            escape((article.title or "")[:60]),
            escape(article.outlet or ""),
            article.published or "",
            article.lang or "",
            str(len(article.text.split())),
            str(len(article.repairs)),
            article.duplicate_of or "",
            escape("; ".join(f"{e.code} {e.message}" for e in article.errors)),
        )
    console = Console()
    if not console.is_terminal:  # piped to a file: do not squeeze into 80 columns
        console = Console(width=160)
    console.print(table)
