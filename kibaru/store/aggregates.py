"""Corpus-wide figures for the dashboard and the API: events per week by type,
who acts on whom, where events happen, stance by country over time.

Each function takes an open store and returns plain rows; filters reuse
``EventQuery`` so that every view means the same thing by "--country MLI".
"""

from __future__ import annotations

from typing import Any

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
                label = name or " ".join(part for part in (country, agent) if part)
                nodes[key] = {"id": key, "label": label, "country": country or None, "agent": agent or None,
                              "events": 0}
            nodes[key]["events"] += row["events"]
        edges.append({"source": row["source"], "target": row["target"], "type": row["type"], "events": row["events"]})
    return {"nodes": list(nodes.values()), "edges": edges}


def places(store: Store, query: EventQuery, top: int = 500) -> list[dict[str, Any]]:
    """Where events happen: one row per place with coordinates, events and types.
    Areas that span countries ("Afrique", "Sahel") have no country and no point
    on a map: they are left out."""
    where, params = query.where()
    both = f"{where} AND" if where else "WHERE"
    return store.rows(
        f"SELECT e.place_name AS name, e.place_country AS country, e.place_geonameid AS geonameid, "
        f"max(e.place_lat) AS lat, max(e.place_lon) AS lon, count(*) AS events, "
        f"count(DISTINCT e.article_id) AS articles FROM events e {both} e.place_lat IS NOT NULL "
        f"AND e.place_country IS NOT NULL "
        f"GROUP BY e.place_name, e.place_country, e.place_geonameid ORDER BY events DESC, name LIMIT ?",
        (*params, top),
    )


def stance(store: Store, countries: list[str] | None = None, since: str | None = None,
           until: str | None = None) -> list[dict[str, Any]]:
    """Mean stance per country (or actor) and month, over the articles that have one."""
    clauses, params = ["a.day IS NOT NULL"], []
    if countries:
        clauses.append(f"s.actor IN ({', '.join('?' * len(countries))})")
        params.extend(countries)
    _day_range(since, until, "a.day", clauses, params)
    m = month(store, "a.day")
    return store.rows(
        f"SELECT {m} AS month, s.actor AS actor, avg(s.score) AS score, count(*) AS articles "
        f"FROM stance s JOIN articles a ON a.id = s.article_id WHERE {' AND '.join(clauses)} "
        f"GROUP BY {m}, s.actor ORDER BY month, actor", params)


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
