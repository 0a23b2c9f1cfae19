"""An article's text cut into pieces for display: plain text, actor mentions,
event triggers — each piece text only, so the template escapes all of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kind: str = ""          # "" | "entity" | "trigger"
    label: str = ""         # PER/ORG/GPE/... or the PLOVER type
    title: str = ""         # tooltip
    event: int | None = None  # index of the event (anchor #event-N)


def segments(text: str, entities: list[dict[str, Any]], events: list[dict[str, Any]],
             actors: dict[str, dict[str, Any]] | None = None) -> list[Segment]:
    """Non-overlapping highlighted spans in text order; where a trigger and a
    mention overlap, the trigger wins (it is what the reader came for)."""
    actors = actors or {}
    spans: list[tuple[int, int, int, Segment]] = []
    for index, event in enumerate(events):
        start, end = event.get("trigger_start") or 0, event.get("trigger_end") or 0
        if 0 <= start < end <= len(text):
            title = f"{event['type']} · {event['status']}"
            spans.append((start, end, 0, Segment(text[start:end], "trigger", event["type"], title, index)))
    for mention in entities:
        start, end = mention.get("start", 0), mention.get("end", 0)
        if 0 <= start < end <= len(text):
            actor = actors.get(mention.get("actor") or "", {})
            about = " ".join(p for p in (actor.get("name"), actor.get("country"), actor.get("agent")) if p)
            spans.append((start, end, 1, Segment(text[start:end], "entity", mention.get("label", ""), about)))
    spans.sort(key=lambda s: (s[0], s[2], -(s[1] - s[0])))
    out: list[Segment] = []
    position = 0
    for start, end, _, segment in spans:
        if start < position:
            continue  # overlaps a span already taken
        if start > position:
            out.append(Segment(text[position:start]))
        out.append(segment)
        position = end
    if position < len(text):
        out.append(Segment(text[position:]))
    return out
