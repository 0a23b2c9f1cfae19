"""Reading a corpus: paths in, normalised Articles out — the first pipeline stage.

``read()`` is what ``kibaru read`` prints and what ``kibaru analyze`` codes; it
never raises for bad input: a file that cannot be read becomes an Article with
``errors`` filled, and the stream goes on.
"""

from __future__ import annotations

import logging
from os import PathLike
from pathlib import Path
from typing import Iterable, Iterator

from .doc import Article
from .errors import KibaruError
from .ingest import Source, failed, iter_sources, read_source
from .ingest.source import is_regular
from .normalize import DuplicateFinder, Normalizer, normalized
from .settings import Settings

log = logging.getLogger(__name__)


def list_sources(paths: Iterable[str | Path]) -> list[Source | KibaruError]:
    """Resolve paths to sources up front, so progress can show a total."""
    return list(iter_sources(paths))


def estimate_articles(sources: Iterable[Source | KibaruError]) -> int | None:
    """About how many articles the sources hold, cheaply, for a progress bar's ETA.

    JSON Lines and CSV/TSV count their lines (a quoted field spanning lines
    makes it an overestimate); any other file counts as one article (a feed or
    a WARC file as one too: an underestimate). None when reading stdin.
    """
    total = 0
    for item in sources:
        if isinstance(item, KibaruError):
            total += 1
            continue
        if item.path is None:
            return None
        if item.suffix.endswith((".jsonl", ".ndjson", ".csv", ".tsv")) and is_regular(item.path):
            # (a FIFO would block here, /dev/zero would never end: the reader reports them)
            header = 1 if item.suffix.endswith((".csv", ".tsv")) else 0
            try:
                total += max(_count_lines(item.path) - header, 0)
            except OSError:
                total += 1
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


def read(
    paths: str | PathLike | Iterable[str | PathLike] | list[Source | KibaruError],
    settings: Settings | None = None,
) -> Iterator[Article]:
    """Articles of ``paths``: one path (a file, a folder, ``-`` for standard
    input) or many."""
    if isinstance(paths, str | PathLike):  # a string is one path, not its characters
        paths = [paths]
    settings = settings or Settings()
    normalizer = Normalizer(settings)
    duplicates = DuplicateFinder(settings) if settings.detect_duplicates else None
    for item in _as_sources(paths):
        if isinstance(item, KibaruError):
            yield failed(item)
        else:
            log.info("reading %s (%s)", item.path or "standard input", item.suffix or "text")
            for article in read_source(item, settings):
                article = normalized(normalizer, article)
                if duplicates is not None and article.id and article.text:
                    article.duplicate_of = duplicates.check(article)
                yield article


def _as_sources(paths) -> Iterator[Source | KibaruError]:
    items = list(paths)
    if all(isinstance(item, Source | KibaruError) for item in items):
        return iter(items)
    return iter_sources(items)
