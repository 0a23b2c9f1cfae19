"""Corpus-wide figures for the dashboard and the API: events per week by type,
who acts on whom, where events happen, stance by country over time.

Each function takes an open store and returns plain rows; filters reuse
``EventQuery`` so that every view means the same thing by "--country MLI".
"""

from __future__ import annotations

import json
from typing import Any

from ..actors.describe import describe
from ..stance import NEUTRAL_BAND
from .base import Store
from .queries import EventQuery, check_page, check_values, day, day_clauses, day_end


def week(store: Store, column: str) -> str:
    """SQL for the Monday starting the ISO week of a YYYY-MM-DD column."""
    if store.backend == "postgresql":
        return f"to_char(date_trunc('week', to_date(substr({column}, 1, 10), 'YYYY-MM-DD')), 'YYYY-MM-DD')"
    # 'weekday 0' moves to the next Sunday (or stays on one); six days back is that week's Monday
    return f"date({column}, 'weekday 0', '-6 days')"


def month(store: Store, column: str) -> str:
    return f"substr({column}, 1, 7)"


def _day_range(since: str | None, until: str | None, column: str, clauses: list[str], params: list) -> None:
    """--since/--until on a day column, read as the event filters read them."""
    day_clauses(column, column, day(since, "since"), day_end(until, "until"), clauses, params)


def timeline(store: Store, query: EventQuery) -> list[dict[str, Any]]:
    """Events per week and PLOVER type: rows of (week, type, events)."""
    where, params = query.where()
    # only events known to the day: an event dated "1975" or "June 2021" belongs
    # to no particular week (those without a date of their own take the article's day)
    known = "e.day IS NOT NULL AND (e.date IS NULL OR e.date_precision = 'day')"
    dated = f"{where} AND {known}" if where else f"WHERE {known}"
    w = week(store, "e.day")
    return store.rows(f"SELECT {w} AS week, e.type AS type, count(*) AS events FROM events e {dated} "
                      f"GROUP BY {w}, e.type ORDER BY week, type", params)


def timeline_all(store: Store, query: EventQuery) -> dict[str, Any]:
    """Every event at the precision of its date: ``items`` per week (events
    known to the day, or undated events of a dated article, which take its
    day), ``months`` and ``years`` (events the text dates only that finely),
    and ``undated``: how many have no date at all and cannot be drawn."""
    where, params = query.where()
    both = f"{where} AND" if where else "WHERE"
    coarse = {}
    for name, width, precision in (("months", 7, "month"), ("years", 4, "year")):
        period = f"substr(e.day, 1, {width})"
        coarse[name] = store.rows(
            f"SELECT {period} AS {precision}, e.type AS type, count(*) AS events FROM events e {both} "
            f"e.day IS NOT NULL AND e.date IS NOT NULL AND e.date_precision = ? "
            f"GROUP BY {period}, e.type ORDER BY {precision}, type", (*params, precision))
    undated = store.scalar(f"SELECT count(*) FROM events e {both} e.day IS NULL", params) or 0
    return {"items": timeline(store, query), **coarse, "undated": undated}


def network(store: Store, query: EventQuery, top: int = 60) -> dict[str, list[dict[str, Any]]]:
    """Actors as nodes, events as edges: the ``top`` heaviest source -> target
    pairs by type. An actor is identified by name and country, or by country
    and sector when the text names no one ("the Malian army")."""
    where, params = query.where()
    both = f"{where} AND" if where else "WHERE"
    node = ("COALESCE(e.{s}_name, '') || '|' || COALESCE(e.{s}_country, '') || '|' || COALESCE(e.{s}_agent, '')")
    rows = store.rows(
        f"SELECT {node.format(s='source')} AS source, {node.format(s='target')} AS target, e.type AS type, "
        f"count(*) AS events FROM events e {both} e.source_country IS NOT NULL AND e.target_country IS NOT NULL "
        f"GROUP BY {node.format(s='source')}, {node.format(s='target')}, e.type ORDER BY events DESC, source, target, type LIMIT ?",
        (*params, top),
    )
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for row in rows:
        for key in (row["source"], row["target"]):
            if key not in nodes:
                name, country, agent = key.split("|")
                label = describe(name, country, agent)
                nodes[key] = {"id": key, "label": label, "country": country or None, "agent": agent or None,
                              "events": 0}
            nodes[key]["events"] += row["events"]
        edges.append({"source": row["source"], "target": row["target"], "type": row["type"], "events": row["events"]})
    # what the drawing leaves out: events without a known country on both
    # sides, and those of the lighter pairs
    counts = store.rows(
        f"SELECT count(*) AS events, sum(CASE WHEN e.source_country IS NOT NULL AND e.target_country IS NOT NULL "
        f"THEN 1 ELSE 0 END) AS dyadic FROM events e {where}", params)[0]
    drawn = sum(edge["events"] for edge in edges)
    dyadic = counts["dyadic"] or 0
    return {"nodes": list(nodes.values()), "edges": edges,
            "left_out": {"one_sided": (counts["events"] or 0) - dyadic, "lighter_pairs": dyadic - drawn}}


def places(store: Store, query: EventQuery, top: int = 500) -> list[dict[str, Any]]:
    """Where events happen: one row per place with coordinates, events and
    types, and how sure the geocoder was (``confidence``: the mean over the
    place's events; ``ambiguous``: events whose place had close rivals).
    Areas that span countries ("Afrique", "Sahel") have no country and no point
    on a map: they are left out."""
    where, params = query.where()
    both = f"{where} AND" if where else "WHERE"
    confidence, ambiguous = _place_extra(store)
    rows = store.rows(
        f"SELECT e.place_name AS name, e.place_country AS country, e.place_geonameid AS geonameid, "
        f"max(e.place_lat) AS lat, max(e.place_lon) AS lon, count(*) AS events, "
        f"count(DISTINCT e.article_id) AS articles, avg({confidence}) AS confidence, "
        f"sum(CASE WHEN {ambiguous} THEN 1 ELSE 0 END) AS ambiguous FROM events e {both} e.place_lat IS NOT NULL "
        f"AND e.place_country IS NOT NULL "
        f"GROUP BY e.place_name, e.place_country, e.place_geonameid ORDER BY events DESC, name LIMIT ?",
        (*params, top),
    )
    for row in rows:
        row["confidence"] = round(row["confidence"], 2) if row["confidence"] is not None else None
    return rows


def unmapped(store: Store, query: EventQuery, drawn: int) -> int:
    """Events the map cannot show: no place, a place without coordinates or
    country (an area: "Sahel"), or a place past the ``top`` drawn."""
    where, params = query.where()
    return (store.scalar(f"SELECT count(*) FROM events e {where}", params) or 0) - drawn


def _place_extra(store: Store) -> tuple[str, str]:
    """SQL for an event place's confidence and ambiguity, kept in the events'
    ``extra`` JSON (``{"place_extra": {"confidence": 0.66, "ambiguous": false}}``)."""
    if store.backend == "postgresql":
        return ("CAST(CAST(e.extra AS json) -> 'place_extra' ->> 'confidence' AS double precision)",
                "(CAST(e.extra AS json) -> 'place_extra' ->> 'ambiguous') = 'true'")
    return ("json_extract(e.extra, '$.place_extra.confidence')", "json_extract(e.extra, '$.place_extra.ambiguous') = 1")


NO_OUTLET = "(no outlet)"


def _outlet(outlet: str | None, clauses: list[str], params: list) -> None:
    """An outlet filter on ``articles a``; ``NO_OUTLET`` picks the articles without one."""
    if outlet == NO_OUTLET:
        clauses.append("a.outlet IS NULL")
    elif outlet:
        clauses.append("lower(a.outlet) = ?")
        params.append(outlet.lower())


def _stance_clauses(countries: list[str] | None, since: str | None, until: str | None,
                    outlet: str | None = None) -> tuple[list[str], list]:
    check_values({"--outlet": outlet, "--since": since, "--until": until})
    clauses: list[str] = []
    params: list = []
    if countries:
        clauses.append(f"s.actor IN ({', '.join('?' * len(countries))})")
        params.extend(countries)
    _day_range(since, until, "a.day", clauses, params)
    _outlet(outlet, clauses, params)
    return clauses, params


def stance(store: Store, countries: list[str] | None = None, since: str | None = None,
           until: str | None = None, outlet: str | None = None) -> list[dict[str, Any]]:
    """Mean stance per country (or actor) and month, over the articles that have
    one and a publication day (``stance_undated`` counts the others)."""
    clauses, params = _stance_clauses(countries, since, until, outlet)
    clauses.insert(0, "a.day IS NOT NULL")
    m = month(store, "a.day")
    return store.rows(
        f"SELECT {m} AS month, s.actor AS actor, avg(s.score) AS score, count(*) AS articles "
        f"FROM stance s JOIN articles a ON a.id = s.article_id WHERE {' AND '.join(clauses)} "
        f"GROUP BY {m}, s.actor ORDER BY month, actor", params)


def stance_by_outlet(store: Store, countries: list[str] | None = None, since: str | None = None,
                     until: str | None = None, outlet: str | None = None) -> list[dict[str, Any]]:
    """Mean stance per country and outlet, dated or not: which side each outlet
    takes, and how many articles lean each way (past ``NEUTRAL_BAND``, as the
    gold's stance is scored). Articles without an outlet form one group, ``NO_OUTLET``."""
    clauses, params = _stance_clauses(countries, since, until, outlet)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = store.rows(
        f"SELECT s.actor AS actor, a.outlet AS outlet, avg(s.score) AS score, count(*) AS articles, "
        f"sum(CASE WHEN s.score >= ? THEN 1 ELSE 0 END) AS favourable, "
        f"sum(CASE WHEN s.score <= ? THEN 1 ELSE 0 END) AS hostile "
        f"FROM stance s JOIN articles a ON a.id = s.article_id {where} "
        f"GROUP BY s.actor, a.outlet ORDER BY articles DESC, actor, outlet", (NEUTRAL_BAND, -NEUTRAL_BAND, *params))
    for row in rows:
        row["outlet"] = row["outlet"] or NO_OUTLET
        row["score"] = round(row["score"], 3)
    return rows


def stance_articles(store: Store, countries: list[str] | None = None, since: str | None = None,
                    until: str | None = None, outlet: str | None = None, limit: int = 50,
                    offset: int = 0) -> list[dict[str, Any]]:
    """The articles behind a stance figure, one row per (article, country):
    newest first, undated ones last."""
    check_page(limit, offset)
    clauses, params = _stance_clauses(countries, since, until, outlet)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = store.rows(
        f"SELECT s.article_id AS article_id, a.title AS title, a.outlet AS outlet, a.day AS day, "
        f"s.actor AS actor, s.score AS score FROM stance s JOIN articles a ON a.id = s.article_id {where} "
        f"ORDER BY a.day DESC NULLS LAST, s.article_id, s.actor LIMIT ? OFFSET ?", (*params, limit, offset))
    for row in rows:
        row["outlet"] = row["outlet"] or NO_OUTLET
    return rows


def stance_undated(store: Store, countries: list[str] | None = None, outlet: str | None = None) -> int:
    """Articles with a stance score but no publication day (not on the time chart)."""
    clauses, params = _stance_clauses(countries, None, None, outlet)
    clauses.append("a.day IS NULL")
    return store.scalar(f"SELECT count(DISTINCT s.article_id) FROM stance s JOIN articles a ON a.id = s.article_id "
                        f"WHERE {' AND '.join(clauses)}", params) or 0


def _narrative_clauses(narrative: str | None, since: str | None, until: str | None,
                       outlet: str | None) -> tuple[list[str], list]:
    check_values({"--narrative": narrative, "--outlet": outlet, "--since": since, "--until": until})
    clauses: list[str] = []
    params: list = []
    _day_range(since, until, "a.day", clauses, params)
    _outlet(outlet, clauses, params)
    if narrative:
        clauses.append("n.narrative = ?")
        params.append(narrative)
    return clauses, params


def narratives_by_outlet(store: Store, since: str | None = None, until: str | None = None,
                         outlet: str | None = None) -> list[dict[str, Any]]:
    """How many of each outlet's articles carry each narrative (``share``: of
    the outlet's articles in the same span)."""
    clauses, params = _narrative_clauses(None, since, until, outlet)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    totals = {r["outlet"] or NO_OUTLET: r["n"] for r in store.rows(
        f"SELECT a.outlet AS outlet, count(*) AS n FROM articles a {where} GROUP BY a.outlet", params)}
    rows = store.rows(
        f"SELECT n.narrative AS narrative, a.outlet AS outlet, count(*) AS articles FROM narratives n "
        f"JOIN articles a ON a.id = n.article_id {where} GROUP BY n.narrative, a.outlet "
        f"ORDER BY articles DESC, narrative, outlet", params)
    for row in rows:
        row["outlet"] = row["outlet"] or NO_OUTLET
        row["of"] = totals.get(row["outlet"], 0)
        row["share"] = round(row["articles"] / row["of"], 4) if row["of"] else None
    return rows


def narratives_by_month(store: Store, since: str | None = None, until: str | None = None,
                        outlet: str | None = None) -> dict[str, Any]:
    """Articles carrying each narrative per month (dated articles), and how
    many carry one without a publication day (``undated``)."""
    clauses, params = _narrative_clauses(None, since, until, outlet)
    dated = ["a.day IS NOT NULL", *clauses]
    m = month(store, "a.day")
    rows = store.rows(
        f"SELECT {m} AS month, n.narrative AS narrative, count(*) AS articles FROM narratives n "
        f"JOIN articles a ON a.id = n.article_id WHERE {' AND '.join(dated)} "
        f"GROUP BY {m}, n.narrative ORDER BY month, narrative", params)
    undated = store.scalar(
        f"SELECT count(DISTINCT n.article_id) FROM narratives n JOIN articles a ON a.id = n.article_id "
        f"WHERE {' AND '.join(['a.day IS NULL', *clauses])}", params) or 0
    return {"items": rows, "undated": undated}


def narrative_articles(store: Store, narrative: str | None = None, since: str | None = None,
                       until: str | None = None, outlet: str | None = None, limit: int = 50,
                       offset: int = 0) -> list[dict[str, Any]]:
    """The articles carrying a narrative, with the sentences that carry it; newest first."""
    check_page(limit, offset)
    clauses, params = _narrative_clauses(narrative, since, until, outlet)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = store.rows(
        f"SELECT n.article_id AS article_id, a.title AS title, a.outlet AS outlet, a.day AS day, "
        f"n.narrative AS narrative, n.score AS score, n.evidence AS evidence FROM narratives n "
        f"JOIN articles a ON a.id = n.article_id {where} "
        f"ORDER BY a.day DESC NULLS LAST, n.score DESC, n.article_id LIMIT ? OFFSET ?", (*params, limit, offset))
    for row in rows:
        row["outlet"] = row["outlet"] or NO_OUTLET
        row["evidence"] = json.loads(row["evidence"] or "[]")
    return rows


def stats(store: Store) -> dict[str, Any]:
    """What the corpus holds: counts, date range, events per type, outlets."""
    counts = store.counts()
    span = store.rows("SELECT min(day) AS first, max(day) AS last FROM articles")[0]
    return {
        "articles": counts["articles"], "events": counts["events"], "distinct_events": counts["fused_events"],
        "actors": counts["actors"],
        "places": counts["places"], "runs": counts["runs"],
        "first_day": span["first"], "last_day": span["last"],
        "events_by_type": {r["type"]: r["n"] for r in store.rows(
            "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC, type")},
        "outlets": store.rows("SELECT outlet, count(*) AS articles FROM articles WHERE outlet IS NOT NULL "
                              "GROUP BY outlet ORDER BY articles DESC, outlet LIMIT 20"),
    }


def outlets(store: Store, top: int = 50) -> list[str]:
    """The outlets with the most articles (for the pages' outlet menus)."""
    return [r["outlet"] for r in store.rows("SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL "
                                            "GROUP BY outlet ORDER BY n DESC, outlet LIMIT ?", (top,))]


def list_articles(store: Store, since: str | None = None, until: str | None = None, outlet: str | None = None,
                  limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    check_values({"--outlet": outlet, "--since": since, "--until": until})
    check_page(limit, offset)
    clauses: list[str] = []
    params: list = []
    _day_range(since, until, "day", clauses, params)
    if outlet:
        clauses.append("lower(outlet) = ?")
        params.append(outlet.lower())
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return store.rows(
        f"SELECT id, title, outlet, published, url, lang, n_events FROM articles {where} "
        "ORDER BY day DESC NULLS LAST, id LIMIT ? OFFSET ?", (*params, limit, offset))
