"""The statistical models kibaru codes with, trained from annotated gold
(``kibaru train``) and loaded once per process.

A model directory holds one ``LinearModel`` per component (``<name>.json`` +
``<name>.npz``) and a ``manifest.json`` that says what was trained, on what,
and how it scored in cross-validation. The package ships one, trained on
``../shared/gold/train.jsonl``, in ``kibaru/models/data/``; ``--model DIR``
points the CLI at another.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from .linear import Features, LinearModel

SHIPPED = Path(__file__).parent / "data"
MANIFEST = "manifest.json"
TRIGGER_WORDS = "trigger_words.json"
FORMAT = 1
NO_EVENT = "O"


@dataclass
class TriggerModel:
    """Which PLOVER type a word reports, or none (``O``), and how the coder
    decides from those probabilities (both thresholds are chosen by
    cross-validation on the training gold; see ``kibaru.training.config``)."""

    linear: LinearModel
    # A word the rules do not code becomes an event when P(no event) < threshold.
    threshold: float = 0.5
    # An event the rules code is kept while P(no event) < rule_threshold.
    rule_threshold: float = 1.0
    # The words the training gold reports events with ("lemma=…" and "word=…"
    # feature names). Only these, the lexicon's words and verbs are scored:
    # two thirds of the candidate words of news text are nouns, adjectives and
    # names that never head an event, and skipping them left cross-validated
    # type and dyad F1 unchanged (0.412 vs 0.413, 0.219 vs 0.219) at a third
    # of the cost. None (a model saved without them): every candidate.
    words: frozenset[str] | None = None

    def proba(self, features: Features, vector: np.ndarray | None = None) -> np.ndarray:
        return self.linear.proba_array(features, vector)

    def proba_many(self, features: list[Features], vectors: np.ndarray | None = None) -> np.ndarray:
        """``proba`` of every candidate word of a sentence at once (one row each)."""
        return self.linear.proba_many(features, vectors)

    def knows(self, keys: Iterable[str]) -> bool:
        """Whether any of a word's keys is an event word of the training gold
        (True for a model without that list)."""
        return self.words is None or any(key in self.words for key in keys)

    def no_event(self, p: np.ndarray) -> float:
        return float(p[self.linear.classes.index(NO_EVENT)])

    def best_type(self, p: np.ndarray) -> tuple[str, float]:
        o = self.linear.classes.index(NO_EVENT)
        p_types = p.copy()
        p_types[o] = -1.0
        i = int(p_types.argmax())
        return self.linear.classes[i], float(p[i])

    def p_type(self, p: np.ndarray, event_type: str) -> float:
        classes = self.linear.classes
        return float(p[classes.index(event_type)]) if event_type in classes else 0.0

    def decide(self, features: Features, vector: np.ndarray | None = None) -> tuple[str, float]:
        p = self.proba(features, vector)
        if self.no_event(p) >= self.threshold:
            return NO_EVENT, self.no_event(p)
        return self.best_type(p)


@dataclass
class RoleModel:
    """How likely an option is the right one: a country (or none) as an event's
    source or target, or a place (or none) as where it happens."""

    linear: LinearModel

    def score(self, features: Features) -> float:
        return float(self.linear.proba_array(features)[-1])

    def scores(self, options: list[Features]) -> list[float]:
        """``score`` of each option, in one call."""
        return [float(p) for p in self.linear.proba_many(options)[:, -1]] if options else []


@dataclass
class Models:
    triggers: TriggerModel | None = None
    source: RoleModel | None = None
    target: RoleModel | None = None
    status: LinearModel | None = None  # occurred / planned / hypothetical / negated
    breaks: LinearModel | None = None  # sentence breaks without a full stop (kibaru.nlp.breaks)
    places: RoleModel | None = None  # where each event happens (kibaru.places.choice)
    # A role the rules left empty is filled when the role model's best option
    # scores at least this (cross-validated; 0 fills every empty role).
    fill_threshold: float = 0.0
    manifest: dict = field(default_factory=dict)
    path: Path | None = None

    @property
    def learned(self) -> bool:
        return self.triggers is not None

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        components = {}
        if self.triggers is not None:
            self.triggers.linear.save(directory / "triggers")
            components["triggers"] = {"threshold": self.triggers.threshold,
                                      "rule_threshold": self.triggers.rule_threshold}
            if self.triggers.words is not None:
                (directory / TRIGGER_WORDS).write_text(
                    json.dumps(sorted(self.triggers.words), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
                components["triggers"]["words"] = TRIGGER_WORDS
        for role in ("source", "target"):
            model = getattr(self, role)
            if model is not None:
                model.linear.save(directory / role)
                components[role] = {"fill_threshold": self.fill_threshold}
        if self.status is not None:
            self.status.save(directory / "status")
            components["status"] = {}
        if self.breaks is not None:
            self.breaks.save(directory / "breaks")
            components["breaks"] = {}
        if self.places is not None:
            self.places.linear.save(directory / "places")
            components["places"] = {}
        manifest = {**self.manifest, "format": FORMAT, "components": components}
        (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


class ModelError(ValueError):
    """A model directory that cannot be read (E123, naming the directory)."""

    def __init__(self, directory: Path, detail: str) -> None:
        from ..errors import Msg

        super().__init__(f"{directory}: E123 {Msg.E123.format(detail=detail)}")


def read_models(directory: Path) -> Models:
    manifest_path = directory / MANIFEST
    if not directory.is_dir():
        raise ModelError(directory, "no such directory (make one with kibaru train, or use 'rules')")
    if not manifest_path.is_file():
        raise ModelError(directory, f"no {MANIFEST} (make one with kibaru train)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ModelError(directory, f"model format {manifest.get('format')!r}, this kibaru reads {FORMAT}")
    components = manifest.get("components", {})
    models = Models(manifest=manifest, path=directory)
    if "triggers" in components:
        spec = components["triggers"]
        words = None
        if spec.get("words"):
            try:
                words = frozenset(json.loads((directory / spec["words"]).read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                raise ModelError(directory, f"cannot read {spec['words']}: {exc}") from None
        models.triggers = TriggerModel(LinearModel.load(directory / "triggers"), spec["threshold"],
                                       spec.get("rule_threshold", 1.0), words)
    for role in ("source", "target"):
        if role in components:
            setattr(models, role, RoleModel(LinearModel.load(directory / role)))
            models.fill_threshold = components[role].get("fill_threshold", 0.0)
    if "status" in components:
        models.status = LinearModel.load(directory / "status")
    if "breaks" in components:
        models.breaks = LinearModel.load(directory / "breaks")
    if "places" in components:
        models.places = RoleModel(LinearModel.load(directory / "places"))
    return models


RULES = "rules"  # the model name that means: no statistical model, the rules alone


@lru_cache(maxsize=4)
def load_models(directory: str | None = None) -> Models:
    """The models of ``directory`` (default: the shipped ones), read once per
    process; ``"rules"`` (or a package without shipped models) codes with the
    trigger lexicon and rules alone."""
    if directory == RULES:
        return Models()
    path = Path(directory) if directory else SHIPPED
    if directory is None and not (path / MANIFEST).is_file():
        return Models()
    return read_models(path)
