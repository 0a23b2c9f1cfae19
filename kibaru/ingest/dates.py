"""Publication dates from metadata, in whatever shape sources give them.

Only *metadata* dates live here (a JSON field, an RSS ``pubDate``, an HTML
meta tag); dates mentioned in article text are the coder's business.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

_ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")


def to_iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` for a date-like value, or None when it cannot be read."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%d", value)
    text = str(value).strip()
    if _ISO_PREFIX.match(text):
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    return _free_form(text)


@lru_cache(maxsize=4096)
def _free_form(text: str) -> str | None:
    # dateparser is slow to import (~0.5 s): only pay for it on free-form dates
    # such as "16 juin 2021" or "mercredi 16/06/2021".
    import dateparser

    parsed = dateparser.parse(
        text, languages=["fr", "en"], settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"}
    )
    return parsed.strftime("%Y-%m-%d") if parsed else None
