"""Console output shared by the commands: JSON Lines / tables on stdout,
progress and one-line errors on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any, Iterable, Iterator

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..doc import Article

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class Reporter:
    """Progress bar over sources, and one line on stderr per failed input."""

    def __init__(self, total: int, show: bool | None = None) -> None:
        self.total = total
        self.show = stderr.is_terminal if show is None else show
        self.failures = 0
        self.articles = 0
        self._progress: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> "Reporter":
        if self.show:
            self._progress = Progress(
                TextColumn("[bold]reading"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files · {task.fields[articles]} articles"),
                TimeElapsedColumn(),
                console=stderr,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("read", total=self.total, articles=0)
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
                stderr.print(f"[yellow]warning[/]: {escape(issue.describe())}")
            if article.errors:
                self.failures += 1
            if self._progress is not None:
                self._progress.update(self._task, articles=self.articles)
            yield article

    def source_done(self, _source: object) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)

    def error(self, line: str) -> None:
        stderr.print(f"[red]error[/]: {escape(line)}")


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
