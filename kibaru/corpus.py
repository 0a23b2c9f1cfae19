"""Reading a corpus: paths in, normalised Articles out — the first pipeline stage.

``read()`` is what ``kibaru read`` prints and what ``kibaru analyze`` codes; it
never raises for bad input: a file that cannot be read becomes an Article with
``errors`` filled, and the stream goes on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from .doc import Article
from .errors import KibaruError
from .ingest import Source, failed, iter_sources, read_source
from .normalize import DuplicateFinder, Normalizer
from .settings import Settings


def list_sources(paths: Iterable[str | Path]) -> list[Source | KibaruError]:
    """Resolve paths to sources up front, so progress can show a total."""
    return list(iter_sources(paths))


def read(
    paths: Iterable[str | Path] | list[Source | KibaruError],
    settings: Settings | None = None,
    on_source_done: Callable[[Source | KibaruError], None] | None = None,
) -> Iterator[Article]:
    settings = settings or Settings()
    normalizer = Normalizer(settings)
    duplicates = DuplicateFinder(settings) if settings.detect_duplicates else None
    for item in _as_sources(paths):
        if isinstance(item, KibaruError):
            yield failed(item)
        else:
            for article in read_source(item, settings):
                article = normalizer(article)
                if duplicates is not None and article.id and article.text:
                    article.duplicate_of = duplicates.check(article)
                yield article
        if on_source_done is not None:
            on_source_done(item)


def _as_sources(paths) -> Iterator[Source | KibaruError]:
    items = list(paths)
    if all(isinstance(item, Source | KibaruError) for item in items):
        return iter(items)
    return iter_sources(items)
