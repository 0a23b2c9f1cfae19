"""What the API answers, as pydantic models: they document /docs (response
schemas, the one error shape) and are never used to re-check an answer (the
endpoints send ready JSON).

Field names follow ``../shared/CONTRACT.md``; an answer may carry more keys
than a model lists (``extra="allow"``): a record keeps keys later stages add.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(BaseModel):
    status: int = Field(..., description="The HTTP status, again.")
    code: str = Field(..., description="E2xx (a numbered kibaru error) or a name: invalid_request, not_found, "
                      "unauthorized, read_only, too_large, invalid_host …")
    message: str = Field(..., description="What is wrong, naming the input.")


class ErrorBody(BaseModel):
    """Every error, whatever the status."""
    error: ErrorDetail


ERRORS: Dict[int | str, Dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text} for status, text in (
        (400, "A bad filter or value (E211, E216 …)"), (404, "No such article or event (E208, E215)"),
        (422, "A parameter of the wrong type or out of range (invalid_request)"),
        (503, "The query took too long and was stopped (E212), or the database is unreachable (E202)"))}
WRITE_ERRORS: Dict[int | str, Dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No token, or the wrong one (unauthorized)"},
    403: {"model": ErrorBody, "description": "The server is read-only: started without --token (read_only)"},
    413: {"model": ErrorBody, "description": "The request body is over the server's --max-body (too_large)"}}


class Side(Open):
    actor: Optional[str] = Field(None, description="The article's key of the actor.")
    name: Optional[str] = None
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-3, or IGO:CODE.")
    agent: Optional[str] = Field(None, description="PLOVER sector: GOV, MIL, CVL …")


class EventPlace(Open):
    name: Optional[str] = None
    country: Optional[str] = None
    geonameid: Optional[int] = None
    lat: Optional[float] = None
    lon: Optional[float] = None


class ArticleRef(BaseModel):
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None


class Event(Open):
    id: int
    article_id: str
    day: Optional[str] = Field(None, description="The event's date, else the article's day (YYYY-MM-DD).")
    type: str = Field(..., description="PLOVER type.")
    mode: Optional[str] = None
    status: str = Field(..., description="occurred, planned, hypothetical or negated.")
    sentence: str = Field(..., description="The evidence sentence.")
    sentence_start: Optional[int] = None
    trigger: Optional[str] = None
    source: Optional[Side] = None
    target: Optional[Side] = None
    place: Optional[EventPlace] = None
    date: Optional[str] = None
    date_precision: Optional[str] = Field(None, description="day, month or year.")
    confidence: Optional[float] = None
    article: ArticleRef


class Paged(BaseModel):
    limit: int
    offset: int
    next: Optional[str] = Field(None, description="The URL of the next page, or null.")


class EventPage(Paged):
    items: List[Event]


class ArticleRow(Open):
    id: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    n_events: int = 0


class ArticlePage(Paged):
    items: List[ArticleRow]


class SearchHit(ArticleRow):
    snippet: Optional[str] = Field(None, description="Text around the match, matches in [brackets].")
    score: Optional[float] = None


class SearchPage(Paged):
    items: List[SearchHit]


class Stats(Open):
    articles: int
    events: int
    distinct_events: int
    actors: int
    places: int
    runs: int
    first_day: Optional[str] = None
    last_day: Optional[str] = None
    events_by_type: Dict[str, int]
    outlets: List[Dict[str, Any]]


class ActorRow(BaseModel):
    name: Optional[str] = None
    country: Optional[str] = None
    agent: Optional[str] = None
    articles: int


class Items(BaseModel):
    items: List[Dict[str, Any]]


class Actors(BaseModel):
    items: List[ActorRow]


class PlaceRow(BaseModel):
    name: Optional[str] = None
    country: Optional[str] = None
    geonameid: Optional[int] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    events: int
    articles: int
    confidence: Optional[float] = Field(None, description="The geocoder's mean confidence over the place's events.")
    ambiguous: int = Field(0, description="Events whose place name has close rivals elsewhere.")


class Places(BaseModel):
    items: List[PlaceRow]
    unmapped: int = Field(..., description="Events not on the map: no place, an area without a point "
                          "(\"Sahel\"), or a place past the top drawn.")


class Timeline(BaseModel):
    items: List[Dict[str, Any]] = Field(..., description="Events known to the day: {week, type, events}.")
    months: List[Dict[str, Any]] = Field(..., description="Events dated to a month only: {month, type, events}.")
    years: List[Dict[str, Any]] = Field(..., description="Events dated to a year only: {year, type, events}.")
    undated: int = Field(..., description="Events with no date at all (not drawn).")


class Node(BaseModel):
    id: str = Field(..., description="name|country|sector: give it as ?actor= to /api/events.")
    label: str
    country: Optional[str] = None
    agent: Optional[str] = None
    events: int


class Edge(BaseModel):
    source: str
    target: str
    type: str
    events: int


class Network(BaseModel):
    nodes: List[Node]
    edges: List[Edge]
    left_out: Dict[str, int] = Field(..., description="Events not drawn: one_sided (no known country on one side), "
                                     "lighter_pairs (pairs past the top drawn).")


class Figures(BaseModel):
    """by=month: {month, actor|narrative, score?, articles} and ``undated``;
    by=outlet: {actor|narrative, outlet, …}; by=article: a page of articles."""
    items: List[Dict[str, Any]]
    undated: Optional[int] = None
    limit: Optional[int] = None
    offset: Optional[int] = None
    next: Optional[str] = None


class QueueItem(Event):
    id: Optional[int] = None  # type: ignore[assignment]
    seq: int = Field(..., description="The event's place in its article: send it back with the verdict.")


class Queue(Paged):
    items: List[QueueItem]
    counts: Dict[str, int] = Field(..., description="Reviews stored so far, by verdict.")
    writable: bool = Field(..., description="Whether this server accepts verdicts (started with a token).")


class Review(BaseModel):
    article_id: str
    seq: int
    verdict: str
    event: Dict[str, Any] = Field(..., description="The event as it was coded.")
    correction: Dict[str, Any]
    reviewer: Optional[str] = None
    reviewed_at: str


class Reviews(Paged):
    items: List[Review]


class Analyzed(BaseModel):
    stored: int
    run: Optional[int] = None
    articles: List[Dict[str, Any]]
