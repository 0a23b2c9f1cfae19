"""CSV and TSV files with a header row (e.g. the MasakhaNEWS ``*.tsv``).

A quote that is opened and never closed makes a CSV parser read every following
line into one cell, silently. A quoted cell may span lines (paragraphs of a
body), so a multi-line record is checked again with the strict parser: if its
quotes do not balance, the line that opened it is reported (E120) and reading
resumes on the next line, so the rows it would have swallowed are read.
"""

from __future__ import annotations

import csv
import io
import sys
from typing import Iterator

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..registry import readers
from ..settings import Settings
from .fields import TEXT_FIELDS, TITLE_FIELDS, article_from_record
from .source import MB, Decoded, Source, decode

# News bodies in one cell easily exceed csv's default 128 KiB field limit.
csv.field_size_limit(sys.maxsize)

# After this many unbalanced quotes the file is not CSV as we know it: stop
# rather than re-read it from every line.
MAX_QUOTE_ERRORS = 100


@readers.register("tabular.v1", suffixes=(".csv", ".tsv"), description="CSV/TSV with a header")
def read_tabular(source: Source, settings: Settings) -> Iterator[Article]:
    data = source.read_bytes(limit=settings.max_file_mb * MB, too_large=Msg.E121, unit=MB)
    decoded = decode(data, source.name, kind="CSV")
    lines = list(io.StringIO(decoded.text, newline=""))
    delimiter = "\t" if source.suffix.endswith(".tsv") else _sniff_delimiter(decoded.text)
    records = _records(lines, delimiter, source.name)
    first = next((r for r in records if isinstance(r, tuple)), None)
    fieldnames = [str(h) for h in first[1]] if first else []
    header = [h.strip().lower() for h in fieldnames if h]
    if not header:
        raise KibaruError(Msg.E116, source.name)
    if not any(name in header for name in TEXT_FIELDS):
        raise KibaruError(
            Msg.E107, source.name, line=1,
            expected=", ".join(TEXT_FIELDS), found=", ".join(header),
        )
    rows = 0
    for record in records:
        if isinstance(record, KibaruError):
            rows += 1
            yield Article(origin=f"{source.name}:{record.line}", errors=[Issue.from_exception(record)])
            continue
        start, cells = record
        if not any(cell.strip() for cell in cells):
            continue
        rows += 1
        try:
            yield _article(dict(zip(fieldnames, cells)), f"{source.name}:{start}", source.name, start, decoded)
        except Exception as exc:  # noqa: BLE001 - a row no rule foresaw: this row fails, not the file
            error = KibaruError(Msg.E119, source.name, start, detail=f"{type(exc).__name__}: {exc}")
            yield Article(origin=f"{source.name}:{start}", errors=[Issue.from_exception(error)])
    if not rows:  # a header and nothing (or only blank rows) under it: said, not silently nothing
        raise KibaruError(Msg.E103, source.name)


def _article(row: dict[str, str], origin: str, name: str, line: int, decoded: Decoded) -> Article:
    article = article_from_record(row, origin=origin)
    article.repairs.extend(decoded.repairs)
    article.warnings.extend(decoded.warnings(name))
    if not article.text and not article.title:
        error = KibaruError(Msg.E108, name, line, expected=", ".join(TEXT_FIELDS + TITLE_FIELDS))
        article.errors.append(Issue.from_exception(error))
    return article


def _records(lines: list[str], delimiter: str, name: str) -> Iterator[tuple[int, list[str]] | KibaruError]:
    """(first line number, cells) of each record, or an E120 error for a line
    that opens a quote that never closes properly."""
    start = 0
    errors = 0
    while start < len(lines):
        reader = csv.reader(iter(lines[start:]), delimiter=delimiter)
        before = 0
        resume = None
        try:
            for cells in reader:
                first, last = start + before, start + reader.line_num - 1
                before = reader.line_num
                if last > first and not _balanced(lines[first:last + 1], delimiter):
                    resume = first + 1
                    yield KibaruError(Msg.E120, name, first + 1, lines=last - first + 1, end=last + 1)
                    break
                if cells:
                    yield first + 1, cells
        except csv.Error as exc:  # e.g. a NUL byte the decoder let through
            resume = start + before + 1
            yield KibaruError(Msg.E119, name, start + before + 1, detail=f"CSV: {exc}")
        if resume is None:
            return
        errors += 1
        if errors >= MAX_QUOTE_ERRORS:
            yield KibaruError(Msg.E119, name, resume + 1, detail=f"{errors} rows with unbalanced quotes; "
                              "the rest of the file is not read")
            return
        start = resume


def _balanced(lines: list[str], delimiter: str) -> bool:
    """Do these lines make exactly one record under the strict CSV rules?"""
    try:
        return len(list(csv.reader(iter(lines), delimiter=delimiter, strict=True))) == 1
    except csv.Error:
        return False


def _sniff_delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        return ","
