"""What requests depend on: the server's settings, one store per query
thread, the thread that runs a query, and the token check.

``api`` and ``pages`` import this (and ``errors``), never ``app``: the app
imports them to mount their routes, so imports only point one way.
"""

from __future__ import annotations

import asyncio
import hmac
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

import orjson
from fastapi import Request, Security
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..store import Store, open_store, parse_url
from .errors import ApiError

DEFAULT_MAX_BODY = 5 * 1024 * 1024  # bytes accepted in one request (POST /api/analyze)
# Names this machine answers to when the server listens on it alone (the default).
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Longest a query may run before it is stopped (E212, 503): the slowest listed
# query on 1M events takes ~0.5 s; ten times that is a runaway, not a question.
QUERY_TIMEOUT_S = 5.0


@dataclass
class WebSettings:
    db: str | None = None
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    cors_origins: tuple[str, ...] = ()
    # Host headers accepted ("*" accepts any; "*.example.org" a domain's names)
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    query_timeout: float | None = QUERY_TIMEOUT_S

    @property
    def writable(self) -> bool:
        return bool(self.token)


class Stores:
    """One store connection per server thread (sqlite3 and psycopg connections
    are not shared between threads), opened on first use."""

    def __init__(self, url: str | None, writable: bool, query_timeout: float | None = None) -> None:
        self.url = parse_url(url)
        self.writable = writable
        self.query_timeout = query_timeout
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        # open once now: a bad address or database fails at start-up, not on the first request
        self.get()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url, readonly=not self.writable, create=self.writable)
            store.set_query_timeout(self.query_timeout)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                try:
                    store.close()
                except Exception:  # closing at shutdown: nothing left to tell anyone
                    pass
            self._all.clear()


# Declares the scheme in /docs (its "Authorize" button sends the header);
# check_token does the checking, in the API's one error shape.
BEARER = HTTPBearer(auto_error=False, scheme_name="token",
                    description="The server's token (kibaru serve --token, or KIBARU_TOKEN).")


async def require_token(request: Request, _: Optional[HTTPAuthorizationCredentials] = Security(BEARER)) -> None:
    """A FastAPI dependency: the token, checked before the request body is read."""
    check_token(request.app.state.settings, request)


def check_token(settings: WebSettings, request: Request) -> None:
    """Writes need the server's token; compared in constant time."""
    if not settings.writable:
        raise ApiError(403, "read_only", "this server is read-only: start it with --token (or KIBARU_TOKEN) to accept articles")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "unauthorized", "send the server's token as 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(given.encode("utf-8"), settings.token.encode("utf-8")):
        raise ApiError(401, "unauthorized", "wrong token")


# How long a corpus-wide figure (timeline, network, places, stance, narratives)
# is answered from memory: these read every event (15 ms for the network of
# 8,000 events, far more for a million), and fifty clients asking the same
# figure at once would queue behind each other. This server's own writes clear
# them at once; another process's writes show within this many seconds.
ANSWER_TTL_S = 5.0


class Answers:
    """The recent answers of the aggregate endpoints, by path and query."""

    def __init__(self, ttl: float = ANSWER_TTL_S, size: int = 256) -> None:
        self.ttl, self.size = ttl, size
        self._items: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            hit = self._items.get(key)
            if hit is None or time.monotonic() - hit[0] > self.ttl:
                return None
            return hit[1]

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            if len(self._items) >= self.size:
                self._items.pop(next(iter(self._items)))  # the oldest
            self._items[key] = (time.monotonic(), value)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


async def cached(request: Request, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Response:
    """The JSON answer of ``in_thread(request, work, …)``, from ``Answers``
    while fresh (kept encoded: the timeline's JSON took longer to encode than
    to query).

    One computation per figure at a time: the requests that arrive while it
    runs wait for its answer instead of each starting their own (fifty clients
    on an expired figure were fifty scans of every event)."""
    answers: Answers = request.app.state.answers
    key = f"{request.url.path}?{sorted(request.query_params.multi_items())}"
    found = answers.get(key)
    if found is not None:
        return _json(found)
    pending: dict[str, asyncio.Future] = request.app.state.pending_answers
    running = pending.get(key)
    if running is not None:
        return _json(await asyncio.shield(running))
    running = asyncio.get_running_loop().create_future()
    pending[key] = running
    try:
        found = await in_thread(request, _encoded, work, *args, **kwargs)
    except BaseException as exc:
        running.set_exception(exc)
        running.exception()  # retrieved: no "exception was never retrieved" when nobody else waited
        raise
    finally:
        pending.pop(key, None)
    answers.put(key, found)
    running.set_result(found)
    return _json(found)


def _encoded(store: Any, work: Callable[..., Any], *args: Any, **kwargs: Any) -> bytes:
    return orjson.dumps(work(store, *args, **kwargs))


def _json(body: bytes) -> Response:
    # a new response each time: middlewares (CORS) edit a response's header list in place
    return Response(body, media_type="application/json")


class Answer(JSONResponse):
    """A JSON answer encoded by orjson (a page of 50 events: 0.03 ms, against
    0.4 ms for the standard library's encoder, on every request)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


async def in_thread(request: Request, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``work(store, *args, **kwargs)`` on one of the server's query threads,
    with that thread's store: never on the event loop, where one slow search
    held every other client up (three "q=a*" searches kept /api/stats at
    787 ms instead of 6 ms)."""
    return await _on(request.app.state.query_threads, request, work, *args, **kwargs)


async def listing(request: Request, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``in_thread`` for a short listing: on the server's listing thread (one:
    see ``app.LISTING_THREADS``), never behind a slow search or figure."""
    return await _on(request.app.state.listing_threads, request, work, *args, **kwargs)


async def _on(pool: Any, request: Request, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    def run() -> Any:
        return work(store_for(request), *args, **kwargs)

    return await asyncio.get_running_loop().run_in_executor(pool, run)


@contextmanager
def untimed(request: Request, store: Store) -> Iterator[None]:
    """No time limit on ``store`` for a while (a write, a download), then the server's again."""
    store.set_query_timeout(None)
    try:
        yield
    finally:
        store.set_query_timeout(request.app.state.settings.query_timeout)


def store_for(request: Request) -> Store:
    """The store of the thread serving this request.

    Called inside the endpoint (not as a FastAPI dependency, which may run on
    another thread of the pool), so that a connection is only ever used by one
    thread at a time.
    """
    return request.app.state.stores.get()


def parse_confidence(value: str | None) -> float | None:
    """A minimum confidence from a query string: empty (a form's blank field)
    or 0 is no filter; anything but a number from 0 to 1 is a 400."""
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0 <= number <= 1:  # NaN too
        raise ApiError(400, "invalid_request", f"min_confidence: {value!r} is not a number from 0 to 1")
    return number or None
