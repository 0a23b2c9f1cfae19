"""Console output shared by the commands: JSON Lines / tables on stdout,
progress and one-line errors on stderr."""

from __future__ import annotations

import json
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


class Reporter:
    """Progress on stderr (articles done, articles/s, ETA) and one line per failed input.

    ``track`` wraps the stream as it is read (errors and warnings are printed
    there); ``done`` wraps the stream of finished articles, which moves the bar.
    For ``kibaru read`` both are the same stream.
    """

    def __init__(self, total: int | None = None, show: bool | None = None, verb: str = "reading") -> None:
        self.total = total
        self.show = stderr.is_terminal if show is None else show
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


    def track(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            self.articles += 1
            for issue in article.errors:
                self.error(issue.describe())
            for issue in article.warnings:
                if issue.code == "W104":  # in the article's warnings and in `kibaru db stats`, not one line each
                    self.undated += 1
                    continue
                stderr.print(f"[yellow]warning[/]: {escape(issue.describe())}")
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
        stderr.print(f"[red]error[/]: {escape(line)}")


def undated_note(count: int) -> str:
    """The line ``kibaru read``/``analyze`` and ``kibaru db stats`` print about undated articles."""
    noun = "article has" if count == 1 else "articles have"
    return f"{count:,} {noun} no publication date; relative dates were not resolved"


class ArticleRateColumn(ProgressColumn):
    """Articles per second over the run so far."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("—/s" if speed is None else f"{speed:,.1f}/s", style="progress.data.speed")


def write_articles(articles: Iterable[Article], fmt: str) -> None:
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
