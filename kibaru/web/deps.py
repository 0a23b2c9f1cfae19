"""What requests depend on: the server's settings, one store per query
thread, the thread that runs a query, and the token check.

``api`` and ``pages`` import this (and ``errors``), never ``app``: the app
imports them to mount their routes, so imports only point one way.
"""

from __future__ import annotations

import asyncio
import hmac
import threading
from dataclasses import dataclass
from typing import Any, Callable

from fastapi import Request

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


async def require_token(request: Request) -> None:
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


async def in_thread(request: Request, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``work(store, *args, **kwargs)`` on one of the server's query threads,
    with that thread's store: never on the event loop, where one slow search
    held every other client up (three "q=a*" searches kept /api/stats at
    787 ms instead of 6 ms)."""
    def run() -> Any:
        return work(store_for(request), *args, **kwargs)

    return await asyncio.get_running_loop().run_in_executor(request.app.state.query_threads, run)


def store_for(request: Request) -> Store:
    """The store of the thread serving this request.

    Called inside the endpoint (not as a FastAPI dependency, which may run on
    another thread of the pool), so that a connection is only ever used by one
    thread at a time.
    """
    return request.app.state.stores.get()
