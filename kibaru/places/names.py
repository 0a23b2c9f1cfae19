"""Matching keys for place names, and the ways a press mention is read.

A key ignores what French press spelling varies on: case, accents, apostrophes
(``N'Djaména`` = ``Ndjamena``), hyphens and punctuation (``Tongo-Tongo`` =
``Tongo Tongo``), ``St``/``Ste`` for ``Saint``/``Sainte``. The same function
builds the index and reads a query, so both sides always agree.

``readings()`` lists what a mention may stand for, most literal first: the
mention as written, without a leading article or preposition ("à Gao"), without
a head noun ("région de Tillabéri" → Tillabéri, preferably a region).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"

_APOSTROPHES = "'’ʼ`´‘ʻ"
_LIGATURES = {"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"}
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# The elided articles l' and d' are words of their own ("l'Azawad", "région d'Agadez");
# any other apostrophe is dropped, so that "N'Djaména" and "Ndjamena" agree.
_ELISION = re.compile(rf"\b([ld])[{_APOSTROPHES}]")
_CONNECTOR = re.compile(r"\b(?:de la|de l|du|des|de|d) (?=\S)")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def name_key(name: str, join_apostrophes: bool = True) -> str:
    """The matching key of a name: lower case, no accents, words split on punctuation.

    With ``join_apostrophes=False`` an apostrophe separates words, for the
    sources that write "Birni N Konni" where the press writes "Birni N'Konni".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _ELISION.sub(r"\1 ", text)
    joiner = "" if join_apostrophes else " "
    text = "".join(joiner if ch in _APOSTROPHES else _LIGATURES.get(ch, ch) for ch in text)
    words = _NON_WORD.sub(" ", text).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def is_latin(name: str) -> bool:
    """True when every letter is Latin (with or without accents), so worth indexing for French text."""
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


@dataclass(frozen=True, slots=True)
class Reading:
    """One way of reading a mention: the name to look up and the kind of place it suggests."""

    key: str
    feature: str | None = None  # "city", "region" or "area" when a head noun said so


@dataclass(frozen=True, slots=True)
class PlaceWords:
    leading: tuple[re.Pattern[str], ...]
    heads: tuple[tuple[re.Pattern[str], str], ...]
    genitive_places: frozenset[str] = frozenset()  # nouns whose "de" complement says where
    compass: frozenset[str] = frozenset()  # "Nord", "Ouest": a region only of a country the article names
    dative: frozenset[str] = frozenset()  # verbs and nouns whose "à" is someone's: "écrire à", "hommage à"


@lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    data = yaml.safe_load((DATA_DIR / "place_words.yaml").read_text(encoding="utf-8"))
    connectors = sorted((name_key(c) for c in data["connectors"]), key=len, reverse=True)
    connector = "(?:" + "|".join(re.escape(c) for c in connectors) + ")"
    leading = tuple(
        re.compile(rf"^{re.escape(name_key(word))}\s+(?=\S)")
        for word in sorted(data["leading"], key=len, reverse=True)
    )
    heads = tuple(
        (re.compile(rf"^{re.escape(name_key(head))}\s+{connector}\s+(?=\S)"), feature)
        for feature, words in data["heads"].items()
        for head in sorted(words, key=len, reverse=True)
    )
    genitive_places = frozenset(name_key(word) for word in data.get("genitive_places", []))
    compass = frozenset(name_key(word) for word in data.get("compass", []))
    dative = frozenset(name_key(word) for word in data.get("dative", []))
    return PlaceWords(leading, heads, genitive_places, compass, dative)


def readings(mention: str) -> list[Reading]:
    """What a mention may stand for, most literal first (no duplicates)."""
    words = place_words()
    key = name_key(mention)
    found = [Reading(key), Reading(name_key(mention, join_apostrophes=False))]
    for _ in range(2):  # "dans la région de X": at most two leading words, then a head
        stripped = _strip_first(key, words.leading)
        if stripped == key:
            break
        key = stripped
        found.append(Reading(key))
    for pattern, feature in words.heads:
        match = pattern.match(key)
        if match:
            found.append(Reading(key[match.end():], feature))
            break
    seen: set[Reading] = set()
    return [r for r in found if r.key and not (r in seen or seen.add(r))]


def tail_after_connector(mention: str) -> str | None:
    """The key after the last "de/du/d'" ("Université de Ouagadougou" → "ouagadougou"), if any."""
    key = name_key(mention)
    ends = [m.end() for m in _CONNECTOR.finditer(key) if m.start() > 0]
    return key[ends[-1]:] if ends else None


def _strip_first(key: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    for pattern in patterns:
        match = pattern.match(key)
        if match:
            return key[match.end():]
    return key


def split_qualified(mention: str) -> tuple[str, str] | None:
    """``"Wimbledon, Londres"`` or ``"Kaya (Burkina Faso)"`` → (place, qualifier)."""
    match = re.match(r"^\s*(.+?)\s*\(\s*(.+?)\s*\)\s*$", mention)
    if match:
        return match.group(1), match.group(2)
    head, sep, tail = mention.rpartition(",")
    if sep and head.strip() and tail.strip():
        return head.strip(), tail.strip()
    return None
