"""JSON Lines: one article object per line; also standard input (``-``).

Lines are read one at a time, and never more than the line limit of one into
memory, so a multi-gigabyte dump streams and a file with no line breaks at all
cannot fill the memory. Every line is its own result: a line that is not JSON,
not an object, nested absurdly deep or with fields of the wrong type is an error
naming the file and line, and the next line is read.
"""

from __future__ import annotations

import json
from typing import BinaryIO, Iterator

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..registry import readers
from ..settings import Settings
from .fields import TEXT_FIELDS, TITLE_FIELDS, article_from_record, has_text
from .source import MAX_BYTES_PER_CHAR, Source

# A news record is a flat object (a list of tags at most); deeper structures are
# kept in ``meta`` as they are. Past this depth the line is refused: the JSON
# parser would hit Python's recursion limit near 1,000 levels, and json.dumps
# (storing meta) long before the parser does.
MAX_DEPTH = 20
_SKIP_CHUNK = 1 << 20  # bytes read at a time while skipping the rest of an over-long line


def parse_line(raw: bytes, name: str, lineno: int | None, settings: Settings | None = None) -> Article:
    """One line as an Article, or a KibaruError naming ``name`` (and the line,
    when known): the per-record parse of this reader, which the Spark engine
    runs on the lines (and Parquet rows) Spark reads. ``settings``: check the
    line's length first (``read_jsonl`` checks it while reading)."""
    if settings is not None and len(raw) > settings.max_chars * MAX_BYTES_PER_CHAR:
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
    except RecursionError:
        raise KibaruError(Msg.E106, name, lineno, detail=f"nested more than {MAX_DEPTH} levels deep") from None
    if not isinstance(record, dict):
        raise KibaruError(Msg.E114, name, lineno, kind=type(record).__name__)
    if _depth(record) > MAX_DEPTH:
        raise KibaruError(Msg.E106, name, lineno, detail=f"nested more than {MAX_DEPTH} levels deep")
    if not has_text(record):
        raise KibaruError(Msg.E108, name, lineno, expected=", ".join(TEXT_FIELDS + TITLE_FIELDS))
    return article_from_record(record, origin=name if lineno is None else f"{name}:{lineno}")


@readers.register("jsonl.v1", suffixes=(".jsonl", ".ndjson"), description="JSON Lines", record=parse_line)
def read_jsonl(source: Source, settings: Settings) -> Iterator[Article]:
    handle = source.open()
    limit = settings.max_chars * MAX_BYTES_PER_CHAR
    seen_any = False
    try:
        for lineno, raw, size in _lines(handle, limit):
            if size <= limit and not raw.strip():
                continue
            seen_any = True
            try:
                if size > limit:
                    raise KibaruError(Msg.E115, source.name, lineno, size=size, limit=settings.max_chars)
                yield parse_line(raw, source.name, lineno)  # (its length was checked by _lines)
            except KibaruError as exc:
                yield Article(origin=f"{source.name}:{lineno}", errors=[Issue.from_exception(exc)])
            except Exception as exc:  # noqa: BLE001 - a value no rule foresaw: this line fails, not the file
                error = KibaruError(Msg.E119, source.name, lineno, detail=f"{type(exc).__name__}: {exc}")
                yield Article(origin=f"{source.name}:{lineno}", errors=[Issue.from_exception(error)])
    except OSError as exc:
        raise KibaruError(Msg.E102, source.name, reason=exc.strerror or str(exc)) from None
    finally:
        if not source.is_stdin:
            handle.close()
    if not seen_any:
        raise KibaruError(Msg.E103, source.name)


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, int]]:
    """(line number, bytes, size) of each line; a line over ``limit`` bytes comes
    back empty, with its size, after being skipped without keeping it."""
    lineno = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield lineno, raw, len(raw)
            continue
        size = len(raw)
        while not raw.endswith(b"\n"):
            raw = handle.readline(_SKIP_CHUNK)
            if not raw:
                break
            size += len(raw)
        yield lineno, b"", size


def _depth(value: object) -> int:
    """How deeply lists and objects nest in ``value`` (without recursion)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((child, depth + 1) for child in item)
    return deepest
