"""The coder's working copies ("drafts") of the event and actor records.

An event is worked out in steps — the rules or the models find it, the role
models choose its sides, the scene gives it a place and a date — and an
actor gains roles and aliases sentence after sentence; so the coder works on
mutable drafts and the pipeline freezes them into the records of
``kibaru.doc.layers`` (``draft.freeze()``) when the article is done. A draft
has its record's fields (generated from the record's field table: they are
declared once, in ``layers.py``), lists where the record has tuples, and dicts
where the record has nested records, plus any working field of its own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING
from typing import Any

from . import layers
from .layers import AGENTS, EVENT_TYPES, STATUSES, Mention

__all__ = ["Actor", "Event", "Mention", "AGENTS", "EVENT_TYPES", "STATUSES", "draft_of"]


def draft_of(record: type, *working: tuple[str, type, Any]) -> type:
    """A mutable dataclass with ``record``'s fields and defaults (tuples as
    lists), then the ``working`` fields (name, type, default), and a
    ``freeze()`` that returns the record."""
    names = [f.name for f in dataclasses.fields(record)]
    spec = []
    for f in dataclasses.fields(record):
        if f.default_factory is not MISSING:
            factory = list if f.default_factory is tuple else f.default_factory
            spec.append((f.name, Any, dataclasses.field(default_factory=factory)))
        elif f.default is not MISSING:
            spec.append((f.name, Any, dataclasses.field(default=f.default)))
        else:
            spec.append((f.name, Any))
    spec += [(name, kind, dataclasses.field(default=default)) for name, kind, default in working]

    def freeze(self) -> Any:
        return record(**{name: getattr(self, name) for name in names})

    return dataclasses.make_dataclass(f"{record.__name__}Draft", spec, slots=True, namespace={"freeze": freeze})


class Event(draft_of(layers.Event)):  # type: ignore[misc]
    """An event being coded: ``source``/``target``/``place`` are contract dicts until frozen."""

    __slots__ = ()


class Actor(draft_of(layers.Actor, ("plural", bool, False), ("shown_as", str, None))):  # type: ignore[misc]
    """An actor of the article being coded. ``plural``: a group spoken of in
    the plural ("les manifestants"), for pronouns. ``shown_as``: the actor
    this one is shown as: a country's government ("les autorités maliennes")
    is the country's actor ("mli", "Mali") in the output."""

    __slots__ = ()

    def ref(self) -> dict[str, Any]:
        """The actor as an event's source or target names it (a ``Ref``)."""
        return {"actor": self.shown_as or self.id, "name": self.name, "country": self.country, "agent": self.agent}

    def to_dict(self) -> dict[str, Any]:
        """The contract's actor object (its record's)."""
        return self.freeze().to_dict()
