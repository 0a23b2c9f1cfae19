"""The SQLite store: one file, WAL journal, FTS5 full-text index.

WAL lets readers (a dashboard, ``kibaru search``) work while ``kibaru
analyze`` writes; with ``synchronous=NORMAL`` a killed process loses at most
the batch it had not committed, never an earlier one.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..errors import KibaruError, Msg
from .base import Migration, Store
from .queries import SearchQuery, fts5_query
from .url import StoreURL

BUSY_TIMEOUT_S = 30.0
# Virtual-machine steps between two looks at a statement's deadline: about a
# millisecond of work, so a query is stopped within a few ms of its limit.
PROGRESS_STEPS = 10_000


class SQLiteStore(Store):
    backend = "sqlite"
    _schema_locked = False
    _deadline = float("inf")

    @classmethod
    def open(cls, url: StoreURL, readonly: bool = False, create: bool = True) -> "SQLiteStore":
        path = Path(url.target)
        where = url.display()
        if not path.exists():
            if readonly or not create:
                raise KibaruError(Msg.E207, input=where, detail="the file does not exist")
            if not path.parent.exists():
                raise KibaruError(Msg.E202, input=where, detail=f"the folder {path.parent} does not exist")
            if not os.access(path.parent, os.W_OK):
                raise KibaruError(Msg.E204, input=where, detail=f"cannot create a file in {path.parent}")
        elif not readonly:
            # WAL writes beside the file (-wal, -shm): both must be writable. A
            # file with no write permission bit at all was made read-only on
            # purpose (chmod a-w): respected even by root, who could write anyway.
            if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
                raise KibaruError(Msg.E204, input=where, detail="the file is not writable")
            if not os.access(path.parent, os.W_OK):
                raise KibaruError(Msg.E204, input=where, detail=f"the folder {path.parent} is not writable")
        target = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves
            conn = sqlite3.connect(target, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise KibaruError(Msg.E202, input=where, detail=str(exc)) from None
        store = cls(url, conn, readonly)
        with store.errors():
            conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                _write_ahead_log(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
            if "max_pages" in url.options:
                conn.execute(f"PRAGMA max_page_count = {int(url.options['max_pages'])}")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MB of page cache
            conn.execute("PRAGMA temp_store = MEMORY")
        return store

    @contextmanager
    def errors(self) -> Iterator[None]:
        where = self.url.display()
        if self.query_timeout is not None:
            self._deadline = time.monotonic() + self.query_timeout
        try:
            yield
        except KibaruError:
            raise
        except sqlite3.Error as exc:
            name = getattr(exc, "sqlite_errorname", "")
            text = str(exc)
            if name == "SQLITE_INTERRUPT" or text == "interrupted":
                raise KibaruError(Msg.E212, input=where, seconds=self.query_timeout or 0) from None
            if name == "SQLITE_FULL" or "full" in text:
                raise KibaruError(Msg.E205, input=where, articles=self._batch_size) from None
            if name.startswith("SQLITE_READONLY") or "readonly" in text:
                raise KibaruError(Msg.E204, input=where, detail=text) from None
            if name == "SQLITE_NOTADB" or "not a database" in text:
                raise KibaruError(Msg.E206, input=where, detail=text) from None
            raise KibaruError(Msg.E210, input=where, detail=text) from None

    def set_query_timeout(self, seconds: float | None) -> None:
        # SQLite has no statement timeout: a progress handler, called every
        # PROGRESS_STEPS virtual-machine steps, interrupts a statement past its
        # deadline (set when the statement starts, in errors())
        self.query_timeout = seconds
        self._deadline = float("inf")
        if seconds is None:
            self.conn.set_progress_handler(None, 0)
        else:
            self.conn.set_progress_handler(lambda: time.monotonic() > self._deadline, PROGRESS_STEPS)

    @contextmanager
    def schema_lock(self) -> Iterator[None]:
        """The schema is checked and changed in one write transaction: a second
        process waits (busy timeout), then sees either no schema or all of it."""
        if self.readonly or self._schema_locked:
            yield
            return
        self._schema_locked = True
        try:
            with self.transaction():
                yield
        finally:
            self._schema_locked = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.errors():
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite may have rolled back by itself (e.g. SQLITE_FULL)
            raise
        with self.errors():
            self.conn.execute("COMMIT")

    def table_names(self) -> set[str]:
        rows = self.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                         "AND name NOT LIKE 'articles_fts%'")
        return {row["name"] for row in rows}

    def _apply(self, migration: Migration) -> None:
        if not _has_fts5(self.conn):
            raise KibaruError(Msg.E210, input=self.url.display(),
                              detail="this Python's SQLite has no FTS5 full-text module")
        from .rows import now

        # inside schema_lock's transaction, statement by statement: executescript
        # would commit that transaction first
        with self.errors():
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                              "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            for statement in _statements(migration.sql):
                self.conn.execute(statement)
            self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                              (migration.version, migration.name, now()))

    def search(self, query: SearchQuery) -> list[dict[str, Any]]:
        """Best matches first. The full-text index ranks its matches on its
        own (joining each of 40,000 matches to its article before sorting cost
        ~100 ms on 100,000 articles); only the page is joined to ``articles``.
        Filters are sets of rowids; the unary ``+`` keeps FTS5 from taking
        them as its own constraint and re-running the match per rowid."""
        sets, params = query.rowid_sets()
        filters = "".join(f" AND +articles_fts.rowid IN ({subquery})" for subquery in sets)
        expression = fts5_query(query.text)
        # bm25 weights: a word in the title counts three times one in the text;
        # snippet column -1: the column that matched best (a title-only hit shows the title)
        return self.rows(
            "SELECT a.id, a.title, a.outlet, a.published, a.url, a.n_events, "
            "snippet(articles_fts, -1, '[', ']', '…', 16) AS snippet, -bm25(articles_fts, 3.0, 1.0) AS score "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? AND articles_fts.rowid IN ("
            # the subquery's own articles_fts: it shadows the outer one
            f"SELECT articles_fts.rowid FROM articles_fts WHERE articles_fts MATCH ?{filters} "
            "ORDER BY bm25(articles_fts, 3.0, 1.0) LIMIT ? OFFSET ?) "
            "ORDER BY bm25(articles_fts, 3.0, 1.0)",
            (expression, expression, *params, query.limit, query.offset),
        )

    def count_search(self, query: SearchQuery) -> int:
        clauses, params = query.filters("a")
        extra = "".join(f" AND {c}" for c in clauses)
        return self.scalar(
            "SELECT count(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE articles_fts MATCH ?{extra}", (fts5_query(query.text), *params))


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script, one at a time (triggers whole)."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\r\n;"):
                yield buffer
            buffer = ""


def _has_fts5(conn: sqlite3.Connection) -> bool:
    options = {row[0] for row in conn.execute("PRAGMA compile_options")}
    if "ENABLE_FTS5" in options:
        return True
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._kibaru_fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp._kibaru_fts5_probe")
        return True
    except sqlite3.OperationalError:
        return False


def _write_ahead_log(conn: sqlite3.Connection) -> None:
    """Switch a database to WAL, waiting while another process does the same.

    Changing the journal mode takes an exclusive lock for which SQLite does not
    call the busy handler: two first runs on one new file (``kibaru analyze``
    started twice) would fail one of them at once with "database is locked".
    So wait here, as the busy timeout would, before giving up."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)
