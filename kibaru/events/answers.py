"""Events that answer earlier ones in the same article."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..doc.analysis import Event


def answer_accusations(events: list["Event"]) -> None:
    """A denial with no named addressee answers the last accusation against its
    source ("La France rejette catégoriquement les accusations" -> the accuser)."""
    for index, event in enumerate(events):
        if event.type != "REJECT" or event.target is not None or event.source is None:
            continue
        for earlier in reversed(events[:index]):
            if earlier.type == "ACCUSE" and earlier.source and earlier.target \
                    and earlier.target.get("country") == event.source.get("country"):
                event.target = dict(earlier.source)
                break
