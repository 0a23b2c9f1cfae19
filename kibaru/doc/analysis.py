"""Records of the analysis layers: mentions, actors, events.

Each serialises to the contract's JSON (``to_dict``). The coder works with
these; ``Article`` stores their dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("occurred", "planned", "hypothetical", "negated")
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
AGENTS = (
    "GOV", "MIL", "REB", "OPP", "PTY", "LEG", "COP", "JUD", "SPY", "CVL", "JRN", "MED",
    "REL", "LAB", "BUS", "EDU", "REF", "CRM", "UAF", "IGO",
)


@dataclass(slots=True)
class Actor:
    """An actor of one article: a person, an organisation, or a sector of a country."""

    id: str
    name: str | None
    country: str | None
    agent: str | None
    kind: str  # "person" | "organisation" | "country" | "group" (people described by role)
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    plural: bool = False
    # the actor this one is shown as: a country's government ("les autorités
    # maliennes") is the country's actor ("mli", "Mali") in the output
    shown_as: str | None = None

    def ref(self) -> dict[str, Any]:
        return {"actor": self.shown_as or self.id, "name": self.name, "country": self.country, "agent": self.agent}

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "agent": self.agent,
                "roles": list(self.roles), "aliases": list(self.aliases)}


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names an actor (character offsets in the article text)."""

    start: int
    end: int
    text: str
    label: str  # "PER" | "ORG" | "GPE" | "NORP" | "ROLE"
    actor: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "start": self.start, "end": self.end, "actor": self.actor}


@dataclass(slots=True)
class Event:
    type: str
    mode: str | None
    status: str
    sentence: str
    sentence_start: int
    trigger: str
    source: dict[str, Any] | None
    target: dict[str, Any] | None
    place: dict[str, Any] | None = None
    date: str | None = None
    date_precision: str | None = None
    confidence: float = 0.5
    # where the trigger sits in the article text (not in the contract; kept for highlights)
    trigger_start: int = 0
    trigger_end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "mode": self.mode, "status": self.status,
            "sentence": self.sentence, "sentence_start": self.sentence_start,
            "trigger": self.trigger, "source": self.source, "target": self.target,
            "place": self.place, "date": self.date, "date_precision": self.date_precision,
            "confidence": round(self.confidence, 2),
            "trigger_start": self.trigger_start, "trigger_end": self.trigger_end,
        }
