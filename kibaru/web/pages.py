"""HTML pages: search, article, timeline, network, map, stance.

Server-rendered with Jinja2 (autoescaping on: every string from an article is
text, never markup); the charts are drawn in the browser by
``static/kibaru.js`` from the same JSON the API serves, so each page has a
JSON twin under /api with the same query string.
"""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..errors import KibaruError
from ..store import SearchQuery
from ..store import aggregates
from ..store.queries import MAX_OFFSET
from .deps import in_thread
from .highlight import segments
from .render import path_part, render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def search_page(request: Request, q: Optional[str] = None, since: Optional[str] = None,
                      until: Optional[str] = None, country: Optional[str] = None, outlet: Optional[str] = None,
                      offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    context = await in_thread(request, _search_context, request, q, since, until, country, outlet, offset)
    return render(request, "search.html", **context)


def _search_context(store, request: Request, q, since, until, country, outlet, offset) -> dict[str, Any]:
    results, error = None, None
    if q and q.strip():
        try:
            results = store.search(SearchQuery(q, since=since or None, until=until or None, country=country or None,
                                               outlet=outlet or None, limit=20, offset=offset))
        except KibaruError as exc:
            if exc.code != "E211":
                raise
            error = exc.message
    context = dict(q=q or "", since=since or "", until=until or "", country=country or "", outlet=outlet or "",
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
                  twin=f"/api/articles/{path_part(article_id)}")


def _chart(request: Request, name: str, api: str, title: str, **extra: Any) -> HTMLResponse:
    params = request.query_params
    return render(request, name, title=title, api=api, twin=f"{api}?{request.url.query}",
                  f={k: params.get(k, "") for k in ("type", "source", "target", "country", "since", "until")},
                  **extra)


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
def stance_page(request: Request):
    return _chart(request, "stance.html", "/api/stance", "Stance")
