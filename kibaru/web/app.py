"""The web application: REST API under /api, HTML pages, offline API docs.

``create_app(db)`` builds a FastAPI app over one store. It is read-only unless
started with a token; then ``POST /api/analyze`` accepts articles from clients
that send ``Authorization: Bearer <token>``. Every asset (styles, scripts, the
world outline, Swagger UI) is served from the package: the pages work with no
network at all.

Requests name a trusted host (``allowed_hosts``, from ``kibaru serve --host``
and ``--allow-host``): a web page elsewhere cannot read the dashboard through a
DNS name of its own pointed at 127.0.0.1 (DNS rebinding). Queries run in
worker threads with a time limit, so a slow one never holds the others up.
"""

from __future__ import annotations

import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import unquote_to_bytes

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..about import __version__
from ..errors import KibaruError
from . import api, pages
from .deps import LOCAL_HOSTS, Answers, Stores, WebSettings
from .errors import ApiError, error_body, error_response, status_of

STATIC = Path(__file__).parent / "static"
# Threads running queries, per server process. Each keeps one database
# connection for the life of the server (pools of threads that never exit, so
# connections are never orphaned).
# - Listings (events, articles, actors, stats, the review queue) are short and
#   mostly Python (building rows): they run one at a time on a thread of
#   their own. Threads building rows at once fight for the GIL, which sqlite3
#   takes back for every row: /api/events under 50 clients answered 279
#   requests/s on 8 threads, 589 on one (bench/bench_web.py, 2 cores).
# - Searches, corpus figures, downloads and writes may take long: they run on a
#   pool, so that a slow one never holds the listings (or another) up.
QUERY_THREADS = 4
LISTING_THREADS = 1


class BodyLimit:
    """Refuse request bodies over the limit (413), whether announced by
    Content-Length or discovered while a chunked upload arrives."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(send)
            return
        received = 0
        refused = False
        started = False

        async def limited_receive():
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit and not refused:
                    refused = True
                    if not started:
                        await self._refuse(send)
                    # the application sees the client go away and stops reading
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            nonlocal started
            if refused:
                return  # the 413 has been sent; whatever the application answers is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, guarded_send)

    async def _refuse(self, send) -> None:
        response = JSONResponse(error_body(413, "too_large", f"request body over {self.limit:,} bytes"),
                                status_code=413)
        await response({"type": "http"}, None, send)


def trusted_hosts(bind: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The Host headers a server listening on ``bind`` answers to.

    This machine's own names always; the bound address; for a wildcard bind
    (0.0.0.0, ::) also the machine's host name and addresses, which is how
    others on the network reach it; and the names given with --allow-host.
    """
    hosts = [*LOCAL_HOSTS, bind]
    if bind in ("0.0.0.0", "::", ""):
        name = socket.gethostname()
        hosts += [name, socket.getfqdn()]
        try:
            hosts += socket.gethostbyname_ex(name)[2]
        except OSError:  # no resolvable name: the local names and --allow-host remain
            pass
    return tuple(dict.fromkeys(h for h in [*hosts, *extra] if h))


class TrustedHosts:
    """Answer 400 to a request whose Host header is not one of ``allowed``.

    Starlette's TrustedHostMiddleware does the same check; this one answers in
    the API's one error shape, as the other guards here do.
    """

    def __init__(self, app, allowed: tuple[str, ...]) -> None:
        self.app = app
        self.any = "*" in allowed
        self.names = {h.lower().strip("[]") for h in allowed if not h.startswith("*.")}
        self.domains = tuple(h[1:].lower() for h in allowed if h.startswith("*."))

    def accepts(self, host: str) -> bool:
        host = host.lower()
        if host.startswith("["):  # [::1]:8000
            name = host[1:].partition("]")[0]
        else:
            name = host.rpartition(":")[0] if host.count(":") == 1 else host
        return name in self.names or (bool(self.domains) and name.endswith(self.domains))

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket") or self.any:
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if self.accepts(host):
            await self.app(scope, receive, send)
            return
        response = JSONResponse(error_body(400, "invalid_host", "this server does not answer to that name "
                                           "(start it with --allow-host NAME to add one)"), status_code=400)
        await response(scope, receive, send)


class CleanQuery:
    """Answer 400 to a query string holding a control character (%00 …).

    No filter has a use for one, and NUL breaks both databases: PostgreSQL
    refuses the query (a 500), SQLite cuts the string short (source=%00
    matched every event).
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("query_string") and _has_control(scope["query_string"]):
            response = JSONResponse(error_body(400, "invalid_request", "a query parameter holds a control "
                                               "character"), status_code=400)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _has_control(query: bytes) -> bool:
    decoded = unquote_to_bytes(query.replace(b"+", b" "))
    return any(byte < 0x20 or byte == 0x7F for byte in decoded)


class SecurityHeaders:
    """Headers every answer carries (plain ASGI: no per-request task or copy)."""

    COMMON = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
              (b"x-frame-options", b"DENY")]
    PAGES = (b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
             b"frame-ancestors 'none'")
    # Swagger UI starts from one inline script
    DOCS = b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.DOCS if scope["path"] == "/docs" else self.PAGES

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in self.COMMON if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", policy))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(settings: WebSettings) -> FastAPI:
    stores = Stores(settings.db, settings.writable, settings.query_timeout)
    threads = ThreadPoolExecutor(max_workers=QUERY_THREADS, thread_name_prefix="kibaru-query")
    listings = ThreadPoolExecutor(max_workers=LISTING_THREADS, thread_name_prefix="kibaru-list")

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        for pool in (listings, threads):
            pool.shutdown(wait=True, cancel_futures=True)
        stores.close()

    app = FastAPI(title="kibaru", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="French-native political event data: articles, PLOVER events, actors, places.")
    app.state.settings = settings
    app.state.stores = stores
    app.state.query_threads = threads
    app.state.listing_threads = listings
    app.state.analyze_lock = threading.Lock()
    app.state.answers = Answers()
    app.state.pending_answers = {}  # figures being computed, by key (deps.cached)
    # the last added runs first: security headers on every answer, then the
    # Host check, CORS, the body limit, the query string check
    app.add_middleware(CleanQuery)
    app.add_middleware(BodyLimit, limit=settings.max_body)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(TrustedHosts, allowed=tuple(settings.allowed_hosts))
    app.add_middleware(SecurityHeaders)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/static-docs", StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"),
              name="static-docs")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="kibaru API",
                                   swagger_js_url="/static-docs/swagger-ui-bundle.js",
                                   swagger_css_url="/static-docs/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(request, exc.status, exc.code, exc.message)

    @app.exception_handler(KibaruError)
    async def _kibaru_error(request: Request, exc: KibaruError):
        return error_response(request, status_of(exc), exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors())
        return error_response(request, 422, "invalid_request", problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = "not_found" if exc.status_code == 404 else "method_not_allowed" if exc.status_code == 405 else "http_error"
        return error_response(request, exc.status_code, code, str(exc.detail))

    return app
