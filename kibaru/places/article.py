"""An article's place mentions, resolved together.

A name is resolved with what the whole article says (``rank.py``), so the
article is read twice: first every sentence's place mentions and the countries
the article names (as places, actors' countries, demonyms; the headline counts
three times), then each mention is resolved in three steps:

1. with the countries of its sentence and of the article;
2. again, now knowing the administrative units its sentence names ("dans la
   province du Loroum" resolved in step 1) ...
3. ... and where the article's confidently placed mentions lie: a village near
   the story's other places beats a namesake on another continent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from ..actors.anchors import looks_like_name
from ..actors.fold import fold, folded_words
from .capitals import capital_spots
from .finder import PlaceMention, Spot, find_spots
from .names import name_key, place_words
from .rank import Evidence

if TYPE_CHECKING:
    from spacy.tokens import Span

# The headline names what the article is about: its countries count this many times.
TITLE_WEIGHT = 3.0
# A mention placed with at least this confidence anchors the others (step 3).
ANCHOR_CONFIDENCE = 0.75
# A dateline that is not a country must be this sure to count ("Diallo: …" is no village).
DATELINE_CONFIDENCE = 0.5
# "près de la frontière nigérienne": a country named this many tokens after "frontière".
BORDER_WINDOW = 4
COUNTRY_KINDS = ("country", "demonym", "capital")


@dataclass
class _Sentence:
    spots: list[Spot]
    countries: frozenset[str]
    border: frozenset[str]
    admins: frozenset[str] = frozenset()
    mentions: list[PlaceMention] = field(default_factory=list)


class ArticlePlaces:
    """Place mentions of one article, sentence by sentence (see the module docstring)."""

    def __init__(self, gazetteer, lexicon=None, focus: str | None = None) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.focus = focus
        self.article_countries: Counter[str] = Counter()
        self._sentences: dict[tuple[int, int], _Sentence] = {}

    def survey(self, sentences: Iterable[tuple["Span", Sequence["Span"]]], title: "Span | None" = None) -> None:
        """Read every sentence (and the headline), then resolve all mentions."""
        if title is not None and len(title):
            for country in self._countries(title)[0]:
                self.article_countries[country] += TITLE_WEIGHT
        for sent, ents in sentences:
            self._sentences[_key(sent)] = self._read(sent, ents)
        self._resolve_all(anchors=())
        for sentence in self._sentences.values():
            sentence.admins = frozenset(m.place.get("admin") for m in sentence.mentions
                                        if m.feature == "region" and m.place.get("admin"))
        anchors = tuple((fold(m.text), m.place["lat"], m.place["lon"])
                        for s in self._sentences.values() for m in s.mentions
                        if m.feature in ("city", "region") and m.place.get("lat") is not None
                        and m.place.get("confidence", 0) >= ANCHOR_CONFIDENCE)
        self._resolve_all(anchors)

    def mentions(self, sent: "Span", ents: Sequence["Span"] | None = None) -> list[PlaceMention]:
        """The resolved place mentions of ``sent`` (read now if the survey did not)."""
        sentence = self._sentences.get(_key(sent))
        if sentence is None:
            sentence = self._sentences[_key(sent)] = self._read(sent, list(sent.ents if ents is None else ents))
            sentence.mentions = self._resolve(sentence, ())
        return sentence.mentions

    # --- reading --------------------------------------------------------------

    def _read(self, sent: "Span", ents: Sequence["Span"]) -> _Sentence:
        names = self.lexicon.match(folded_words(sent)) if self.lexicon is not None else None
        countries, border = self._countries(sent, names)
        self.article_countries.update(countries)
        spots = find_spots(sent, self.lexicon, ents, names) + capital_spots(sent, self.lexicon, self.focus, countries)
        return _Sentence(sorted(spots, key=lambda s: s.start), frozenset(countries), frozenset(border))

    def _countries(self, span: "Span", names=None) -> tuple[list[str], list[str]]:
        """Countries a span names (one per mention), and those named after "frontière"."""
        if self.lexicon is None:
            return [], []
        tokens = list(span)
        named, border = [], []
        texts = [t.text for t in tokens]
        for match in names if names is not None else self.lexicon.match(folded_words(span)):
            country = match.entry.country
            if not looks_like_name(texts, match.start, match.end, match.entry):
                continue
            if match.entry.kind not in COUNTRY_KINDS or not country or country.startswith("IGO"):
                continue
            named.append(country)
            before = tokens[max(0, match.start - BORDER_WINDOW): match.start]
            if any(fold(t.lemma_).startswith("frontiere") for t in before):
                border.append(country)
        return named, border

    # --- resolving ------------------------------------------------------------

    def _resolve_all(self, anchors: tuple[tuple[str, float, float], ...]) -> None:
        for sentence in self._sentences.values():
            sentence.mentions = self._resolve(sentence, anchors)

    def _resolve(self, sentence: _Sentence, anchors: tuple[tuple[str, float, float], ...]) -> list[PlaceMention]:
        found = []
        for spot in sentence.spots:
            own = fold(spot.text)
            evidence = Evidence(sentence.countries, sentence.border, sentence.admins, self.article_countries,
                                self.focus, tuple((lat, lon) for key, lat, lon in anchors if key != own))
            try:
                resolution = self.gazetteer.resolve(spot.text, evidence)
            except Exception:  # a gazetteer bug must not cost the article its events
                resolution = None
            if resolution is None or not _acceptable(spot, resolution):
                continue
            if spot.country and resolution.place.country != spot.country:
                continue  # "la capitale malienne" is Bamako of Mali or nothing
            if name_key(spot.text) in place_words().compass or name_key(_bare(spot.text)) in place_words().compass:
                country = resolution.place.country
                if country not in sentence.countries and not self.article_countries.get(country):
                    continue
            place = resolution.place
            record = resolution.to_dict()
            if place.admin:
                record["admin"] = place.admin
            found.append(PlaceMention(spot.text, record, place.feature, spot.start_char, spot.where, spot.dateline,
                                      spot.owned))
        return found


def _acceptable(spot: Spot, resolution) -> bool:
    feature = resolution.place.feature
    if spot.acronym and feature != "country":
        return False  # "ONU", "IS", "EI": organisations, not villages of France
    if not spot.labelled and feature == "area":
        return False
    if (spot.bare or spot.person) and feature not in ("city", "region"):
        return False
    if spot.dateline and feature != "country" and resolution.confidence < DATELINE_CONFIDENCE:
        return False
    return True


def _bare(text: str) -> str:
    """"l'Ouest" -> "Ouest"."""
    for article in ("l'", "l’", "le ", "la "):
        if text.lower().startswith(article):
            return text[len(article):]
    return text


def _key(sent: "Span") -> tuple[int, int]:
    return id(sent.doc), sent.start


def public(place: dict) -> dict:
    """The contract's place object of an event: no internal fields."""
    return {k: v for k, v in place.items() if k != "admin"}


PLACE_RECORD = ("name", "country", "geonameid", "lat", "lon")


def listed(place: dict) -> dict:
    """A place of the article's ``places`` list: the gazetteer record only (how
    sure each mention was is said on the events it places)."""
    return {k: place.get(k) for k in PLACE_RECORD}
