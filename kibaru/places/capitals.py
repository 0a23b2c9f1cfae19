"""A capital named by what it is: "la capitale malienne", "la capitale du Niger".

French press names a country's capital by description as often as by name,
to avoid repeating it: "des manifestants sont descendus dans les rues de la
capitale", "une visite … dans la capitale russe", "la capitale économique du
Cameroun". The event happens in that city, not in the country at large.

``capital_spots`` reads "capitale" (singular) with what narrows it:

* an adjective of nationality ("russe", "mauritanienne") or a country in
  "de" ("la capitale du Niger"): that country's capital;
* "économique": the country's business capital (``data/capitals.yaml``);
  "politique", "fédérale": its seat of government;
* nothing: the capital of the country the article is about, else of the only
  country the sentence names.

Any other qualifier ("capitale régionale", "la capitale du cinéma africain",
"capitale mondiale") is not a country's capital, and a capital the sentence
names anyway ("la capitale, Khartoum") is found as a name (``finder.py``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

import yaml

from ..actors.fold import fold
from .finder import GENITIVE, LOCATIVE, Spot
from .names import DATA_DIR

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

CAPITAL = "capitale"


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    data = yaml.safe_load((DATA_DIR / "capitals.yaml").read_text(encoding="utf-8"))
    return dict(data["economic"]), dict(data["usual"]), frozenset(fold(w) for w in data["political"])


def capital_spots(sent: "Span", lexicon, focus: str | None, countries: Sequence[str]) -> list[Spot]:
    """The capitals ``sent`` names by description, as spots of their city's
    name that must resolve in their country (``Spot.country``); ``countries``:
    the countries the sentence names."""
    if lexicon is None or not getattr(lexicon, "capitals", None):
        return []
    found = []
    text = None
    for token in sent:
        # (the cheap test first: this runs on every word of every article)
        if token.text.lower() != CAPITAL or token.pos_ != "NOUN" or "Plur" in token.morph.get("Number"):
            continue
        reading = _country_of(token, lexicon, focus, countries)
        if reading is None:
            continue
        country, kind = reading
        economic, usual, _ = _data()
        city = economic.get(country) if kind == "economic" else usual.get(country) or lexicon.capitals.get(country)
        text = text if text is not None else fold(sent.text)
        if not city or fold(city) in text:  # "la capitale, Khartoum": the name is read as a name
            continue
        found.append(Spot(city, token.i, token.i + 1, token.idx, _located(token), country=country))
    return found


def _country_of(token: "Token", lexicon, focus: str | None, countries: Sequence[str]) -> tuple[str, str] | None:
    """Whose capital, and which kind ("political", "economic"); None when
    something else narrows it."""
    _, _, political = _data()
    country, kind = None, "political"
    for child in token.children:
        if child.dep_ == "amod":
            word = fold(child.text)
            entry = lexicon.lookup(child.text)
            if entry is not None and entry.kind == "demonym" and entry.country:
                country = entry.country
            elif word.startswith("economique"):
                kind = "economic"
            elif not any(word.startswith(p) for p in political):
                return None  # "capitale régionale", "capitale mondiale", "capitale africaine"
        elif child.dep_ in ("nmod", "appos", "acl", "flat:name"):
            if child.dep_ != "nmod" or not any(fold(c.text) in GENITIVE for c in child.children if c.dep_ == "case"):
                return None  # an apposed name or a clause says which place it is
            entry = lexicon.lookup(" ".join(t.text for t in child.subtree if t.dep_ not in ("case", "det")))
            if entry is None or entry.kind != "country" or not entry.country:
                return None  # "la capitale du cinéma africain", "la capitale de la région"
            country = entry.country
    if country is None:
        named = sorted({c for c in countries if c and not c.startswith("IGO")})
        country = focus if focus and not focus.startswith("IGO") else named[0] if len(named) == 1 else None
    return (country, kind) if country else None


def _located(token: "Token") -> bool:
    """Introduced by a preposition of place ("dans la capitale", "à la capitale")."""
    return any(c.dep_ == "case" and fold(c.text) in LOCATIVE and fold(c.text) not in GENITIVE for c in token.children)
