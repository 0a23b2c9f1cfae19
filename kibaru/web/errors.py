"""One error shape for the API and the pages: ``{"error": {"status", "code", "message"}}``.

Each exception carries its HTTP status: ``ApiError`` its own, a numbered
``KibaruError`` of the store the one ``STATUS`` gives its code. A page asked
for by a browser answers the same error as an HTML page.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from ..errors import KibaruError
from .render import render_error

# The status each numbered store error answers with (any other: 500).
STATUS = {"E201": 500, "E202": 503, "E203": 500, "E204": 403, "E205": 507, "E206": 500, "E207": 500,
          "E208": 404, "E209": 500, "E210": 500, "E211": 400, "E212": 503,
          "E215": 404, "E216": 400}


class ApiError(Exception):
    """An error answered in the one JSON shape: {"error": {"status", "code", "message"}}."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message}}


def status_of(exc: KibaruError) -> int:
    return STATUS.get(exc.code, 500)


def error_response(request: Request, status: int, code: str, message: str):
    """The error as JSON (the API, and clients that do not ask for HTML), or as a page."""
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(status, code, message), status_code=status)
    return render_error(request, status, code, message)
