"""Place mentions in a parsed sentence, resolved with the gazetteer.

A place is a location entity (spaCy's LOC), or a country/capital name that the
actor dictionary knows, introduced by a locative preposition ("à Gao", "au
Mali", "dans la région de Ménaka", "en Russie"). Capitals used as actors
("Bamako courtise Moscou") are not places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..actors.fold import fold

if TYPE_CHECKING:
    from spacy.tokens import Span

LOCATIVE = {"à", "a", "au", "aux", "en", "dans", "près", "vers", "depuis", "sur", "de", "du", "des", "d'", "d’"}
# "de", "du", "des" also introduce origins ("venu de Gao") and owners ("l'ambassadeur de Russie").
GENITIVE = frozenset({"de", "du", "des", "d'", "d’"})
# Words after which a capitalised noun is a place name whatever the NER says.
PLACE_NOUNS = {"ville", "village", "localité", "commune", "région", "province", "cercle", "département",
               "préfecture", "quartier", "camp", "district", "état", "capitale", "zone", "chef-lieu"}
# A city says more about where an event happened than a country does.
FEATURE_RANK = {"city": 0, "area": 1, "region": 1, "country": 2}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    text: str
    place: dict  # the contract's place object
    feature: str
    start: int  # character offset in the sentence's doc
    # introduced by a preposition of location ("à Bamako", "au Mali"), not by
    # a genitive ("l'ambassadeur de Russie"): a place where something happens
    where: bool = True


def find_places(sent: "Span", gazetteer, countries: Sequence[str] = (), ents: Sequence["Span"] | None = None) -> list[PlaceMention]:
    found: list[PlaceMention] = []
    seen: set[tuple[int, int]] = set()
    for ent in sent.ents if ents is None else ents:
        if ent.label_ not in ("LOC", "GPE"):
            continue
        if not _locative(sent.doc, ent.start) and not _after_place_noun(sent.doc, ent.start):
            continue
        mention = _lookup(gazetteer, ent.text, countries)
        if mention is not None:
            found.append(PlaceMention(ent.text, mention.to_dict(), mention.feature, ent.start_char,
                                      _locative(sent.doc, ent.start, GENITIVE)))
            seen.update(range(ent.start, ent.end))
    found.extend(_unlabelled(sent, gazetteer, countries, seen, ents))
    found.sort(key=lambda m: (FEATURE_RANK.get(m.feature, 3), m.start))
    return found


def _unlabelled(sent: "Span", gazetteer, countries: Sequence[str], seen: set[int], ents) -> list[PlaceMention]:
    """Towns the NER did not label ("à Inates", "le massacre de Thiaroye"):
    a capitalised proper noun right after a locative preposition that the
    gazetteer knows as a town, and that is not part of a person's name."""
    people = {i for e in (sent.ents if ents is None else ents) if e.label_ in ("PER", "ORG") for i in range(e.start, e.end)}
    found = []
    for token in sent:
        if token.i in seen or token.i in people or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        if not _locative(sent.doc, token.i) or token.i == sent.start:
            continue
        mention = _lookup(gazetteer, token.text, countries)
        if mention is not None and mention.feature == "city":
            found.append(PlaceMention(token.text, mention.to_dict(), mention.feature, token.idx,
                                      _locative(sent.doc, token.i, GENITIVE)))
    return found


def _lookup(gazetteer, text: str, countries: Sequence[str]):
    name = text.strip()
    for article in ("le ", "la ", "les ", "l'", "l’"):
        if fold(name).startswith(article):
            name = name[len(article):]
    try:
        return gazetteer.lookup(name, countries_in_article=tuple(countries))
    except Exception:  # a gazetteer bug must not cost the article its events
        return None


def _locative(doc, start: int, excluding: frozenset[str] = frozenset()) -> bool:
    i = start - 1
    while i >= 0 and doc[i].pos_ == "DET":
        i -= 1
    return i >= 0 and fold(doc[i].text) in LOCATIVE and fold(doc[i].text) not in excluding


def _after_place_noun(doc, start: int) -> bool:
    i = start - 1
    while i >= 0 and doc[i].pos_ in ("DET", "ADP"):
        i -= 1
    return i >= 0 and doc[i].lemma_.lower() in PLACE_NOUNS
