"""WARC archives (``.warc``, ``.warc.gz``): one article per HTML response."""

from __future__ import annotations

from typing import Iterator

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..registry import readers
from ..settings import Settings
from .html import html_to_article
from .source import Source


@readers.register("warc.v1", suffixes=(".warc", ".warc.gz"), description="WARC web archive")
def read_warc(source: Source, settings: Settings) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    handle = source.open()
    count = 0
    try:
        for record in ArchiveIterator(handle):
            if record.rec_type != "response" or not _is_html(record):
                continue
            count += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            name = f"{source.name}#{count}"
            try:
                article = html_to_article(record.content_stream().read(), name, origin=name, url=url)
                # when the page was archived: an upper bound on its publication, not the date itself
                captured = record.rec_headers.get_header("WARC-Date")
                if captured:
                    article.meta.setdefault("captured", captured)
                yield article
            except KibaruError as exc:
                yield Article(url=url, origin=name, errors=[Issue.from_exception(exc)])
    except ArchiveLoadFailed as exc:
        raise KibaruError(Msg.E113, source.name, detail=str(exc).strip().splitlines()[0]) from None
    finally:
        handle.close()
    if count == 0:
        raise KibaruError(Msg.E113, source.name, detail="no HTML response records")


def _is_html(record) -> bool:
    headers = record.http_headers
    if headers is None:
        return False
    status = headers.get_statuscode() or ""
    ctype = (headers.get_header("Content-Type") or "").lower()
    return status.startswith("2") and ("html" in ctype or not ctype)
