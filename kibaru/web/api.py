"""The REST API: /api/articles, /api/search, /api/events, /api/actors,
/api/places, /api/timeline, /api/network, /api/stance, /api/narratives,
/api/review, /api/reviews, /api/stats; POST /api/analyze and POST /api/review
(only on a server started with a token).

Lists answer ``{"items": [...], "limit", "offset", "next"}``; ``next`` is the
URL of the following page, or null. Errors answer one shape:
``{"error": {"status", "code", "message"}}``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.background import BackgroundTask
from pydantic import BaseModel, Field, ValidationError
from starlette.requests import ClientDisconnect

from ..doc import Article
from ..ingest.dates import to_iso_date
from ..pipeline import PipelineConfig, load_pipeline
from ..settings import Settings
from ..store import EventQuery, SearchQuery, aggregates, reviews, write
from ..store.export import export
from ..store.fusion import fused_events
from ..store.queries import MAX_OFFSET, country_code
from . import schemas
from .deps import Answer, cached, in_thread, listing, parse_confidence, require_token, untimed
from .errors import ApiError

# The read endpoints are ``async`` and send their query to one of the server's
# query threads (``query``, app.in_thread), never running it on the event loop.
# They answer with a ready JSONResponse, skipping FastAPI's re-encoding.
router = APIRouter(prefix="/api", default_response_class=JSONResponse, responses=schemas.ERRORS)


def answer(data: Any) -> JSONResponse:
    return Answer(data)


query = in_thread


MAX_LIMIT = 500


async def read_body(request: Request, model: type[BaseModel]) -> Any:
    """A POST body as ``model``, read inside the endpoint, after the token
    check (a dependency): FastAPI parses and validates a declared body before
    any dependency runs, which told anyone the schema, token or not."""
    try:
        raw = await request.body()
    except ClientDisconnect:  # the body limit stopped the upload and has answered 413 (this one is dropped)
        raise ApiError(413, "too_large", "the request body is over the server's limit") from None
    try:
        return model.model_validate_json(raw or b"null")
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors())
        raise ApiError(422, "invalid_request", problems) from None


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI request body of an endpoint that reads its body with ``read_body``."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def page(request: Request, items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    following = None
    if limit and len(items) == limit and offset + limit <= MAX_OFFSET:
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
    actor: Optional[str] = Query(None, description="This actor on either side, as the network names its nodes: "
                                 "name|country|sector (blank parts for unknown ones: |MLI|CVL)."),
    place: Optional[str] = Query(None, description="At this place, as the map names it: name|country."),
    # a string, so that the empty field of a form means "no filter", as for the others
    min_confidence: Optional[str] = Query(None, description="Events coded with at least this confidence (0–1)."),
    outlet: Optional[str] = Query(None, description="Events of this outlet's articles."),
    topic: Optional[str] = Query(None, description="Events of articles of this topic (politics, business, health …)."),
) -> EventFilters:
    # async, so that FastAPI resolves it on the event loop, without a thread hop
    return EventFilters(types=[t for t in type if t], source=source or None, target=target or None,
                        country=country or None, status=status or None, since=since or None,
                        until=until or None, article_id=article or None, actor=actor or None, place=place or None,
                        min_confidence=parse_confidence(min_confidence), outlet=outlet or None, topic=topic or None)



LIMIT = Query(20, ge=0, le=MAX_LIMIT)
# Offsets stop where the store's do: past them, kibaru export is the tool (and
# 2**63 overflowed the databases' 64-bit integers: "bigint out of range", a 500).
OFFSET = Query(0, ge=0, le=MAX_OFFSET)


@router.get("/stats", summary="What the corpus holds", response_model=schemas.Stats)
async def stats(request: Request) -> dict[str, Any]:
    return answer(await listing(request, aggregates.stats))


@router.get("/articles", summary="Articles, newest first", response_model=schemas.ArticlePage)
async def articles(request: Request, since: Optional[str] = None, until: Optional[str] = None,
             outlet: Optional[str] = None, limit: int = LIMIT, offset: int = OFFSET) -> dict[str, Any]:
    rows = await listing(request, aggregates.list_articles, since=since, until=until, outlet=outlet, limit=limit,
                         offset=offset)
    return answer(page(request, rows, limit, offset))


@router.get("/articles/{article_id:path}", summary="One article: the contract object", response_model=Dict[str, Any])
async def article(request: Request, article_id: str) -> dict[str, Any]:
    # {article_id:path}: ids taken from URLs hold slashes (send them as %2F or as they are)
    return answer(await listing(request, lambda store: store.article(article_id)))


@router.get("/search", summary="Full-text search over titles and texts", response_model=schemas.SearchPage)
async def search(request: Request, q: str = Query(..., description='Words (all of them); "a phrase"; a OR b; -word.'),
           since: Optional[str] = None, until: Optional[str] = None, country: Optional[str] = None,
           outlet: Optional[str] = None, lang: Optional[str] = None,
           topic: Optional[str] = Query(None, description="Articles of this topic (politics, business, health …)."),
           limit: int = LIMIT, offset: int = OFFSET,
           ) -> dict[str, Any]:
    search = SearchQuery(q, since=since or None, until=until or None, country=country or None,
                         outlet=outlet or None, lang=lang or None, topic=topic or None, limit=limit, offset=offset)
    return answer(page(request, await query(request, lambda store: store.search(search)), limit, offset))


@router.get("/events", summary="Coded events, newest first", response_model=schemas.EventPage)
async def events(request: Request, filters: EventFilters = Depends(event_filters), limit: int = Query(50, ge=0, le=MAX_LIMIT),
           offset: int = OFFSET,
           fused: bool = Query(False, description="One item per distinct event, fused from all its reports.")
           ) -> dict[str, Any]:
    events = filters.query(limit, offset)
    if fused:
        return answer(page(request, await query(request, fused_events, events), limit, offset))
    return answer(page(request, await listing(request, lambda store: store.events(events)), limit, offset))


DOWNLOADS = {"csv": ("text/csv; charset=utf-8", "csv"), "gdelt": ("text/tab-separated-values; charset=utf-8", "tsv")}


@router.get("/events/download", summary="Every event the filters select, as a file (CSV, or GDELT 2.0 TSV)",
            response_class=FileResponse, responses={200: {"content": {"text/csv": {}, "text/tab-separated-values": {}}}})
async def events_download(request: Request, filters: EventFilters = Depends(event_filters),
                          format: str = Query("csv", description="csv: the columns of kibaru export events; gdelt: "
                                              "GDELT 2.0's 61 columns plus kibaru's PLOVER type, mode, article id.")
                          ) -> FileResponse:
    if format not in DOWNLOADS:
        raise ApiError(400, "invalid_request", f"format: {format!r} is not one of {', '.join(DOWNLOADS)}")
    folder = tempfile.mkdtemp(prefix="kibaru-download-")
    path = Path(folder) / f"events.{DOWNLOADS[format][1]}"

    def work(store):
        with untimed(request, store):  # a download reads what it selects, however long
            return export(store, "events", path, format, query=filters.query(), plover_columns=True)

    try:
        await query(request, work)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(path, media_type=DOWNLOADS[format][0], filename=f"kibaru-events.{DOWNLOADS[format][1]}",
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


@router.get("/actors", summary="Actors by the number of articles that mention them", response_model=schemas.Actors)
async def actors(request: Request, country: Optional[str] = None, agent: Optional[str] = None, name: Optional[str] = None,
           top: int = Query(20, ge=0, le=MAX_LIMIT)) -> dict[str, Any]:
    rows = await query(request, lambda store: store.actors(country=country_code(country) if country else None,
                                                           agent=agent.upper() if agent else None,
                                                           name=name or None, top=top))
    return answer({"items": rows})


@router.get("/places", summary="Where events happen: places with coordinates and event counts",
            response_model=schemas.Places)
async def places(request: Request, filters: EventFilters = Depends(event_filters), top: int = Query(500, ge=0, le=5000),
           ) -> dict[str, Any]:
    def work(store):
        items = aggregates.places(store, filters.query(), top=top)
        return {"items": items, "unmapped": aggregates.unmapped(store, filters.query(), sum(p["events"] for p in items))}
    return await cached(request, work)


@router.get("/timeline", summary="Events over time by PLOVER type, each at the precision of its date",
            response_model=schemas.Timeline)
async def timeline(request: Request, filters: EventFilters = Depends(event_filters)) -> dict[str, Any]:
    # items: events known to the day, per week; months, years: events the text
    # dates only that finely; undated: events with no date at all (not drawn)
    return await cached(request, aggregates.timeline_all, filters.query())


@router.get("/network", summary="Who acts on whom: actors as nodes, events as edges", response_model=schemas.Network)
async def network(request: Request, filters: EventFilters = Depends(event_filters), top: int = Query(60, ge=1, le=1000),
            ) -> dict[str, Any]:
    return await cached(request, aggregates.network, filters.query(), top=top)


STANCE_VIEWS = ("month", "outlet", "article")


@router.get("/stance", summary="Mean stance per country: by month, by outlet, or article by article",
            response_model=schemas.Figures)
async def stance(request: Request, country: List[str] = Query([], description="Country codes; repeat for several."),
           since: Optional[str] = None, until: Optional[str] = None,
           outlet: Optional[str] = Query(None, description="Only this outlet's articles (\"(no outlet)\" for "
                                         "articles without one)."),
           by: str = Query("month", description="month: mean per country and month (dated articles); outlet: "
                           "mean per country and outlet; article: each article's score."),
           limit: int = Query(50, ge=0, le=MAX_LIMIT), offset: int = OFFSET,
           ) -> dict[str, Any]:
    if by not in STANCE_VIEWS:
        raise ApiError(400, "invalid_request", f"by: {by!r} is not one of {', '.join(STANCE_VIEWS)}")
    # ?country=FRA&country=RUS or ?country=FRA,RUS (what the page's form sends)
    codes = [country_code(c.strip()) for value in country for c in value.split(",") if c.strip()] or None
    filters = dict(since=since or None, until=until or None, outlet=outlet or None)
    if by == "article":
        rows = await query(request, aggregates.stance_articles, codes, limit=limit, offset=offset, **filters)
        return answer(page(request, rows, limit, offset))
    if by == "outlet":
        return await cached(request, lambda store: {"items": aggregates.stance_by_outlet(store, codes, **filters)})

    def monthly(store):
        return {"items": aggregates.stance(store, codes, **filters),
                "undated": aggregates.stance_undated(store, codes, outlet=filters["outlet"])}
    return await cached(request, monthly)


@router.get("/review", summary="The review queue: events not reviewed yet, lowest confidence first",
            response_model=schemas.Queue)
async def review_queue(request: Request, filters: EventFilters = Depends(event_filters), limit: int = LIMIT,
                       offset: int = OFFSET) -> dict[str, Any]:
    def work(store):
        return {**page(request, reviews.queue(store, filters.query(), limit, offset), limit, offset),
                "counts": reviews.review_counts(store), "writable": request.app.state.settings.writable}
    return answer(await listing(request, work))


@router.get("/reviews", summary="Stored reviews, newest first", response_model=schemas.Reviews)
async def stored_reviews(request: Request, limit: int = LIMIT, offset: int = OFFSET) -> dict[str, Any]:
    return answer(page(request, await listing(request, reviews.reviews, limit, offset), limit, offset))


class ReviewIn(BaseModel):
    article_id: str = Field(..., min_length=1, max_length=2000)
    seq: int = Field(..., ge=0, le=1_000_000)
    verdict: str = Field(..., description="accepted, corrected or rejected")
    correction: dict[str, Any] = Field({}, description="The corrected fields (a 'corrected' verdict): type, status, "
                                       "source and target ({name, country, agent} or null), place ({name, country} "
                                       "or null), date (YYYY, YYYY-MM or YYYY-MM-DD, or null).")
    reviewer: Optional[str] = Field(None, max_length=300)


@router.post("/review", summary="Accept, correct or reject one event (needs the server's token)",
             response_model=schemas.Review, responses=schemas.WRITE_ERRORS,
             openapi_extra={"requestBody": body_schema(ReviewIn)})
async def review(request: Request, _: None = Depends(require_token)) -> dict[str, Any]:
    body = await read_body(request, ReviewIn)
    stored = await in_thread(request, reviews.record, body.article_id, body.seq, body.verdict, body.correction,
                             body.reviewer)
    request.app.state.answers.clear()
    return answer(stored)


NARRATIVE_VIEWS = ("outlet", "month", "article")


@router.get("/narratives", summary="Narratives: prevalence by outlet, by month, or the articles that carry one",
            response_model=schemas.Figures)
async def narratives(request: Request, by: str = Query("outlet", description="outlet: articles carrying each "
                     "narrative per outlet, with the share of the outlet's articles; month: per month (dated "
                     "articles); article: the articles and their evidence sentences."),
                     narrative: Optional[str] = Query(None, description="One narrative's id (by=article)."),
                     outlet: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                     limit: int = Query(50, ge=0, le=MAX_LIMIT), offset: int = OFFSET) -> dict[str, Any]:
    if by not in NARRATIVE_VIEWS:
        raise ApiError(400, "invalid_request", f"by: {by!r} is not one of {', '.join(NARRATIVE_VIEWS)}")
    filters = dict(since=since or None, until=until or None, outlet=outlet or None)
    if by == "article":
        rows = await query(request, aggregates.narrative_articles, narrative or None, limit=limit, offset=offset,
                           **filters)
        return answer(page(request, rows, limit, offset))
    if by == "month":
        return await cached(request, aggregates.narratives_by_month, **filters)
    return await cached(request, lambda store: {"items": aggregates.narratives_by_outlet(store, **filters)})


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


@router.post("/analyze", summary="Code and store articles (needs the server's token)", status_code=200,
             response_model=schemas.Analyzed, responses=schemas.WRITE_ERRORS,
             openapi_extra={"requestBody": body_schema(AnalyzeIn)})
async def analyze(request: Request, _: None = Depends(require_token)) -> dict[str, Any]:
    body = await read_body(request, AnalyzeIn)
    return await in_thread(request, _analyze, request, body)


def _analyze(store, request: Request, body: AnalyzeIn) -> dict[str, Any]:
    articles = [Article(id=item.id, title=item.title, text=item.text, url=item.url,
                        published=to_iso_date(item.published), outlet=item.outlet, author=item.author,
                        lang=item.lang, tags=list(item.tags), origin=f"POST /api/analyze [{index}]")
                for index, item in enumerate(body.articles)]
    coded: list[Article] = []
    # one analysis at a time: the model is large, and a second copy would double memory
    with request.app.state.analyze_lock:
        pipeline = load_pipeline(PipelineConfig(Settings.from_env()))
        with untimed(request, store):  # writing and fusing a batch is not a query to cut short
            counts = write(store, articles, pipeline, force=True, command="POST /api/analyze",
                           on_coded=coded.append)
    request.app.state.answers.clear()  # the corpus changed: no figure from before
    if not coded:
        problems = "; ".join(e.describe() for a in articles for e in a.errors) or "every article was a duplicate"
        raise ApiError(400, "nothing_coded", f"no article could be read: {problems}")
    done = {id(a) for a in coded}
    out = [{"id": a.id, "events": len(a.events), "errors": [e.to_dict() for e in a.errors]}
           for a in articles if a.errors or id(a) in done]
    return {"stored": counts.stored + counts.replaced, "run": counts.run_id, "articles": out}
