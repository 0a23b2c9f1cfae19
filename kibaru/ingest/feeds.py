"""RSS and Atom feeds: one article per entry (feedparser)."""

from __future__ import annotations

from typing import Iterator

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..registry import readers
from ..settings import Settings
from .dates import to_iso_date
from .source import MB, Source


@readers.register("feed.v1", suffixes=(".rss", ".atom", ".xml"), description="RSS/Atom feed")
def read_feed(source: Source, settings: Settings) -> Iterator[Article]:
    import feedparser

    data = source.read_bytes(limit=settings.max_file_mb * MB, too_large=Msg.E121, unit=MB)
    if not data.strip():
        raise KibaruError(Msg.E103, source.name)
    feed = feedparser.parse(data)
    if not feed.entries:
        detail = str(feed.get("bozo_exception") or "no <item> or <entry> elements")
        raise KibaruError(Msg.E112, source.name, detail=detail)
    warning = None
    if feed.bozo:
        detail = str(feed.get("bozo_exception", "malformed XML"))
        warning = Issue.from_exception(KibaruError(Msg.W102, source.name, detail=detail))
    outlet = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        origin = f"{source.name}#{number}"
        try:
            article = _entry_to_article(entry, outlet, origin=origin)
        except Exception as exc:  # noqa: BLE001 - an entry no rule foresaw: this entry fails, not the feed
            error = KibaruError(Msg.E119, origin, detail=f"{type(exc).__name__}: {exc}")
            article = Article(origin=origin, errors=[Issue.from_exception(error)])
        if warning is not None:
            article.warnings.append(warning)
        yield article


def _entry_to_article(entry, outlet: str | None, origin: str) -> Article:
    content = entry.get("content")
    html = content[0].get("value") if content else entry.get("summary", "")
    return Article(
        id=entry.get("id") or None,
        title=entry.get("title") or None,
        tags=[t.get("term") for t in entry.get("tags", []) if t.get("term")],
        author=entry.get("author") or None,
        outlet=outlet,
        url=entry.get("link") or None,
        published=to_iso_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        text=html_fragment_to_text(html or ""),
        origin=origin,
    )


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed summary), one paragraph per line."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:  # lxml raises several parser errors on junk; the text is all we want
        return fragment.strip()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content().strip()
