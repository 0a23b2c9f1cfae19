"""Text keys for dictionary look-ups: case, accents and apostrophes folded."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=200_000)  # news vocabularies repeat: most calls are cache hits
def fold(text: str) -> str:
    """``Côte d’Ivoire`` -> ``cote d'ivoire``."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


def slug(text: str) -> str:
    """``Sadio Camara`` -> ``sadio-camara`` (actor ids)."""
    return _NON_SLUG.sub("-", fold(text)).strip("-") or "actor"
