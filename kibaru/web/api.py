"""The REST API: /api/articles, /api/search, /api/events, /api/actors,
/api/places, /api/timeline, /api/network, /api/stance, /api/stats, and
POST /api/analyze (only on a server started with a token).

Lists answer ``{"items": [...], "limit", "offset", "next"}``; ``next`` is the
URL of the following page, or null. Errors answer one shape:
``{"error": {"status", "code", "message"}}``.
"""

from __future__ import annotations

from typing import Any, List, Optional

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..store import EventQuery, SearchQuery
from ..store import aggregates
from .app import ApiError, check_token, store_for

# The read endpoints are ``async``: their queries take about a millisecond, less
# than a hop to the thread pool, and they answer with a ready JSONResponse,
# skipping FastAPI's re-encoding of plain JSON values. (One connection per
# process then serves them, in turn, on the event loop.)
router = APIRouter(prefix="/api", default_response_class=JSONResponse)


def answer(data: Any) -> JSONResponse:
    return JSONResponse(data)
MAX_LIMIT = 500


def page(request: Request, items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    following = None
    if limit and len(items) == limit:
        following = str(request.url.include_query_params(offset=offset + limit))
    return {"items": items, "limit": limit, "offset": offset, "next": following}


class EventFilters:
    """The filters of ``kibaru events``, as query parameters (shared by several views)."""

    def __init__(self, **values: Any) -> None:
        self.values = values

    def query(self, limit: int = 50, offset: int = 0) -> EventQuery:
        return EventQuery(**self.values, limit=limit, offset=offset)


async def event_filters(
    type: List[str] = Query([], description="PLOVER type(s); repeat the parameter for several."),
    source: Optional[str] = Query(None, description="Source: a country code (RUS, IGO:UN) or part of a name."),
    target: Optional[str] = Query(None, description="Target: a country code or part of a name."),
    country: Optional[str] = Query(None, description="Source, target or place in this country."),
    status: Optional[str] = Query(None, description="occurred, planned, hypothetical or negated."),
    since: Optional[str] = Query(None, description="From this day (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: Optional[str] = Query(None, description="Up to this day, included."),
    article: Optional[str] = Query(None, description="Only this article's events."),
) -> EventFilters:
    # async, so that FastAPI resolves it on the event loop, without a thread hop
    return EventFilters(types=[t for t in type if t], source=source or None, target=target or None,
                        country=country or None, status=status or None, since=since or None,
                        until=until or None, article_id=article or None)


LIMIT = Query(20, ge=0, le=MAX_LIMIT)
OFFSET = Query(0, ge=0)


@router.get("/stats", summary="What the corpus holds")
async def stats(request: Request) -> dict[str, Any]:
    return answer(aggregates.stats(store_for(request)))


@router.get("/articles", summary="Articles, newest first")
async def articles(request: Request, since: Optional[str] = None, until: Optional[str] = None,
             outlet: Optional[str] = None, limit: int = LIMIT, offset: int = OFFSET) -> dict[str, Any]:
    rows = aggregates.list_articles(store_for(request), since=since, until=until, outlet=outlet, limit=limit, offset=offset)
    return answer(page(request, rows, limit, offset))


@router.get("/articles/{article_id}", summary="One article: the contract object")
async def article(request: Request, article_id: str) -> dict[str, Any]:
    return answer(store_for(request).article(article_id))


@router.get("/search", summary="Full-text search over titles and texts")
async def search(request: Request, q: str = Query(..., description='Words (all of them); "a phrase"; a OR b; -word.'),
           since: Optional[str] = None, until: Optional[str] = None, country: Optional[str] = None,
           outlet: Optional[str] = None, lang: Optional[str] = None, limit: int = LIMIT, offset: int = OFFSET,
           ) -> dict[str, Any]:
    query = SearchQuery(q, since=since or None, until=until or None, country=country or None,
                        outlet=outlet or None, lang=lang or None, limit=limit, offset=offset)
    return answer(page(request, store_for(request).search(query), limit, offset))


@router.get("/events", summary="Coded events, newest first")
async def events(request: Request, filters: EventFilters = Depends(event_filters), limit: int = Query(50, ge=0, le=MAX_LIMIT),
           offset: int = OFFSET,
           fused: bool = Query(False, description="One item per distinct event, fused from all its reports.")
           ) -> dict[str, Any]:
    store = store_for(request)
    query = filters.query(limit, offset)
    if fused:
        from ..store.fusion import fused_events

        return answer(page(request, fused_events(store, query), limit, offset))
    return answer(page(request, store.events(query), limit, offset))


@router.get("/actors", summary="Actors by the number of articles that mention them")
async def actors(request: Request, country: Optional[str] = None, agent: Optional[str] = None, name: Optional[str] = None,
           top: int = Query(20, ge=0, le=MAX_LIMIT)) -> dict[str, Any]:
    from ..store.queries import country_code

    rows = store_for(request).actors(country=country_code(country) if country else None, agent=agent.upper() if agent else None,
                        name=name or None, top=top)
    return answer({"items": rows})


@router.get("/places", summary="Where events happen: places with coordinates and event counts")
async def places(request: Request, filters: EventFilters = Depends(event_filters), top: int = Query(500, ge=0, le=5000),
           ) -> dict[str, Any]:
    return answer({"items": aggregates.places(store_for(request), filters.query(), top=top)})


@router.get("/timeline", summary="Events per week and PLOVER type")
async def timeline(request: Request, filters: EventFilters = Depends(event_filters)) -> dict[str, Any]:
    return answer({"items": aggregates.timeline(store_for(request), filters.query())})


@router.get("/network", summary="Who acts on whom: actors as nodes, events as edges")
async def network(request: Request, filters: EventFilters = Depends(event_filters), top: int = Query(60, ge=1, le=1000),
            ) -> dict[str, Any]:
    return answer(aggregates.network(store_for(request), filters.query(), top=top))


@router.get("/stance", summary="Mean stance per country and month")
async def stance(request: Request, country: List[str] = Query([], description="Country codes; repeat for several."),
           since: Optional[str] = None, until: Optional[str] = None,
           ) -> dict[str, Any]:
    from ..store.queries import country_code

    # ?country=FRA&country=RUS or ?country=FRA,RUS (what the page's form sends)
    codes = [country_code(c.strip()) for value in country for c in value.split(",") if c.strip()]
    return answer({"items": aggregates.stance(store_for(request), codes or None, since=since or None, until=until or None)})


class ArticleIn(BaseModel):
    id: Optional[str] = None
    title: Optional[str] = None
    text: str = Field(..., min_length=1)
    url: Optional[str] = None
    published: Optional[str] = None
    outlet: Optional[str] = None
    author: Optional[str] = None
    lang: Optional[str] = None
    tags: List[str] = []


class AnalyzeIn(BaseModel):
    articles: List[ArticleIn] = Field(..., min_length=1, max_length=200)


@router.post("/analyze", summary="Code and store articles (needs the server's token)", status_code=200)
def analyze(request: Request, body: AnalyzeIn = Body(...)) -> dict[str, Any]:
    settings = request.app.state.settings
    check_token(settings, request)
    from ..doc import Article
    from ..ingest.dates import to_iso_date
    from ..normalize import Normalizer
    from ..settings import Settings
    from ..store.writer import StoreWriter, settings_hash

    config = Settings.from_env()
    normalizer = Normalizer(config)
    articles = []
    for index, item in enumerate(body.articles):
        article = Article(id=item.id, title=item.title, text=item.text, url=item.url,
                          published=to_iso_date(item.published), outlet=item.outlet, author=item.author,
                          lang=item.lang, tags=list(item.tags), origin=f"POST /api/analyze [{index}]")
        articles.append(normalizer(article))
    # one analysis at a time: the model is large, and a second copy would double memory
    with request.app.state.analyze_lock:
        analyzer = _analyzer(request.app, config)
        out = []
        with StoreWriter(store_for(request), settings_hash(config), command="POST /api/analyze", force=True) as writer:
            for coded in analyzer(writer.pending(articles)):
                writer.add(coded)
                out.append({"id": coded.id, "events": len(coded.events), "errors": [e.to_dict() for e in coded.errors]})
    if not out:
        raise ApiError(400, "nothing_coded", "no article could be read")
    return {"stored": writer.counts["stored"] + writer.counts["replaced"], "run": writer.run_id, "articles": out}


def _analyzer(app, config):
    analyzer = getattr(app.state, "analyzer", None)
    if analyzer is None:
        from ..pipeline import Analyzer

        analyzer = app.state.analyzer = Analyzer(config)
    return analyzer
