"""The PostgreSQL store (psycopg 3): a team's shared database.

Full-text search is PostgreSQL's own French configuration (stemmed) over
unaccented text, kept in a generated ``tsvector`` column with a GIN index.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from ..errors import KibaruError, Msg
from .base import Migration, Store
from .queries import SearchQuery
from .url import StoreURL

CONNECT_TIMEOUT_S = 10


class PostgresStore(Store):
    backend = "postgresql"
    placeholder = "%s"

    @classmethod
    def open(cls, url: StoreURL, readonly: bool = False, create: bool = True) -> "PostgresStore":
        import psycopg

        where = url.display()
        try:
            conn = psycopg.connect(url.target, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            # libpq's message names the host and the reason; it never includes the password
            detail = " ".join(str(exc).split())
            raise KibaruError(Msg.E202, input=where, detail=detail) from None
        if readonly:
            conn.execute("SET default_transaction_read_only = on")
        return cls(url, conn, readonly)

    @contextmanager
    def errors(self) -> Iterator[None]:
        import psycopg
        from psycopg import errors as pg

        where = self.url.display()
        try:
            yield
        except KibaruError:
            raise
        except (pg.DiskFull, pg.OutOfMemory, pg.ProgramLimitExceeded) as exc:
            raise KibaruError(Msg.E205, input=where, articles=self._batch_size) from exc
        except pg.ReadOnlySqlTransaction as exc:
            raise KibaruError(Msg.E204, input=where, detail=str(exc).strip()) from None
        except pg.InsufficientPrivilege as exc:
            raise KibaruError(Msg.E204, input=where, detail=str(exc).strip()) from None
        except psycopg.OperationalError as exc:
            raise KibaruError(Msg.E202, input=where, detail=" ".join(str(exc).split())) from None
        except psycopg.Error as exc:
            raise KibaruError(Msg.E210, input=where, detail=" ".join(str(exc).split())) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.errors():
            with self.conn.transaction():
                yield

    def table_names(self) -> set[str]:
        rows = self.rows("SELECT table_name FROM information_schema.tables "
                         "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
        return {row["table_name"] for row in rows}

    def _apply(self, migration: Migration) -> None:
        from .rows import now

        with self.transaction():
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                              "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            # a script of several statements: sent without parameters, in one transaction
            self.conn.execute(migration.sql.encode("utf-8"))
            self.conn.execute("INSERT INTO schema_migrations VALUES (%s, %s, %s)",
                              (migration.version, migration.name, now()))

    def search(self, query: SearchQuery) -> list[dict[str, Any]]:
        clauses, params = query.filters("a")
        extra = "".join(f" AND {c}" for c in clauses)
        # rank and cut first, then build snippets for the page only: ts_headline
        # re-parses each document and is the slow part
        return self.rows(
            "WITH q AS (SELECT websearch_to_tsquery('french', kibaru_unaccent(?)) AS query), "
            "hits AS (SELECT a.id, a.title, a.outlet, a.published, a.url, a.n_events, a.text, "
            "ts_rank(a.tsv, q.query) AS score FROM articles a, q "
            f"WHERE a.tsv @@ q.query{extra} ORDER BY score DESC, a.id LIMIT ? OFFSET ?) "
            "SELECT hits.id, hits.title, hits.outlet, hits.published, hits.url, hits.n_events, "
            "ts_headline('french', hits.text, q.query, "
            "'StartSel=[, StopSel=], MaxWords=20, MinWords=8, FragmentDelimiter=…, MaxFragments=1') AS snippet, "
            "hits.score FROM hits, q ORDER BY hits.score DESC, hits.id",
            (query.text, *params, query.limit, query.offset),
        )

    def count_search(self, query: SearchQuery) -> int:
        clauses, params = query.filters("a")
        extra = "".join(f" AND {c}" for c in clauses)
        return self.scalar(
            "SELECT count(*) FROM articles a WHERE a.tsv @@ websearch_to_tsquery('french', kibaru_unaccent(?))"
            f"{extra}", (query.text, *params))
