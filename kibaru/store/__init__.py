"""Where coded articles live: SQLite by default, PostgreSQL for teams.

>>> from kibaru.store import open_store
>>> with open_store("corpus.db") as store:          # doctest: +SKIP
...     store.events(EventQuery(types=["CONSULT"], source="RUS", target="MLI"))

``open_store(url)`` takes what ``--db`` takes: a file path, ``sqlite:///path``
or ``postgresql://user@host/dbname``. ``write(store, articles, pipeline)`` codes
articles into it, resumably (``kibaru analyze --db``, ``POST /api/analyze``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from .base import Migration, Store, migrations
from .queries import EventQuery, SearchQuery
from .url import DEFAULT_DB, StoreURL, parse_url
from .writer import Counts, write

log = logging.getLogger(__name__)


def open_store(url: str | Path | StoreURL | None = None, *, readonly: bool = False, create: bool = True,
               check: bool = True) -> Store:
    """Open (and for a new database, create) the store at ``url``.

    ``readonly`` opens for queries only; ``create`` allows making a new
    database; ``check`` refuses a schema older or newer than this kibaru's
    (``kibaru db upgrade`` opens with ``check=False``).
    """
    parsed = url if isinstance(url, StoreURL) else parse_url(url)
    if parsed.backend == "sqlite":
        from .sqlite import SQLiteStore as engine
    else:
        from .postgres import PostgresStore as engine
    store = engine.open(parsed, readonly=readonly, create=create)
    log.info("database: %s (%s%s)", parsed.display(), parsed.backend, ", read-only" if readonly else "")
    if check:
        try:
            store.check_schema(create=create and not readonly)
        except BaseException:
            store.close()
            raise
    return store


__all__ = ["open_store", "write", "Counts", "Store", "StoreURL", "EventQuery", "SearchQuery", "Migration",
           "migrations", "parse_url", "DEFAULT_DB"]
