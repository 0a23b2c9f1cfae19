"""The PostgreSQL store (psycopg 3): a team's shared database.

Full-text search is PostgreSQL's own French configuration (stemmed) over
unaccented text, kept in a generated ``tsvector`` column with a GIN index.

Ranking is bounded: the GIN index finds the matches, the newest
``RANKED_MATCHES`` of them are ranked with ``ts_rank``, and the page is cut
from those. ``ts_rank`` reads an article's whole ``tsvector``, stored out of
line (TOAST) and compressed; ranking every match of a common word ("pays", in
70% of the articles) read 700 MB for 100,000 articles (56-705 ms a search).
A phrase needs the tsvector too (the index knows words, not their order): it
is looked for in the newest ``PHRASE_CANDIDATES`` × ``RANKED_MATCHES``
articles that hold all its words, not in all of them ("monde entier": 10,448
articles to read, 132 ms).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from ..compat import require
from ..errors import KibaruError, Msg
from .base import Migration, Store
from .queries import SearchQuery
from .url import StoreURL

CONNECT_TIMEOUT_S = 10
# Matches ranked by relevance, the newest first: 25 pages of 20, and a bounded
# cost whatever the word (bench/bench_store.py, 100,000 articles: 25-45 ms for
# a word in 70% of them, against 450 ms when every match is ranked).
RANKED_MATCHES = 500
# A phrase is looked for in this many times RANKED_MATCHES of the newest
# articles holding its words: the bench's 30 commonest phrases are in 35-100%
# of the articles holding their words, so 3 finds the 500 newest of nearly all.
PHRASE_CANDIDATES = 3
# Any number: the key of the session lock that serialises schema changes, so
# that two first runs on an empty database do not both create the tables.
SCHEMA_LOCK = 0x6B69626172750001  # "kibaru" + 1


class PostgresStore(Store):
    backend = "postgresql"
    placeholder = "%s"

    @classmethod
    def open(cls, url: StoreURL, readonly: bool = False, create: bool = True) -> "PostgresStore":
        psycopg = require("psycopg", "a PostgreSQL database")
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
        except pg.QueryCanceled:
            raise KibaruError(Msg.E212, input=where, seconds=self.query_timeout or 0) from None
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

    def set_query_timeout(self, seconds: float | None) -> None:
        """Stop any statement that runs longer than ``seconds`` (E212); None: no limit."""
        self.query_timeout = seconds
        with self.errors():
            self.conn.execute(f"SET statement_timeout = {int((seconds or 0) * 1000)}")

    @contextmanager
    def schema_lock(self) -> Iterator[None]:
        """Only one process at a time checks and changes the schema: two first
        runs racing on an empty database made one fail (E209, or a duplicate key)."""
        if self.readonly:  # a reader changes nothing, and a read-only session cannot wait on writers
            yield
            return
        with self.errors():
            self.conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        try:
            yield
        finally:
            with self.errors():
                self.conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))

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
        """The best matches among the newest ``RANKED_MATCHES`` (more when the
        page asked for lies beyond them)."""
        clauses, params = query.filters("a")
        extra = "".join(f" AND {c}" for c in clauses)
        ranked = max(RANKED_MATCHES, query.offset + query.limit)
        # 1. the newest articles holding every word, found by the GIN index
        #    alone ("loose": a phrase's words in any order, which the index
        #    answers without reading any tsvector); 2. of those, the newest
        #    that match (a phrase: its words in order, read from the tsvector);
        #    3. ranked; 4. the page cut; 5. snippets for the page only
        #    (ts_headline re-parses the text)
        with self._index_scans():
            return self.rows(
                "WITH q AS (SELECT websearch_to_tsquery('french', kibaru_unaccent(?)) AS query), "
                "l AS (SELECT query, regexp_replace(query::text, '<(-|[0-9]+)>', '&', 'g')::tsquery AS loose, "
                "regexp_replace(query::text, '<(-|[0-9]+)>', '&', 'g') = query::text AS plain FROM q), "
                "candidates AS (SELECT a.id, a.day, a.tsv FROM articles a, l "
                f"WHERE a.tsv @@ l.loose{extra} ORDER BY a.day DESC NULLS LAST, a.id DESC "
                "LIMIT (SELECT CASE WHEN plain THEN ? ELSE ? END FROM l)), "
                "newest AS (SELECT c.id, c.tsv FROM candidates c, l WHERE l.plain OR c.tsv @@ l.query "
                "ORDER BY c.day DESC NULLS LAST, c.id DESC LIMIT ?), "
                "hits AS (SELECT newest.id, ts_rank(newest.tsv, l.query) AS score FROM newest, l "
                "ORDER BY score DESC, newest.id LIMIT ? OFFSET ?) "
                "SELECT a.id, a.title, a.outlet, a.published, a.url, a.n_events, "
                "ts_headline('french', a.text, l.query, "
                "'StartSel=[, StopSel=], MaxWords=20, MinWords=8, FragmentDelimiter=…, MaxFragments=1') AS snippet, "
                "hits.score FROM hits JOIN articles a ON a.id = hits.id, l ORDER BY hits.score DESC, hits.id",
                (query.text, *params, ranked, ranked * PHRASE_CANDIDATES, ranked, query.limit, query.offset),
            )

    def count_search(self, query: SearchQuery) -> int:
        clauses, params = query.filters("a")
        extra = "".join(f" AND {c}" for c in clauses)
        with self._index_scans():
            return self.scalar(
                "SELECT count(*) FROM articles a WHERE a.tsv @@ websearch_to_tsquery('french', kibaru_unaccent(?))"
                f"{extra}", (query.text, *params))

    @contextmanager
    def _index_scans(self) -> Iterator[None]:
        """Full-text matches through the GIN index, never a sequential scan.

        For a word in most articles the planner prefers reading the table and
        testing each ``tsvector``: its cost model does not count decompressing
        them (TOAST), which made that plan 20-40 times slower than the index
        (525 ms against 12 ms for "pays" in 100,000 articles). SET LOCAL ends
        with the transaction.
        """
        with self.transaction():
            self.conn.execute("SET LOCAL enable_seqscan = off")
            yield
