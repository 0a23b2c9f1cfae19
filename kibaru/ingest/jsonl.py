"""JSON Lines: one article object per line; also standard input (``-``).

Lines are read one at a time so a multi-gigabyte dump streams; an over-long
line is refused before it is parsed.
"""

from __future__ import annotations

import json
from typing import Iterator

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..registry import readers
from ..settings import Settings
from .fields import TEXT_FIELDS, TITLE_FIELDS, article_from_record, has_text
from .source import Source


@readers.register("jsonl.v1", suffixes=(".jsonl", ".ndjson"), description="JSON Lines")
def read_jsonl(source: Source, settings: Settings) -> Iterator[Article]:
    handle = source.open()
    seen_any = False
    try:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            seen_any = True
            try:
                yield _parse_line(raw, source.name, lineno, settings)
            except KibaruError as exc:
                yield Article(origin=f"{source.name}:{lineno}", errors=[Issue.from_exception(exc)])
    except OSError as exc:
        raise KibaruError(Msg.E102, source.name, reason=exc.strerror or str(exc)) from None
    finally:
        if source.path is not None:
            handle.close()
    if not seen_any:
        raise KibaruError(Msg.E103, source.name)


def _parse_line(raw: bytes, name: str, lineno: int, settings: Settings) -> Article:
    if len(raw) > settings.max_chars * 4:  # 4 bytes per character at most in UTF-8
        raise KibaruError(Msg.E115, name, lineno, size=len(raw), limit=settings.max_chars)
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # JSON Lines must be UTF-8; Windows exports are sometimes cp1252.
        line = raw.decode("cp1252", errors="replace")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise KibaruError(Msg.E106, name, lineno, detail=f"{exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise KibaruError(Msg.E114, name, lineno, kind=type(record).__name__)
    if not has_text(record):
        raise KibaruError(Msg.E108, name, lineno, expected=", ".join(TEXT_FIELDS + TITLE_FIELDS))
    return article_from_record(record, origin=f"{name}:{lineno}")

