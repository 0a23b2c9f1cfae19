"""Between the contract's article object and the store's tables.

``to_rows()`` splits a coded Article into one row for ``articles`` and rows
for each child table; ``from_rows()`` puts the contract object back together,
so ``kibaru article ID`` prints what ``kibaru analyze`` printed. Each table's
columns are declared once, here, in insert order.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from ..doc import Article

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "title", "text", "tags", "author", "outlet", "url", "published", "day", "lang",
                 "duplicate_of", "origin", "warnings", "meta", "n_events", "content_hash", "settings_hash",
                 "run_id", "stored_at"),
    "repairs": ("article_id", "seq", "kind", "from_text", "to_text"),
    "entities": ("article_id", "seq", "text", "label", "start_char", "end_char", "actor"),
    "actors": ("article_id", "actor", "name", "country", "agent", "roles"),
    "aliases": ("article_id", "actor", "seq", "alias"),
    "events": ("article_id", "seq", "type", "mode", "status", "day", "date", "date_precision",
               "source_actor", "source_name", "source_country", "source_agent",
               "target_actor", "target_name", "target_country", "target_agent",
               "place_name", "place_country", "place_geonameid", "place_lat", "place_lon",
               "trigger", "trigger_start", "trigger_end", "sentence", "sentence_start", "confidence", "extra"),
    "places": ("article_id", "seq", "name", "country", "geonameid", "lat", "lon", "mentions"),
    "stance": ("article_id", "actor", "score"),
    "topics": ("article_id", "label", "score"),
    "narratives": ("article_id", "narrative", "score", "evidence"),
}
CHILD_TABLES = tuple(t for t in COLUMNS if t != "articles")

# Event fields that have their own columns; anything else a later stage adds
# to an event is kept in the ``extra`` JSON column rather than lost.
_EVENT_FIELDS = {"type", "mode", "status", "sentence", "sentence_start", "trigger", "source", "target",
                 "place", "date", "date_precision", "confidence", "trigger_start", "trigger_end"}
_SIDES = ("actor", "name", "country", "agent")
_PLACE_COLUMNS = ("name", "country", "geonameid", "lat", "lon")
_PLACE_EXTRA = "place_extra"  # key of an event's extra JSON holding its place's other fields
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


def to_rows(article: Article, settings_hash: str, run_id: int | None) -> ArticleRows:
    aid = article.id
    if not aid:
        raise ValueError("an article without an id cannot be stored")
    day = (article.published or "")[:10] or None
    rows = ArticleRows(aid)
    rows.tables["articles"] = [(
        aid, article.title, article.text, _json(article.tags), article.author, article.outlet, article.url,
        article.published, day, article.lang, article.duplicate_of, article.origin,
        _json([w.to_dict() for w in article.warnings]), _json(article.meta), len(article.events),
        content_hash(article), settings_hash, run_id, now(),
    )]
    rows.tables["repairs"] = [(aid, i, r.kind, r.from_, r.to) for i, r in enumerate(article.repairs)]
    rows.tables["entities"] = [(aid, i, e["text"], e["label"], e["start"], e["end"], e.get("actor"))
                               for i, e in enumerate(article.entities)]
    rows.tables["actors"] = [(aid, key, a.get("name"), a.get("country"), a.get("agent"), _json(a.get("roles") or []))
                             for key, a in article.actors.items()]
    rows.tables["aliases"] = [(aid, key, i, alias) for key, a in article.actors.items()
                              for i, alias in enumerate(a.get("aliases") or [])]
    rows.tables["events"] = [_event_row(aid, i, e, day) for i, e in enumerate(article.events)]
    rows.tables["places"] = [(aid, i, p["name"], p.get("country"), p.get("geonameid"), p.get("lat"), p.get("lon"),
                              p.get("mentions", 1)) for i, p in enumerate(article.places)]
    rows.tables["stance"] = [(aid, actor, float(score)) for actor, score in article.stance.items()]
    rows.tables["topics"] = [(aid, article.topic["label"], article.topic.get("score"))] if article.topic else []
    rows.tables["narratives"] = [(aid, n["id"], n.get("score"), _json(n.get("evidence") or []))
                                 for n in article.narratives]
    return rows


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


def _event_row(aid: str, seq: int, event: dict[str, Any], published_day: str | None) -> tuple:
    source = event.get("source") or {}
    target = event.get("target") or {}
    place = event.get("place") or {}
    date = event.get("date")
    extra = {k: v for k, v in event.items() if k not in _EVENT_FIELDS}
    # what a place says beyond its columns ("confidence", "ambiguous") rides in extra too
    place_extra = {k: v for k, v in place.items() if k not in _PLACE_COLUMNS}
    if place_extra:
        extra[_PLACE_EXTRA] = place_extra
    return (
        aid, seq, event["type"], event.get("mode"), event["status"], first_day(date) or published_day,
        date, event.get("date_precision"),
        *(source.get(k) for k in _SIDES), *(target.get(k) for k in _SIDES),
        place.get("name"), place.get("country"), place.get("geonameid"), place.get("lat"), place.get("lon"),
        event["trigger"], event.get("trigger_start"), event.get("trigger_end"),
        event["sentence"], event["sentence_start"], event.get("confidence"), _json(extra),
    )


# --- back to the contract ----------------------------------------------------

def from_rows(tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The contract object from one article's rows (each a column -> value dict)."""
    a = tables["articles"][0]
    actors: dict[str, dict[str, Any]] = {}
    for row in tables.get("actors", []):
        actors[row["actor"]] = {"name": row["name"], "country": row["country"], "agent": row["agent"],
                                "roles": json.loads(row["roles"]), "aliases": []}
    for row in sorted(tables.get("aliases", []), key=lambda r: (r["actor"], r["seq"])):
        if row["actor"] in actors:
            actors[row["actor"]]["aliases"].append(row["alias"])
    topic = tables.get("topics") or []
    article = Article.from_dict({
        "id": a["id"], "title": a["title"], "tags": json.loads(a["tags"]), "author": a["author"],
        "outlet": a["outlet"], "url": a["url"], "published": a["published"], "lang": a["lang"], "text": a["text"],
        "repairs": [{"kind": r["kind"], "from": r["from_text"], "to": r["to_text"]} for r in _ordered(tables, "repairs")],
        "entities": [{"text": r["text"], "label": r["label"], "start": r["start_char"], "end": r["end_char"],
                      "actor": r["actor"]} for r in _ordered(tables, "entities")],
        "actors": actors,
        "events": [event_from_row(r) for r in _ordered(tables, "events")],
        "places": [{"name": r["name"], "country": r["country"], "geonameid": r["geonameid"], "lat": r["lat"],
                    "lon": r["lon"], "mentions": r["mentions"]} for r in _ordered(tables, "places")],
        "stance": {r["actor"]: r["score"] for r in tables.get("stance", [])},
        "topic": {"label": topic[0]["label"], "score": topic[0]["score"]} if topic else None,
        # best first, as the coder lists them (the table is keyed by narrative id)
        "narratives": [{"id": r["narrative"], "score": r["score"], "evidence": json.loads(r["evidence"])}
                       for r in sorted(tables.get("narratives", []),
                                       key=lambda r: (-(r["score"] or 0), r["narrative"]))],
        "duplicate_of": a["duplicate_of"], "origin": a["origin"],
        "warnings": json.loads(a["warnings"]), "meta": json.loads(a["meta"]),
    })
    return article.to_dict()


def _ordered(tables: dict[str, list[dict[str, Any]]], name: str) -> Iterable[dict[str, Any]]:
    return sorted(tables.get(name, []), key=lambda r: r["seq"])


def _side(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    if row[f"{prefix}_actor"] is None and row[f"{prefix}_name"] is None and row[f"{prefix}_country"] is None:
        return None
    return {k: row[f"{prefix}_{k}"] for k in _SIDES}


def event_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """One ``events`` row as the contract's event object (plus its article id)."""
    place = None
    if row["place_name"] is not None or row["place_country"] is not None:
        place = {"name": row["place_name"], "country": row["place_country"], "geonameid": row["place_geonameid"],
                 "lat": row["place_lat"], "lon": row["place_lon"]}
    event = {
        "type": row["type"], "mode": row["mode"], "status": row["status"],
        "sentence": row["sentence"], "sentence_start": row["sentence_start"], "trigger": row["trigger"],
        "source": _side(row, "source"), "target": _side(row, "target"), "place": place,
        "date": row["date"], "date_precision": row["date_precision"], "confidence": row["confidence"],
        "trigger_start": row["trigger_start"], "trigger_end": row["trigger_end"],
    }
    extra = json.loads(row.get("extra") or "{}")
    place_extra = extra.pop(_PLACE_EXTRA, None)
    if place is not None and place_extra:
        place.update(place_extra)
    event.update(extra)
    return event
