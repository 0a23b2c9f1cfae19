"""Records of the analysis layers: mentions, actors, places, events.

Frozen records that *are* the contract's objects (``to_dict`` gives the
contract's JSON, ``from_dict`` reads it back). Each field is declared once,
here, with its kind (``fields.value``): the store's columns, the export's
columns and the Spark struct are generated from these declarations.

The coder builds events and actors step by step; it works on mutable drafts
of these records (``kibaru.doc.analysis``) and freezes them when an article
is done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .fields import BIGINT, FLOAT, INT, TEXT, List, Record, value

STATUSES = ("occurred", "planned", "hypothetical", "negated")
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
AGENTS = (
    "GOV", "MIL", "REB", "OPP", "PTY", "LEG", "COP", "JUD", "SPY", "CVL", "JRN", "MED",
    "REL", "LAB", "BUS", "EDU", "REF", "CRM", "UAF", "IGO",
)


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """A stretch of text that names an actor (character offsets in the article text)."""

    text: str = value(TEXT, required=True)
    label: str = value(TEXT, required=True)  # "PER" | "ORG" | "GPE" | "NORP" | "ROLE"
    start: int = value(INT, required=True, column="start_char")
    end: int = value(INT, required=True, column="end_char")
    actor: str | None = value(TEXT, default=None)  # the actor's key in Article.actors


@dataclass(frozen=True, slots=True)
class Actor(Record):
    """An actor of one article: a person, an organisation, or a sector of a country.
    ``Article.actors`` keys them by ``id``, which the contract keeps as the key."""

    id: str = value(TEXT, required=True, column="actor", contract=False)
    name: str | None = value(TEXT, default=None)
    country: str | None = value(TEXT, default=None)  # ISO 3166-1 alpha-3, or IGO:<CODE>
    agent: str | None = value(TEXT, default=None)  # a PLOVER sector (AGENTS)
    # "person" | "organisation" | "country" | "group" (people described by
    # role): how the coder found it, not part of the contract
    kind: str | None = value(TEXT, default=None, stored=False, contract=False)
    roles: tuple[str, ...] = value(List(TEXT), factory=tuple)
    aliases: tuple[str, ...] = value(List(TEXT), factory=tuple, stored=False)  # the aliases table


@dataclass(frozen=True, slots=True)
class Ref(Record):
    """An event's source or target: which actor, and what the event needs of it."""

    actor: str | None = value(TEXT, default=None)
    name: str | None = value(TEXT, default=None)
    country: str | None = value(TEXT, default=None)
    agent: str | None = value(TEXT, default=None)


@dataclass(frozen=True, slots=True)
class Place(Record):
    """A place of the gazetteer (GeoNames), or a country (no coordinates)."""

    name: str = value(TEXT, required=True)
    country: str | None = value(TEXT, default=None)
    geonameid: int | None = value(BIGINT, default=None)
    lat: float | None = value(FLOAT, default=None)
    lon: float | None = value(FLOAT, default=None)
    # what the place finder says beyond the record ("confidence", "ambiguous" …)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ArticlePlace(Place):
    """A place an article names, and how many times."""

    mentions: int = value(INT, default=1, required=True)


@dataclass(frozen=True, slots=True)
class Event(Record):
    """A PLOVER event, as the contract gives it."""

    type: str = value(TEXT, required=True)  # EVENT_TYPES
    mode: str | None = value(TEXT, default=None)
    status: str = value(TEXT, default="occurred", required=True)  # STATUSES
    sentence: str = value(TEXT, default="", required=True)  # the sentence of the text that carries it
    sentence_start: int = value(INT, default=0, required=True)  # its character offset in the text
    trigger: str = value(TEXT, default="", required=True)
    source: Ref | None = value(Ref, default=None)
    target: Ref | None = value(Ref, default=None)
    place: Place | None = value(Place, default=None)
    date: str | None = value(TEXT, default=None)  # YYYY, YYYY-MM or YYYY-MM-DD
    date_precision: str | None = value(TEXT, default=None)  # "year" | "month" | "day"
    confidence: float = value(FLOAT, default=0.5, digits=2)
    # where the trigger sits in the article text (kept for highlights, not exported)
    trigger_start: int = value(INT, default=0, exported=False)
    trigger_end: int = value(INT, default=0, exported=False)
    # keys a later stage adds that no field declares yet: kept, not lost
    extra: dict[str, Any] = field(default_factory=dict)
