"""The pipeline's stages, in their default order, and the check of an order.

    parse -> sentences -> topic -> focus -> scene -> events -> event_places -> stance -> narratives

Each stage is registered in ``kibaru.registry.stages`` with the layers it
reads and fills; ``check`` walks a list of stage names and refuses, before
anything is loaded, one where a stage would read a layer that no earlier
stage fills.
"""

from __future__ import annotations

from typing import Sequence

from ..errors import Msg
from ..registry import stages
from . import events, narratives, parse, scene, stance, topic  # noqa: F401  (register the stages)
from .base import Resources, Stage, register

DEFAULT_STAGES = ("parse", "sentences", "topic", "focus", "scene", "events", "event_places", "stance", "narratives")

# What a read and normalised Article brings before any stage runs.
INPUTS = frozenset({"article.id", "article.title", "article.text", "article.lang", "article.published",
                    "article.outlet", "article.url", "article.tags"})


class PipelineError(ValueError):
    """A list of stages that cannot work: an unknown stage, or one that reads
    a layer no earlier stage fills."""


def check(names: Sequence[str]) -> None:
    """Raise ``PipelineError`` (E301/E302) unless every stage of ``names``
    finds the layers it requires filled by the stages before it."""
    known = {entry.name: entry for entry in stages}
    filled = set(INPUTS)
    for position, name in enumerate(names):
        entry = known.get(name)
        if entry is None:
            raise PipelineError(Msg.E302.format(stage=name, known=", ".join(sorted(known))))
        missing = [layer for layer in entry.meta["requires"] if layer not in filled]
        if missing:
            raise PipelineError(Msg.E301.format(stage=name, position=position + 1, missing=", ".join(missing),
                                                fillers=_fillers(missing, known)))
        filled.update(entry.meta["assigns"])


def _fillers(layers: list[str], known: dict) -> str:
    """Which stages fill ``layers``, for the message: "doc.sentences (sentences)"."""
    parts = []
    for layer in layers:
        by = [name for name, entry in known.items() if layer in entry.meta["assigns"]]
        parts.append(f"{layer} ({', '.join(by)})" if by else f"{layer} (no stage fills it)")
    return "; ".join(parts)


def layers(names: Sequence[str] = DEFAULT_STAGES) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(stage, requires, assigns) of each stage of ``names``, in order: the pipeline at a glance."""
    known = {entry.name: entry for entry in stages}
    return [(name, known[name].meta["requires"], known[name].meta["assigns"]) for name in names]


__all__ = ["DEFAULT_STAGES", "INPUTS", "PipelineError", "Resources", "Stage", "check", "layers", "register"]
