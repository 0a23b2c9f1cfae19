"""CSV and TSV files with a header row (e.g. the MasakhaNEWS ``*.tsv``)."""

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
from .source import Source, decode

# News bodies in one cell easily exceed csv's default 128 KiB field limit.
csv.field_size_limit(sys.maxsize)


@readers.register("tabular.v1", suffixes=(".csv", ".tsv"), description="CSV/TSV with a header")
def read_tabular(source: Source, settings: Settings) -> Iterator[Article]:
    decoded = decode(source.read_bytes(), source.name, kind="CSV")
    text = decoded.text
    delimiter = "\t" if source.suffix.endswith(".tsv") else _sniff_delimiter(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or []) if h]
    if not header:
        raise KibaruError(Msg.E116, source.name)
    if not any(name in header for name in TEXT_FIELDS):
        raise KibaruError(
            Msg.E107, source.name, line=1,
            expected=", ".join(TEXT_FIELDS), found=", ".join(header),
        )
    line = 1
    for row in reader:
        start, line = line + 1, reader.line_num
        origin = f"{source.name}:{start}"
        if None in row:  # more cells than header columns
            row.pop(None)
        if not any((v or "").strip() for v in row.values()):
            continue
        article = article_from_record(row, origin=origin)
        article.repairs.extend(decoded.repairs)
        if not article.text and not article.title:
            error = KibaruError(Msg.E108, source.name, start, expected=", ".join(TEXT_FIELDS + TITLE_FIELDS))
            article.errors.append(Issue.from_exception(error))
        yield article


def _sniff_delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        return ","
