"""Between the contract's article and the store's tables.

``to_rows()`` splits a coded Article into one row for ``articles`` and rows
for each child table; ``from_rows()`` puts the contract object back together,
so ``kibaru article ID`` prints what ``kibaru analyze`` printed. The columns
are those of ``schema.py``, generated from the records' field tables: the row
of a record is its columns' values, in the table's order.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable

from ..doc import Article, Event
from ..doc import fields as f
from . import schema

COLUMNS: dict[str, tuple[str, ...]] = {name: schema.BY_NAME[name].insert_names() for name in schema.ARTICLE_TABLES}
CHILD_TABLES = tuple(t for t in COLUMNS if t != "articles")

# What is hashed to decide whether an article changed since it was stored.
_CONTENT_FIELDS = ("id", "title", "tags", "author", "outlet", "url", "published", "lang", "text", "duplicate_of")
# The same, without the duplicate flag: what tells one article from another
# (the second copy of an article is flagged a duplicate of the first)
SAME_ARTICLE_FIELDS = _CONTENT_FIELDS[:-1]


@dataclass(slots=True)
class ArticleRows:
    id: str
    tables: dict[str, list[tuple]] = field(default_factory=dict)

    @property
    def n_events(self) -> int:
        return len(self.tables.get("events", ()))

    def blocks(self) -> set[tuple[str, str | None, str | None]]:
        """(type, source country, target country) of this article's events: what fusion groups by."""
        type_, source, target = (COLUMNS["events"].index(c) for c in ("type", "source_country", "target_country"))
        return {(row[type_], row[source], row[target]) for row in self.tables.get("events", ())}


# Types whose two sides play the same part: "Mali met Russia" is "Russia met Mali".
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})


def block_key(event_type: str, source_country: str | None, target_country: str | None) -> str:
    """The fusion block of an event: events of one block may be reports of one event."""
    sides = [source_country or "", target_country or ""]
    if event_type in SYMMETRIC_TYPES:
        sides.sort()
    return f"{event_type}|{sides[0]}|{sides[1]}"


def content_hash(article: Article, fields: tuple[str, ...] = _CONTENT_FIELDS) -> str:
    """A digest of what was *read* (not of the coding): equal digests mean
    that a re-run would code the same input, so the article can be skipped."""
    payload = json.dumps([getattr(article, name) for name in fields], ensure_ascii=False)
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def first_day(value: str | None) -> str | None:
    """The first day a date of any precision covers: "1975" -> "1975-01-01",
    "2021-06" -> "2021-06-01": a full day that sorts and compares with days."""
    if not value:
        return None
    if len(value) == 4:
        return f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-01"
    return value[:10]


def event_day(event: Event, published: str | None) -> str | None:
    """The day an event is listed under: its date's first day, else the
    article's publication day (the store's and Spark's ``day``)."""
    return first_day(event.date) or (published or "")[:10] or None


def _values(record: Any, table: schema.Table) -> list[Any]:
    """The record's columns of ``table`` (lists and maps as JSON text)."""
    out = []
    for column in table.columns:
        if column.get is not None:
            value = column.get(record)
            out.append(_json(f.to_plain(value, column.kind)) if column.json else value)
    return out


def to_rows(article: Article, settings_hash: str, run_id: int | None) -> ArticleRows:
    aid = article.id
    if not aid:
        raise ValueError("an article without an id cannot be stored")
    day = (article.published or "")[:10] or None
    rows = ArticleRows(aid)
    t = rows.tables
    t["articles"] = [(*_values(article, schema.ARTICLES), day, len(article.events), content_hash(article),
                      settings_hash, run_id, now())]
    t["repairs"] = [(aid, i, *_values(r, schema.REPAIRS)) for i, r in enumerate(article.repairs)]
    t["entities"] = [(aid, i, *_values(m, schema.ENTITIES)) for i, m in enumerate(article.entities)]
    t["actors"] = [(aid, *_values(a, schema.ACTORS)) for a in article.actors.values()]
    t["aliases"] = [(aid, a.id, i, alias) for a in article.actors.values() for i, alias in enumerate(a.aliases)]
    t["events"] = [(aid, i, *_values(e, schema.EVENTS), event_day(e, article.published), _json(extra_of(e)))
                   for i, e in enumerate(article.events)]
    t["places"] = [(aid, i, *_values(p, schema.PLACES)) for i, p in enumerate(article.places)]
    t["stance"] = [(aid, actor, float(score)) for actor, score in article.stance.items()]
    t["topics"] = [(aid, article.topic["label"], article.topic.get("score"))] if article.topic else []
    t["narratives"] = [(aid, n["id"], n.get("score"), _json(n.get("evidence") or [])) for n in article.narratives]
    return rows


def extra_of(record: Any) -> dict[str, Any]:
    """What a record holds beyond its columns, for the ``extra`` JSON column:
    its own extra keys, and those of a nested record under ``<field>_extra``
    (an event place's "confidence" is ``{"place_extra": {"confidence": …}}``)."""
    out = dict(getattr(record, "extra", None) or {})
    for spec in f.specs(type(record)):
        nested = getattr(record, spec.name)
        if f.is_record(spec.kind) and getattr(nested, "extra", None):
            out[f"{spec.name}_extra"] = dict(nested.extra)
    return out


# --- back to the contract ----------------------------------------------------

def record_from_row(record: type, row: dict[str, Any], prefix: str = "") -> Any:
    """A record from its table's row (column -> value): the inverse of ``_values``.
    A nested record whose columns are all null is None."""
    values: dict[str, Any] = {}
    for spec in f.specs(record):
        if not spec.stored:
            continue
        name = f"{prefix}{spec.column}"
        if f.is_record(spec.kind):
            inner = record_from_row(spec.kind, row, f"{name}_")
            values[spec.name] = inner
        else:
            value = row[name]
            if isinstance(spec.kind, (f.List, f.Map, f.Struct)) or spec.kind == f.JSON:
                value = json.loads(value) if value is not None else None
            values[spec.name] = value
    if prefix and all(v is None for v in values.values()):
        return None
    return record(**values)


def from_rows(tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The contract object from one article's rows (each a column -> value dict)."""
    article = record_from_row(Article, tables["articles"][0])
    article.repairs = [record_from_row(schema.REPAIRS.record, r) for r in _ordered(tables, "repairs")]
    article.entities = [record_from_row(schema.ENTITIES.record, r) for r in _ordered(tables, "entities")]
    aliases: dict[str, list[str]] = {}
    for row in sorted(tables.get("aliases", []), key=lambda r: (r["actor"], r["seq"])):
        aliases.setdefault(row["actor"], []).append(row["alias"])
    actors = (record_from_row(schema.ACTORS.record, row) for row in tables.get("actors", []))
    article.actors = {a.id: replace(a, aliases=aliases.get(a.id, [])) for a in actors}
    article.events = [event_from_row(r, record=True) for r in _ordered(tables, "events")]
    article.places = [record_from_row(schema.PLACES.record, r) for r in _ordered(tables, "places")]
    article.stance = {r["actor"]: r["score"] for r in tables.get("stance", [])}
    topic = tables.get("topics") or []
    article.topic = {"label": topic[0]["label"], "score": topic[0]["score"]} if topic else None
    # best first, as the coder lists them (the table is keyed by narrative id)
    article.narratives = [{"id": r["narrative"], "score": r["score"], "evidence": json.loads(r["evidence"])}
                          for r in sorted(tables.get("narratives", []),
                                          key=lambda r: (-(r["score"] or 0), r["narrative"]))]
    return article.to_dict()


def _ordered(tables: dict[str, list[dict[str, Any]]], name: str) -> Iterable[dict[str, Any]]:
    return sorted(tables.get(name, []), key=lambda r: r["seq"])


def event_from_row(row: dict[str, Any], record: bool = False) -> Any:
    """One ``events`` row as the contract's event object (or, ``record``, as an ``Event``).

    The contract object is built straight from the columns (``_plain_from_row``),
    not through an ``Event``: listings build thousands of them per second, and
    the record's checks and copies made ``/api/events`` cost 2.7 ms per page of
    50 events. ``tests/test_store.py`` checks that both ways give the same object."""
    if not record:
        out = _plain_from_row(Event, row)
        extra = json.loads(row.get("extra") or "{}")
        for spec in f.specs(Event):
            inner = extra.pop(f"{spec.name}_extra", None)
            if inner and f.is_record(spec.kind) and out.get(spec.key) is not None:
                out[spec.key].update(inner)
        out.update(extra)
        return out
    event = record_from_row(Event, row)
    extra = json.loads(row.get("extra") or "{}")
    nested = {}
    for spec in f.specs(Event):
        inner = extra.pop(f"{spec.name}_extra", None)
        value = getattr(event, spec.name)
        if inner and value is not None and f.is_record(spec.kind):
            nested[spec.name] = replace(value, extra=inner)
    if extra or nested:
        event = replace(event, extra=extra, **nested)
    return event


def _plain_from_row(record: type, row: dict[str, Any], prefix: str = "") -> dict[str, Any] | None:
    """``record_from_row(record, row).to_dict()`` without the record, for records
    whose contract fields are all stored (a nested record whose columns are all
    null is None)."""
    out: dict[str, Any] = {}
    empty = True
    for key, column, nested, decode, digits, contract in _plan(record, prefix):
        if nested is not None:
            value = _plain_from_row(nested, row, column)
        else:
            value = row[column]
            if value is not None:
                if decode:
                    value = json.loads(value)
                elif digits is not None:
                    value = round(value, digits)
        if value is not None:
            empty = False
        if contract:
            out[key] = value
    if prefix and empty:
        return None
    return out


@lru_cache(maxsize=None)
def _plan(record: type, prefix: str) -> tuple[tuple[str, str, type | None, bool, int | None, bool], ...]:
    """What ``_plain_from_row`` does with each field of ``record``, worked out
    once: (contract key, column or nested prefix, nested record, JSON column,
    digits, in the contract)."""
    out = []
    for spec in f.specs(record):
        name = f"{prefix}{spec.column}"
        if f.is_record(spec.kind):
            out.append((spec.key, f"{name}_", spec.kind, False, None, spec.contract))
        else:
            decode = isinstance(spec.kind, (f.List, f.Map, f.Struct)) or spec.kind == f.JSON
            out.append((spec.key, name, None, decode, spec.digits, spec.contract))
    return tuple(out)
