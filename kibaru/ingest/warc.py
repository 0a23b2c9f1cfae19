"""WARC archives (``.warc``, ``.warc.gz``): one article per HTML response.

A compressed archive can hold far more than its size suggests (a 200 KB
``.warc.gz`` can inflate to 200 MB of one page): a record's body is read up to
the size of the largest HTML page an article may come from, never more; a
larger record is an error naming it, and the reader moves on to the next one.
A ``.warc.gz`` is inflated here, a chunk at a time, and a line longer than
that size stops the file with an error: warcio reads headers line by line, and
a bomb's first "line" was read whole (19 KB of gzip made an 80 MB line and 1 GB
of memory). Large records with ordinary lines (a PDF, a video) are skipped as
before.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO, Iterator

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..registry import readers
from ..settings import Settings
from .html import html_to_article
from .source import MARKUP_FACTOR, Source

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16  # bytes inflated at a time
# WARC and HTTP headers of a record, on top of its body
HEADERS_ALLOWANCE = 1 << 20


@readers.register("warc.v1", suffixes=(".warc", ".warc.gz"), description="WARC web archive")
def read_warc(source: Source, settings: Settings) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    # French text takes about one byte a character; a page is its text and markup
    limit = settings.max_chars * MARKUP_FACTOR
    handle = source.open()
    count = 0
    try:
        for record in ArchiveIterator(_inflated(handle, limit + HEADERS_ALLOWANCE, source.name)):
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
                article = html_to_article(body, name, origin=name, url=url)
                # when the page was archived: an upper bound on its publication, not the date itself
                captured = record.rec_headers.get_header("WARC-Date")
                if captured:
                    article.meta.setdefault("captured", captured)
                yield article
            except KibaruError as exc:
                yield Article(url=url, origin=name, errors=[Issue.from_exception(exc)])
            except (ArchiveLoadFailed, EOFError, OSError, zlib.error, _Bomb):
                raise  # the archive itself is broken: handled below, for the whole file
            except Exception as exc:  # noqa: BLE001 - a record no rule foresaw: it fails, not the archive
                error = KibaruError(Msg.E119, name, detail=f"{type(exc).__name__}: {exc}")
                yield Article(url=url, origin=name, errors=[Issue.from_exception(error)])
    except ArchiveLoadFailed as exc:
        raise KibaruError(Msg.E113, source.name, detail=(str(exc).strip().splitlines() or ["unreadable"])[0]) from None
    except (EOFError, OSError, ValueError, zlib.error) as exc:  # a truncated or corrupt gzip stream
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


def _inflated(handle: BinaryIO, line_limit: int, name: str) -> BinaryIO:
    """The archive, inflated with a limit on line length when it is compressed."""
    magic = handle.read(2)
    handle.seek(0)
    if magic != GZIP_MAGIC:
        return handle
    return io.BufferedReader(_Inflater(handle, line_limit, name), buffer_size=CHUNK)


class _Bomb(KibaruError):
    """An inflated line past the limit: the file stops there."""


class _Inflater(io.RawIOBase):
    """Multi-member gzip, inflated ``CHUNK`` bytes at a time; a line (bytes
    between two line feeds) longer than ``limit`` raises E113 naming the file."""

    def __init__(self, raw: BinaryIO, limit: int, name: str) -> None:
        self.raw, self.limit, self.name = raw, limit, name
        self._in = b""
        self._inflater = None
        self._line = 0  # bytes inflated since the last line feed
        self._out = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self._out:
            self._out = self._inflate()
        size = min(len(buffer), len(self._out))
        buffer[:size] = self._out[:size]
        self._out = self._out[size:]
        return size

    def _inflate(self) -> bytes:
        while True:
            if not self._in:
                self._in = self.raw.read(CHUNK)
                if not self._in:
                    if self._inflater is not None:
                        raise EOFError("the archive ends inside a compressed record")
                    return b""
            if self._inflater is None:
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out = self._inflater.decompress(self._in, CHUNK)
            if self._inflater.eof:
                self._in, self._inflater = self._inflater.unused_data, None
            else:
                self._in = self._inflater.unconsumed_tail
            feed = out.rfind(b"\n")
            self._line = self._line + len(out) if feed < 0 else len(out) - feed - 1
            if self._line > self.limit:
                raise _Bomb(Msg.E113, self.name, detail=f"it inflates to a line of over {self.limit:,} bytes "
                            "(a decompression bomb?); reading stops there")
            if out:
                return out
