"""Where the gold's sentences, triggers and actors sit in the coded text.

A gold record gives its lead sentences and, for each event, the trigger and
the actors as strings. Training needs them as character spans of the article
text kibaru actually parses (normalised: apostrophes restored, boilerplate
removed), so each string is located by fuzzy alignment (rapidfuzz's
``partial_ratio_alignment``): first the lead sentence in the text, then the
trigger and the actors inside that sentence. Spans that cannot be found with
confidence are left out rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ..eval.scoring import GoldArticle

# Alignment scores (0-100) below which a string is taken as not found. A lead
# sentence is found at ~100 even after apostrophe repairs; triggers are short,
# so a repaired apostrophe or a quote mark costs them more.
MIN_SENTENCE_SCORE = 85
MIN_PHRASE_SCORE = 80


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def covers(self, start: int, end: int) -> bool:
        return start >= self.start and end <= self.end

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and end > self.start


@dataclass
class AlignedEvent:
    gold: dict[str, Any]
    lead: int
    trigger: Span | None
    source: Span | None
    target: Span | None


@dataclass
class AlignedArticle:
    record: GoldArticle
    text: str
    leads: list[Span | None]
    events: list[AlignedEvent] = field(default_factory=list)

    def lead_at(self, start: int, end: int) -> int | None:
        """The lead sentence that holds the character span, if any."""
        for index, span in enumerate(self.leads):
            if span is not None and span.overlaps(start, end) and span.covers(start, min(end, span.end)):
                return index
        return None


def align(record: GoldArticle, text: str) -> AlignedArticle:
    """Locate the record's lead sentences and events in ``text`` (the normalised article)."""
    leads = [_locate(sentence, text, 0, len(text), MIN_SENTENCE_SCORE) for sentence in record.lead]
    aligned = AlignedArticle(record, text, leads)
    for event in record.events:
        index = event.get("sentence")
        if not isinstance(index, int) or not 0 <= index < len(leads) or leads[index] is None:
            continue
        lead = leads[index]
        aligned.events.append(AlignedEvent(
            gold=event, lead=index,
            trigger=_phrase(event.get("trigger"), text, lead),
            source=_phrase(_actor_text(event.get("source")), text, lead),
            target=_phrase(_actor_text(event.get("target")), text, lead),
        ))
    return aligned


def _actor_text(actor: dict[str, Any] | None) -> str | None:
    return actor.get("text") if actor else None


def _phrase(phrase: str | None, text: str, lead: Span) -> Span | None:
    if not phrase or not phrase.strip():
        return None
    return _locate(phrase, text, lead.start, lead.end, MIN_PHRASE_SCORE)


def _locate(needle: str, text: str, start: int, end: int, min_score: float) -> Span | None:
    needle = needle.strip()
    if not needle or end <= start:
        return None
    found = fuzz.partial_ratio_alignment(needle, text[start:end])
    if found is None or found.score < min_score:
        return None
    return Span(start + found.dest_start, start + found.dest_end)
