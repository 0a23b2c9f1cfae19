"""Text keys for dictionary look-ups: case, accents and apostrophes folded."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=200_000)  # news vocabularies repeat: most calls are cache hits
def fold(text: str) -> str:
    """``Côte d’Ivoire`` -> ``cote d'ivoire``."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


_FOLDED = "kibaru.folded"  # the key of a Doc's folded words in its user_data


def folded_words(span: "Span | Doc") -> list[str]:
    """``fold(token.text)`` of each word of a sentence (or Doc). The actors,
    triggers and places all look words up folded: the Doc's list is made
    once and kept in its ``user_data``, each sentence is a slice of it."""
    doc = getattr(span, "doc", span)
    cached = doc.user_data.get(_FOLDED)
    if cached is None or len(cached) != len(doc):  # (a retokenised Doc changes length)
        cached = doc.user_data[_FOLDED] = [fold(token.text) for token in doc]
    return cached[getattr(span, "start", 0):getattr(span, "end", len(doc))]


def slug(text: str) -> str:
    """``Sadio Camara`` -> ``sadio-camara`` (actor ids)."""
    return _NON_SLUG.sub("-", fold(text)).strip("-") or "actor"
