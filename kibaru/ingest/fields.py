"""Mapping of record fields (JSONL objects, CSV rows, feed entries) to an Article.

JSONL and CSV/TSV share one vocabulary of column names (see the contract);
this is the one place that knows the synonyms.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..doc import Article
from .dates import to_iso_date

TEXT_FIELDS = ("text", "body", "content")
TITLE_FIELDS = ("title", "headline")
PUBLISHED_FIELDS = ("published", "date", "pubdate", "published_at")
OUTLET_FIELDS = ("outlet", "source", "site", "publisher")
KNOWN = {
    "id", "url", "author", "lang", "tags",
    *TEXT_FIELDS, *TITLE_FIELDS, *PUBLISHED_FIELDS, *OUTLET_FIELDS,
}


def first(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def has_text(record: Mapping[str, Any]) -> bool:
    return any(record.get(name) not in (None, "") for name in TEXT_FIELDS + TITLE_FIELDS)


def article_from_record(record: Mapping[str, Any], origin: str) -> Article:
    """Build an Article from a flat mapping; unknown columns go to ``meta``."""
    record = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    ident = record.get("id")
    return Article(
        id=str(ident) if ident not in (None, "") else None,
        title=_text(first(record, TITLE_FIELDS)),
        tags=_tags(record.get("tags")),
        author=_text(record.get("author")),
        outlet=_text(first(record, OUTLET_FIELDS)),
        url=_text(record.get("url")),
        published=to_iso_date(first(record, PUBLISHED_FIELDS)),
        lang=_text(record.get("lang")),
        text=_text(first(record, TEXT_FIELDS)) or "",
        origin=origin,
        meta={k: v for k, v in record.items() if k not in KNOWN and v not in (None, "")},
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    value = str(value).strip()
    return value or None


def _tags(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    elif not isinstance(value, (list, tuple)):
        value = [value]  # "tags": 5 is one tag, not a crash
    return [str(v).strip() for v in value if str(v).strip()]
