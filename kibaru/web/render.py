"""Templates: the Jinja2 environment, its filters, and rendering a page (or an error page)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..actors.describe import describe, describe_ref
from ..doc.layers import EVENT_TYPES

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.autoescape = True

_SNIPPET_MARK = re.compile(r"\[([^\[\]]{1,200})\]")


def marks(snippet: str | None) -> Markup:
    """A search snippet with the store's [match] markers shown as <mark>, everything else escaped."""
    escaped = str(escape(snippet or ""))
    return Markup(_SNIPPET_MARK.sub(r"<mark>\1</mark>", escaped))


def actor_label(ref: dict[str, Any] | None) -> Markup:
    """An event side as a reader names it ("Sadio Camara", "Civilians (Mali)"),
    a named one followed by its codes in small print."""
    label = escape(describe_ref(ref))
    codes = " ".join(p for p in ((ref or {}).get("country"), (ref or {}).get("agent")) if p)
    if ref and ref.get("name") and codes:
        return Markup(f'{label} <span class="code">{escape(codes)}</span>')
    return Markup(label)


def node_label(key: str) -> str:
    """A network node's key (name|country|sector) as a reader names it."""
    name, _, rest = key.partition("|")
    country, _, agent = rest.partition("|")
    return describe(name or None, country or None, agent or None)


def link(url: str | None) -> str | None:
    """A stored URL as a link target: only http(s). A "javascript:" URL in an
    input would otherwise be a live link on the article page."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def path_part(value: str) -> str:
    """An id as one URL path segment: ids taken from URLs hold / ? # and %."""
    return quote(value, safe="")


templates.env.filters["marks"] = marks
templates.env.filters["actor"] = actor_label
templates.env.filters["node"] = node_label
templates.env.filters["named"] = describe_ref
templates.env.filters["link"] = link
templates.env.filters["path_part"] = path_part


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("event_types", EVENT_TYPES)
    context.setdefault("query_string", request.url.query)
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, code: str, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, code=code, message=message,
                  twin=None)
