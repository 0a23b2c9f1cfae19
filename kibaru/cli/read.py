"""``kibaru read``: print normalised articles."""

from __future__ import annotations

from enum import Enum
from typing import List, Optional

import typer

from ..corpus import estimate_articles, list_sources, read
from ..settings import Settings
from .app import app
from .options import MAX_CHARS, PATHS, PROGRESS
from .output import Reporter, write_articles


class Format(str, Enum):
    jsonl = "jsonl"
    table = "table"
    csv = "csv"


@app.command(
    "read",
    epilog=(
        "[b]Examples[/b]\n\n"
        "  kibaru read examples/                      [dim]# every article under a folder, as JSON Lines[/dim]\n\n"
        "  kibaru read article.txt --format table     [dim]# a summary table[/dim]\n\n"
        "  kibaru read news.tsv feed.rss crawl.warc.gz > articles.jsonl\n\n"
        "  cat articles.jsonl | kibaru read -         [dim]# JSON Lines on standard input[/dim]"
    ),
)
def read_command(
    paths: List[str] = PATHS,
    format: Format = typer.Option(Format.jsonl, "--format", "-f", help="jsonl: one contract object per line; table: a summary; csv: one row per article (READ_COLUMNS)."),
    max_chars: Optional[int] = MAX_CHARS,
    no_repair: bool = typer.Option(False, "--no-repair", help="Do not restore lost apostrophes."),
    no_dedup: bool = typer.Option(False, "--no-dedup", help="Do not look for duplicates."),
    progress: Optional[bool] = PROGRESS,
) -> None:
    """Read news articles and print them normalised and repaired.

    Encodings are detected, mojibake and lost apostrophes repaired, page
    furniture dropped, the language identified and duplicates flagged; every
    change is listed in the article's [b]repairs[/b]. A bad input gets a
    one-line error on stderr and the run goes on; the exit status is 1 when any
    input failed.
    """
    settings = Settings.from_env().with_(
        max_chars=max_chars,
        repair_apostrophes=False if no_repair else None,
        detect_duplicates=False if no_dedup else None,
    )
    sources = list_sources(paths)
    with Reporter(total=estimate_articles(sources), show=progress) as reporter:
        articles = reporter.done(reporter.track(read(sources, settings)))
        write_articles(articles, format.value)
    raise typer.Exit(code=1 if reporter.failures else 0)
