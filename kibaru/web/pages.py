"""HTML pages: search, article, events, timeline, network, map, stance.

Server-rendered with Jinja2 (autoescaping on: every string from an article is
text, never markup); the charts are drawn in the browser by
``static/kibaru.js`` from the same JSON the API serves, so each page has a
JSON twin under /api with the same query string.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..errors import KibaruError
from ..narratives.catalogue import DEFAULT_CATALOGUE, read_catalogue
from ..actors.describe import country_name, sectors
from ..store import EventQuery, SearchQuery
from ..store import aggregates, reviews
from ..store.queries import MAX_OFFSET, country_code
from ..topics.classifier import LABELS as TOPICS
from .deps import in_thread, parse_confidence
from .highlight import segments
from .render import path_part, render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def search_page(request: Request, q: Optional[str] = None, since: Optional[str] = None,
                      until: Optional[str] = None, country: Optional[str] = None, outlet: Optional[str] = None,
                      topic: Optional[str] = None, offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    context = await in_thread(request, _search_context, request, q, since, until, country, outlet, topic, offset)
    return render(request, "search.html", **context)


def _search_context(store, request: Request, q, since, until, country, outlet, topic, offset) -> dict[str, Any]:
    results, error = None, None
    if q and q.strip():
        try:
            results = store.search(SearchQuery(q, since=since or None, until=until or None, country=country or None,
                                               outlet=outlet or None, topic=topic or None, limit=20, offset=offset))
        except KibaruError as exc:
            if exc.code != "E211":
                raise
            error = exc.message
    context = dict(q=q or "", since=since or "", until=until or "", country=country or "", outlet=outlet or "",
                   topic=topic or "", topics=TOPICS, outlets=aggregates.outlets(store),
                   more=request.url.include_query_params(offset=offset + 20).query,
                   offset=offset, results=results, error=error,
                   twin=f"/api/search?{request.url.query}" if q else "/api/stats")
    if results is None:
        context["stats"] = aggregates.stats(store)
        context["latest"] = aggregates.list_articles(store, limit=15)
    return context


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: str):
    article = await in_thread(request, lambda store: store.article(article_id))
    return render(request, "article.html", article=article,
                  segments=segments(article["text"], article["entities"], article["events"], article["actors"]),
                  stance=_stance_rows(article), twin=f"/api/articles/{path_part(article_id)}")


def _stance_rows(article: dict[str, Any]) -> list[dict[str, Any]]:
    """The article's stance per country, each with the events that carry it
    (those with that country on either side)."""
    rows = []
    for code, score in (article.get("stance") or {}).items():
        events = [(i, e) for i, e in enumerate(article["events"])
                  if code in ((e.get("source") or {}).get("country"), (e.get("target") or {}).get("country"))]
        rows.append({"country": code, "name": country_name(code), "score": score, "events": events})
    return rows


EVENT_FILTERS = ("type", "source", "target", "country", "status", "since", "until", "article", "actor", "place",
                 "min_confidence", "outlet", "topic")
EVENTS_PER_PAGE = 50
STANCE_COUNTRIES = 12  # rows of the stance table: the most discussed countries


def _event_query(request: Request, **page: int) -> tuple[dict[str, str], EventQuery]:
    """The page's event filters as the form shows them (blank: no filter), and as a query."""
    params = request.query_params
    f = {k: params.get(k, "") for k in EVENT_FILTERS}
    return f, EventQuery(types=[t for t in params.getlist("type") if t], source=f["source"] or None,
                         target=f["target"] or None, country=f["country"] or None, status=f["status"] or None,
                         since=f["since"] or None, until=f["until"] or None, article_id=f["article"] or None,
                         actor=f["actor"] or None, place=f["place"] or None,
                         min_confidence=parse_confidence(f["min_confidence"]), outlet=f["outlet"] or None,
                         topic=f["topic"] or None, **page)


@router.get("/events", response_class=HTMLResponse)
async def events_page(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """Events and their evidence sentences, filtered as the URL says: where a
    click on a chart (a network node, a map circle, a timeline bar) leads."""
    f, query = _event_query(request, limit=EVENTS_PER_PAGE, offset=offset)

    def work(store):
        return store.events(query), store.count_events(query), aggregates.outlets(store)

    events, total, outlets = await in_thread(request, work)
    shown = request.url.remove_query_params("offset").query
    following = None
    if offset + EVENTS_PER_PAGE < total:
        following = str(request.url.include_query_params(offset=offset + EVENTS_PER_PAGE))
    return render(request, "events.html", events=events, total=total, offset=offset, following=following, f=f,
                  outlets=outlets, topics=TOPICS, download=f"/api/events/download?{shown}",
                  twin=f"/api/events?{request.url.query}")


def _chart(request: Request, name: str, api: str, title: str, **extra: Any) -> HTMLResponse:
    params = request.query_params
    return render(request, name, title=title, api=api, twin=f"{api}?{request.url.query}",
                  f={k: params.get(k, "") for k in EVENT_FILTERS},
                  sectors=sectors(), **extra)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request):
    return _chart(request, "timeline.html", "/api/timeline", "Timeline")


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request):
    return _chart(request, "network.html", "/api/network", "Network")


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request):
    return _chart(request, "map.html", "/api/places", "Map")


@router.get("/stance", response_class=HTMLResponse)
async def stance_page(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """Stance by outlet (dated or not), over time (dated articles), and the
    articles behind any figure (?country=RUS&outlet=…)."""
    params = request.query_params
    f = {k: params.get(k, "") for k in ("country", "since", "until", "outlet")}
    codes = [country_code(c.strip()) for c in f["country"].split(",") if c.strip()] or None
    filters = dict(since=f["since"] or None, until=f["until"] or None, outlet=f["outlet"] or None)

    def work(store):
        return (aggregates.stance_by_outlet(store, codes, **filters),
                aggregates.stance_articles(store, codes, limit=EVENTS_PER_PAGE, offset=offset, **filters))

    by_outlet, articles = await in_thread(request, work)
    following = None
    if len(articles) == EVENTS_PER_PAGE:
        following = str(request.url.include_query_params(offset=offset + EVENTS_PER_PAGE))
    return render(request, "stance.html", title="Stance", api="/api/stance", f=f,
                  outlets=_pivot(by_outlet, "actor", top=STANCE_COUNTRIES), country_name=country_name,
                  articles=articles, offset=offset, following=following,
                  twin=f"/api/stance?{request.url.include_query_params(by='outlet').query}")


def _pivot(rows: list[dict[str, Any]], key: str, top: int | None = None) -> dict[str, Any]:
    """Rows of (``key``, outlet, articles …) as a table: the ``key`` values with
    the most articles as rows (the ``top`` first), outlets as columns, most
    articles first; ``cells`` by (key, outlet)."""
    weight: dict[str, int] = {}
    per_outlet: dict[str, int] = {}
    for r in rows:
        weight[r[key]] = weight.get(r[key], 0) + r["articles"]
        # an outlet's own article count when the rows give it (narratives), else the sum
        per_outlet[r["outlet"]] = r["of"] if "of" in r else per_outlet.get(r["outlet"], 0) + r["articles"]
    keys = sorted(weight, key=lambda k: (-weight[k], k))
    shown = keys[:top] if top else keys
    return {"rows": [(k, weight[k]) for k in shown], "left_out": len(keys) - len(shown),
            "outlets": sorted(per_outlet.items(), key=lambda kv: (-kv[1], kv[0])),
            "cells": {(r[key], r["outlet"]): r for r in rows}}


@router.get("/review", response_class=HTMLResponse)
async def review_page(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """The review queue; its verdicts are sent by kibaru.js to POST /api/review."""
    f, query = _event_query(request)

    def work(store):
        return reviews.queue(store, query, REVIEWS_PER_PAGE, offset), reviews.review_counts(store)

    items, counts = await in_thread(request, work)
    following = None
    if len(items) == REVIEWS_PER_PAGE:
        following = str(request.url.include_query_params(offset=offset + REVIEWS_PER_PAGE))
    return render(request, "review.html", items=items, counts=counts, f=f, offset=offset, following=following,
                  writable=request.app.state.settings.writable, twin=f"/api/review?{request.url.query}")


REVIEWS_PER_PAGE = 20


@lru_cache(maxsize=1)
def narrative_catalogue() -> dict[str, dict[str, str]]:
    """The shipped catalogue's labels and descriptions, by id (no model needed)."""
    data = read_catalogue(DEFAULT_CATALOGUE)
    return {n["id"]: {"label": n["label"], "description": n["description"]} for n in data["narratives"]}


@router.get("/narratives", response_class=HTMLResponse)
async def narratives_page(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    params = request.query_params
    f = {k: params.get(k, "") for k in ("narrative", "outlet", "since", "until")}
    filters = dict(since=f["since"] or None, until=f["until"] or None, outlet=f["outlet"] or None)

    def work(store):
        return (aggregates.narratives_by_outlet(store, **filters),
                aggregates.narrative_articles(store, f["narrative"] or None, limit=EVENTS_PER_PAGE, offset=offset,
                                              **filters))

    by_outlet, articles = await in_thread(request, work)
    following = None
    if len(articles) == EVENTS_PER_PAGE:
        following = str(request.url.include_query_params(offset=offset + EVENTS_PER_PAGE))
    chart = {k: v for k, v in f.items() if v and k != "narrative"}
    return render(request, "narratives.html", f=f, catalogue=narrative_catalogue(), table=_pivot(by_outlet, "narrative"),
                  articles=articles, following=following, chart_query=urlencode({**chart, "by": "month"}),
                  twin=f"/api/narratives?{urlencode({**chart, 'by': 'outlet'})}")
