"""The web application: REST API under /api, HTML pages, offline API docs.

``create_app(db)`` builds a FastAPI app over one store. It is read-only unless
started with a token; then ``POST /api/analyze`` accepts articles from clients
that send ``Authorization: Bearer <token>``. Every asset (styles, scripts, the
world outline, Swagger UI) is served from the package: the pages work with no
network at all.
"""

from __future__ import annotations

import hmac
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..about import __version__
from ..errors import KibaruError
from ..store import Store, open_store, parse_url

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_BODY = 5 * 1024 * 1024  # bytes accepted in one request (POST /api/analyze)

# The status each numbered store error answers with.
STATUS = {"E201": 500, "E202": 503, "E203": 500, "E204": 403, "E205": 507, "E206": 500, "E207": 500,
          "E208": 404, "E209": 500, "E210": 500, "E211": 400}


@dataclass
class WebSettings:
    db: str | None = None
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    cors_origins: tuple[str, ...] = ()

    @property
    def writable(self) -> bool:
        return bool(self.token)


class ApiError(Exception):
    """An error answered in the one JSON shape: {"error": {"status", "code", "message"}}."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message}}


class Stores:
    """One store connection per server thread (sqlite3 and psycopg connections
    are not shared between threads), opened on first use."""

    def __init__(self, url: str | None, writable: bool) -> None:
        self.url = parse_url(url)
        self.writable = writable
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        # open once now: a bad address or database fails at start-up, not on the first request
        self.get()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url, readonly=not self.writable, create=self.writable)
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


def create_app(settings: WebSettings) -> FastAPI:
    from . import api, pages

    stores = Stores(settings.db, settings.writable)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        stores.close()

    app = FastAPI(title="kibaru", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="French-native political event data: articles, PLOVER events, actors, places.")
    app.state.settings = settings
    app.state.stores = stores
    app.state.analyze_lock = threading.Lock()
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_body)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    import fastapi_offline

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
        return _error(request, exc.status, exc.code, exc.message)

    @app.exception_handler(KibaruError)
    async def _kibaru_error(request: Request, exc: KibaruError):
        return _error(request, STATUS.get(exc.code, 500), exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors())
        return _error(request, 422, "invalid_request", problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = "not_found" if exc.status_code == 404 else "method_not_allowed" if exc.status_code == 405 else "http_error"
        return _error(request, exc.status_code, code, str(exc.detail))

    return app


def _error(request: Request, status: int, code: str, message: str):
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(status, code, message), status_code=status)
    from .pages import render_error

    return render_error(request, status, code, message)


def store_for(request: Request) -> Store:
    """The store of the thread serving this request.

    Called inside the endpoint (not as a FastAPI dependency, which may run on
    another thread of the pool), so that a connection is only ever used by one
    thread at a time.
    """
    return request.app.state.stores.get()
