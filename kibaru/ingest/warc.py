"""WARC archives (``.warc``, ``.warc.gz``): one article per HTML response.

A compressed archive can hold far more than its size suggests (a 200 KB
``.warc.gz`` can inflate to 200 MB of one page): a record's body is read up to
the size of the largest HTML page an article may come from, never more; a
larger record is an error naming it, and the reader moves on to the next one.
"""

from __future__ import annotations

from typing import Iterator

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..registry import readers
from ..settings import Settings
from .html import html_to_article
from .source import MARKUP_FACTOR, MAX_BYTES_PER_CHAR, Source


@readers.register("warc.v1", suffixes=(".warc", ".warc.gz"), description="WARC web archive")
def read_warc(source: Source, settings: Settings) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    per_char = MAX_BYTES_PER_CHAR * MARKUP_FACTOR
    limit = settings.max_chars * per_char
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
                body = record.content_stream().read(limit + 1)
                if len(body) > limit:
                    raise KibaruError(Msg.E105, name, size=len(body), unit="bytes or more",
                                      limit=settings.max_chars)
                yield html_to_article(body, name, origin=name, url=url)
            except KibaruError as exc:
                yield Article(url=url, origin=name, errors=[Issue.from_exception(exc)])
            except (ArchiveLoadFailed, EOFError, OSError):
                raise  # the archive itself is broken: handled below, for the whole file
            except Exception as exc:  # noqa: BLE001 - a record no rule foresaw: it fails, not the archive
                error = KibaruError(Msg.E119, name, detail=f"{type(exc).__name__}: {exc}")
                yield Article(url=url, origin=name, errors=[Issue.from_exception(error)])
    except ArchiveLoadFailed as exc:
        raise KibaruError(Msg.E113, source.name, detail=(str(exc).strip().splitlines() or ["unreadable"])[0]) from None
    except (EOFError, OSError, ValueError) as exc:  # a truncated or corrupt gzip stream
        if count == 0:
            raise KibaruError(Msg.E113, source.name, detail=f"{type(exc).__name__}: {exc}") from None
        raise KibaruError(Msg.E102, source.name, reason=f"the archive is damaged after record {count}: "
                          f"{type(exc).__name__}: {exc}") from None
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
