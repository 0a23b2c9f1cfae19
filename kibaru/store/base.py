"""The store: one schema, one set of queries, two database engines.

``Store`` holds everything the engines share — migrations, writing articles,
runs, the queries behind ``kibaru search / events / actors / article``. The
engine classes (``sqlite.SQLiteStore``, ``postgres.PostgresStore``) only
connect, translate errors, and say how full-text search is spelled.

SQL is written once with ``?`` placeholders; the PostgreSQL store turns them
into ``%s``. Every value a user gives travels as a parameter, never as text
pasted into SQL.
"""

from __future__ import annotations

import os
import re
import socket
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from ..errors import KibaruError, Msg
from .rows import CHILD_TABLES, COLUMNS, ArticleRows, block_key, event_from_row, from_rows, now
from .schema import create_tables
from .url import StoreURL

if TYPE_CHECKING:
    from .queries import EventQuery, SearchQuery

# SQLite allows 32,766 parameters per statement; keep IN (...) lists well below.
IN_CHUNK = 500
_CONTROL = re.compile("[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(backend: str) -> list[Migration]:
    """The shipped migrations of one engine, in order (``NNNN_name.sql``); the
    first one starts with the tables the records' field tables generate."""
    folder = resources.files("kibaru.store") / "migrations" / backend
    found = []
    for item in folder.iterdir():
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", item.name)
        if match:
            version, sql = int(match[1]), item.read_text(encoding="utf-8")
            if version == 1:
                sql = f"{create_tables(backend, version)}\n\n{sql}"
            found.append(Migration(version, match[2], sql))
    return sorted(found, key=lambda m: m.version)


class Store:
    backend = "base"
    placeholder = "?"

    def __init__(self, url: StoreURL, conn: Any, readonly: bool) -> None:
        self.url = url
        self.conn = conn
        self.readonly = readonly
        self._batch_size = 0
        # fusion blocks (type|source|target) whose events changed since the last fuse
        self.touched_blocks: set[str] = set()
        self.query_timeout: float | None = None  # seconds; see set_query_timeout

    # --- connection plumbing (engines override) -------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self.errors():
            return self.conn.execute(self._sql(sql), tuple(params))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.errors():
            cursor = self.conn.execute(self._sql(sql), tuple(params))
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self.errors():
            row = self.conn.execute(self._sql(sql), tuple(params)).fetchone()
        return row[0] if row else None

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Turn the driver's exceptions into numbered KibaruErrors."""
        yield

    @contextmanager
    def transaction(self) -> Iterator[None]:
        raise NotImplementedError

    def table_names(self) -> set[str]:
        raise NotImplementedError

    def set_query_timeout(self, seconds: float | None) -> None:
        """Stop any statement that runs longer than ``seconds`` with E212 (the
        web server sets one, so that no request holds a connection for long)."""
        raise NotImplementedError

    @contextmanager
    def schema_lock(self) -> Iterator[None]:
        """Held while the schema is checked and changed (engines override)."""
        yield

    # --- schema -----------------------------------------------------------------
    def schema_version(self) -> int | None:
        """The newest migration applied; None for a database kibaru never wrote."""
        if "schema_migrations" not in self.table_names():
            return None
        return self.scalar("SELECT max(version) FROM schema_migrations") or 0

    def check_schema(self, create: bool) -> None:
        """Make sure the schema is the one this kibaru knows.

        A new, empty database is created when ``create``; an older one must be
        upgraded explicitly (``kibaru db upgrade``) so that nobody's shared
        database changes shape behind their back; a newer one is refused.
        """
        with self.schema_lock():
            self._check_schema(create)

    def _check_schema(self, create: bool) -> None:
        known = migrations(self.backend)[-1].version
        found = self.schema_version()
        if found is None:
            others = self.table_names()
            if others:
                raise KibaruError(Msg.E206, input=self.url.display(),
                                  detail=f"it has tables ({', '.join(sorted(others)[:5])}) but no kibaru schema")
            if not create:
                raise KibaruError(Msg.E207, input=self.url.display(), detail="the database is empty")
            self.upgrade()
            return
        if found > known:
            raise KibaruError(Msg.E203, input=self.url.display(), found=found, known=known)
        if found < known:
            raise KibaruError(Msg.E209, input=self.url.display(), found=found, known=known)

    def upgrade(self) -> list[Migration]:
        """Apply every shipped migration not applied yet (under the schema lock,
        so that what another process applied meanwhile is not applied twice)."""
        with self.schema_lock():
            found = self.schema_version()
            known = migrations(self.backend)
            if found is not None and found > known[-1].version:
                raise KibaruError(Msg.E203, input=self.url.display(), found=found, known=known[-1].version)
            applied = []
            for migration in known:
                if found is not None and migration.version <= found:
                    continue
                self._apply(migration)
                applied.append(migration)
            return applied

    def _apply(self, migration: Migration) -> None:
        raise NotImplementedError

    # --- runs -----------------------------------------------------------------------
    def start_run(self, version: str, settings_hash: str, command: str) -> int:
        with self.transaction():
            return self.scalar(
                "INSERT INTO runs (started_at, status, kibaru_version, settings_hash, command, pid, host) "
                "VALUES (?, 'running', ?, ?, ?, ?, ?) RETURNING id",
                (now(), version, settings_hash, command, os.getpid(), socket.gethostname()),
            )

    def mark_killed_runs(self) -> list[dict[str, Any]]:
        """Runs of this machine still 'running' whose process is gone (killed,
        or the machine restarted): marked 'killed', and returned. Runs of
        other machines are left alone: whether they live cannot be told here."""
        if self.readonly:
            return []
        rows = self.rows("SELECT id, pid, command FROM runs WHERE status = 'running' AND host = ? AND pid IS NOT NULL",
                         (socket.gethostname(),))
        killed = [row for row in rows if row["pid"] != os.getpid() and not _process_alive(row["pid"])]
        if killed:
            with self.transaction():
                for row in killed:
                    self.execute("UPDATE runs SET status = 'killed' WHERE id = ? AND status = 'running'", (row["id"],))
        return killed

    def finish_run(self, run_id: int, status: str, counts: dict[str, int],
                   errors: Iterable[tuple[str | None, int | None, str, str]] = ()) -> None:
        with self.transaction():
            self.execute(
                "UPDATE runs SET finished_at = ?, status = ?, seen = ?, stored = ?, replaced = ?, skipped = ?, "
                "failed = ?, events = ? WHERE id = ?",
                (now(), status, counts.get("seen", 0), counts.get("stored", 0), counts.get("replaced", 0),
                 counts.get("skipped", 0), counts.get("failed", 0), counts.get("events", 0), run_id),
            )
            rows = [(run_id, i, *error) for i, error in enumerate(errors)]
            if rows:
                self.executemany("INSERT INTO run_errors (run_id, seq, input, line, code, message) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", rows)

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        with self.errors():
            self.conn.cursor().executemany(self._sql(sql), rows)

    # --- articles -----------------------------------------------------------------
    def stored_hashes(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """id -> (content hash, settings hash) of the stored copies among ``ids``."""
        return {i: (row["content_hash"], row["settings_hash"]) for i, row in self.stored_keys(ids).items()}

    def stored_keys(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """id -> {content_hash, settings_hash, url, origin} of the stored copies among ``ids``."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), IN_CHUNK):
            chunk = list(ids[start:start + IN_CHUNK])
            marks = ", ".join("?" * len(chunk))
            for row in self.rows(f"SELECT id, content_hash, settings_hash, url, origin FROM articles "
                                 f"WHERE id IN ({marks})", chunk):
                found[row["id"]] = row
        return found

    def put(self, batch: Sequence[ArticleRows]) -> None:
        """Store a batch of articles in one transaction, replacing earlier copies.

        Either the whole batch is stored or none of it: a crash or a full disk
        half-way leaves the database as it was before the batch.
        """
        if not batch:
            return
        self._batch_size = len(batch)  # named in a "disk full" message
        touched: set[str] = set()
        with self.transaction():
            ids = [rows.id for rows in batch]
            for start in range(0, len(ids), IN_CHUNK):
                chunk = ids[start:start + IN_CHUNK]
                marks = ", ".join("?" * len(chunk))
                # the replaced events' fused events must be recomputed too
                for row in self.rows(f"SELECT DISTINCT type, source_country, target_country FROM events "
                                     f"WHERE article_id IN ({marks})", chunk):
                    touched.add(block_key(row["type"], row["source_country"], row["target_country"]))
                # child rows go with their article (ON DELETE CASCADE)
                self.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk)
            for table in ("articles", *CHILD_TABLES):
                values = [row for rows in batch for row in rows.tables.get(table, ())]
                if values:
                    columns = COLUMNS[table]
                    self.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", values)
        self.touched_blocks |= touched | {block_key(*key) for rows in batch for key in rows.blocks()}

    def article(self, article_id: str) -> dict[str, Any]:
        """The contract object of one stored article; E208 when there is none."""
        if _CONTROL.search(article_id):  # stored ids never hold one (sanitised); PostgreSQL refuses NUL
            raise KibaruError(Msg.E208, input=self.url.display(), id=article_id)
        head = self.rows("SELECT * FROM articles WHERE id = ?", (article_id,))
        if not head:
            raise KibaruError(Msg.E208, input=self.url.display(), id=article_id)
        tables = {"articles": head}
        for table in CHILD_TABLES:
            tables[table] = self.rows(f"SELECT * FROM {table} WHERE article_id = ?", (article_id,))
        return from_rows(tables)

    def counts(self) -> dict[str, int]:
        tables = ("articles", *CHILD_TABLES, "fused_events", "runs")
        return {table: self.scalar(f"SELECT count(*) FROM {table}") for table in tables}

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        return self.rows("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))

    # --- queries ----------------------------------------------------------------------
    def events(self, query: "EventQuery") -> list[dict[str, Any]]:
        where, params = query.where(top=query.limit + query.offset)
        rows = self.rows(
            "SELECT e.*, a.title AS article_title, a.url AS article_url, a.outlet AS article_outlet "
            f"FROM events e JOIN articles a ON a.id = e.article_id {where} "
            "ORDER BY e.day DESC NULLS LAST, e.id DESC LIMIT ? OFFSET ?",
            (*params, query.limit, query.offset),
        )
        out = []
        for row in rows:
            event = {"id": row["id"], "article_id": row["article_id"], "day": row["day"], **event_from_row(row),
                     "article": {"title": row["article_title"], "url": row["article_url"],
                                 "outlet": row["article_outlet"]}}
            out.append(event)
        return out

    def count_events(self, query: "EventQuery") -> int:
        where, params = query.where()
        return self.scalar(f"SELECT count(*) FROM events e {where}", params)

    def search(self, query: "SearchQuery") -> list[dict[str, Any]]:
        raise NotImplementedError

    def actors(self, country: str | None = None, agent: str | None = None, name: str | None = None,
               top: int = 20) -> list[dict[str, Any]]:
        """Actors by the number of articles that mention them, one row per
        (name, country, sector) across the corpus."""
        clauses, params = [], []
        if country:
            clauses.append("country = ?")
            params.append(country)
        if agent:
            clauses.append("agent = ?")
            params.append(agent)
        if name:
            clauses.append("lower(name) LIKE ?")
            params.append(f"%{name.lower()}%")
        where = f"WHERE name IS NOT NULL{''.join(' AND ' + c for c in clauses)}"
        return self.rows(
            f"SELECT name, country, agent, count(DISTINCT article_id) AS articles FROM actors {where} "
            "GROUP BY name, country, agent ORDER BY articles DESC, name LIMIT ?",
            (*params, top),
        )



def _process_alive(pid: int) -> bool:
    """Is process ``pid`` running on this machine (and not a zombie)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:  # no /proc (not Linux): trust kill(0)
        return True
