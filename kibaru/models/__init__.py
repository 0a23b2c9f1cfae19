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

import numpy as np

from .linear import Features, LinearModel

SHIPPED = Path(__file__).parent / "data"
MANIFEST = "manifest.json"
FORMAT = 1
NO_EVENT = "O"


@dataclass
class TriggerModel:
    """Which PLOVER type a word reports, or none (``O``)."""

    linear: LinearModel
    # The word is an event when P(no event) falls below this (tuned in
    # cross-validation for type F1; 0.5 is plain argmax).
    threshold: float = 0.5

    def decide(self, features: Features, vector: np.ndarray | None = None) -> tuple[str, float]:
        p = self.linear.proba_array(features, vector)
        classes = self.linear.classes
        o = classes.index(NO_EVENT)
        if p[o] >= self.threshold:
            return NO_EVENT, float(p[o])
        p_types = p.copy()
        p_types[o] = -1.0
        i = int(p_types.argmax())
        return classes[i], float(p[i])


@dataclass
class RoleModel:
    """How likely an option (a country, or none) is an event's source or target."""

    linear: LinearModel

    def score(self, features: Features) -> float:
        return float(self.linear.proba_array(features)[-1])


@dataclass
class Models:
    triggers: TriggerModel | None = None
    source: RoleModel | None = None
    target: RoleModel | None = None
    breaks: LinearModel | None = None  # sentence breaks without a full stop (kibaru.nlp.breaks)
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
            components["triggers"] = {"threshold": self.triggers.threshold}
        for role in ("source", "target"):
            model = getattr(self, role)
            if model is not None:
                model.linear.save(directory / role)
                components[role] = {}
        if self.breaks is not None:
            self.breaks.save(directory / "breaks")
            components["breaks"] = {}
        manifest = {**self.manifest, "format": FORMAT, "components": components}
        (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


class ModelError(ValueError):
    pass


def read_models(directory: Path) -> Models:
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise ModelError(f"{directory}: not a kibaru model directory (no {MANIFEST}; make one with kibaru train)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ModelError(f"{directory}: model format {manifest.get('format')!r}, this kibaru reads {FORMAT}")
    components = manifest.get("components", {})
    models = Models(manifest=manifest, path=directory)
    if "triggers" in components:
        models.triggers = TriggerModel(LinearModel.load(directory / "triggers"), components["triggers"]["threshold"])
    for role in ("source", "target"):
        if role in components:
            setattr(models, role, RoleModel(LinearModel.load(directory / role)))
    if "breaks" in components:
        models.breaks = LinearModel.load(directory / "breaks")
    return models


@lru_cache(maxsize=4)
def load_models(directory: str | None = None) -> Models:
    """The models of ``directory`` (default: the shipped ones), read once per process.
    A package without shipped models codes with the rules alone."""
    path = Path(directory) if directory else SHIPPED
    if directory is None and not (path / MANIFEST).is_file():
        return Models()
    return read_models(path)
