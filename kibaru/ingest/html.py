"""HTML pages: main text and metadata extracted with trafilatura.

trafilatura already leaves out navigation, share buttons, cookie banners and
comments; what slips through is caught by ``normalize.boilerplate``.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..registry import readers
from ..settings import Settings
from .dates import to_iso_date
from .metadata import html_metadata, outlet_for
from .source import MARKUP_FACTOR, MAX_BYTES_PER_CHAR, Source, decode

_CLOSING_HTML = re.compile(rb"</html\s*>", re.I)
_ANY_TAG = re.compile(r"<[a-zA-Z!/]")


@readers.register("html.v1", suffixes=(".html", ".htm"), description="HTML page (trafilatura)")
def read_html(source: Source, settings: Settings) -> Iterator[Article]:
    per_char = MAX_BYTES_PER_CHAR * MARKUP_FACTOR
    yield html_to_article(source.read_bytes(limit=settings.max_chars * per_char, unit=per_char),
                          source.name, origin=source.name)


def html_to_article(data: bytes, name: str, origin: str, url: str | None = None) -> Article:
    """One Article from one HTML page; raises when nothing can be extracted."""
    decoded = decode(data, name, kind="HTML")
    html = decoded.text
    if not _ANY_TAG.search(html[:10_000]):
        raise KibaruError(Msg.E110, name, hint=": the file has no HTML tags")
    truncated = not _CLOSING_HTML.search(data[-4096:].lower() if len(data) > 4096 else data)
    doc = _extract(html, url)
    if doc is None or not (doc.text or "").strip():
        hint = " (the page is truncated)" if truncated else ""
        raise KibaruError(Msg.E110, name, hint=hint)
    # what the page declares (JSON-LD, <meta>) before trafilatura's guesses,
    # which may come from any date in the page
    declared_date, declared_outlet = html_metadata(html)
    page_url = url or doc.url or None
    known = outlet_for(page_url) if page_url else None
    article = Article(
        title=doc.title or None,
        # trafilatura passes a keywords meta tag through as one comma-separated string
        tags=[t.strip() for tag in (doc.tags or []) for t in tag.split(",") if t.strip()],
        author=doc.author or None,
        outlet=declared_outlet or doc.sitename or (known.name if known else None) or doc.hostname or None,
        url=page_url,
        published=declared_date or to_iso_date(doc.date),
        text=doc.text,
        repairs=decoded.repairs,
        origin=origin,
        warnings=decoded.warnings(name),
    )
    if truncated:
        article.errors.append(Issue.from_exception(KibaruError(Msg.E111, name)))
    return article


def _extract(html: str, url: str | None):
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Short local-press pages are often under trafilatura's default minimum.
        favor_recall=True,
        deduplicate=False,
    )
