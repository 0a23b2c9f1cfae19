"""A linear classifier read with numpy: named sparse features and an optional
dense vector in, calibrated class probabilities out.

Models are trained with scikit-learn (``kibaru.training``, the ``[train]``
extra) and saved as plain arrays, so running them needs nothing but numpy:

* ``vocab``: feature name -> row of ``weights`` (features unseen in training
  are ignored, as a hashed or one-hot encoder would);
* ``weights`` (n_features x n_classes), ``dense`` (n_dense x n_classes) and
  ``bias`` (n_classes);
* ``temperature``: the softmax temperature fitted on held-out predictions, so
  that the probabilities are calibrated rather than over-confident.

A binary model keeps scikit-learn's single column (the positive class's
logit) and is expanded to two classes here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np

Features = Mapping[str, float]


@dataclass
class LinearModel:
    classes: list[str]
    vocab: dict[str, int]
    weights: np.ndarray  # (n_features, n_columns)
    bias: np.ndarray  # (n_columns,)
    dense: np.ndarray | None = None  # (n_dense, n_columns)
    temperature: float = 1.0
    meta: dict = field(default_factory=dict)

    # --- prediction -----------------------------------------------------------
    def logits(self, features: Features, vector: np.ndarray | None = None) -> np.ndarray:
        rows = [(self.vocab[name], value) for name, value in features.items() if name in self.vocab]
        out = self.bias.astype(np.float64, copy=True)
        if rows:
            index, values = zip(*rows)
            out += np.asarray(values, dtype=np.float64) @ self.weights[list(index)]
        if self.dense is not None and vector is not None:
            out += vector @ self.dense
        return out

    def logits_many(self, features: Sequence[Features], vectors: np.ndarray | None = None) -> np.ndarray:
        """``logits`` of many instances at once (n x n_columns): one gather and
        one matrix product per call rather than per instance, which is what
        makes scoring every candidate word of a sentence cheap."""
        out = np.empty((len(features), self.bias.shape[0]))
        out[:] = self.bias
        if not len(features):
            return out
        lookup = self.vocab.get
        index: list[int] = []
        values: list[float] = []
        starts: list[int] = []  # where each instance's rows begin in ``index``
        for feats in features:
            starts.append(len(index))
            for name, value in feats.items():
                row = lookup(name)
                if row is not None:
                    index.append(row)
                    values.append(value)
        if index:
            gathered = self.weights[index]
            if any(v != 1.0 for v in values):  # one-hot features (the usual case) need no scaling
                gathered *= np.asarray(values)[:, None]
            # sums of consecutive runs of rows; an instance with no known feature adds nothing
            ends = starts[1:] + [len(index)]
            present = [n for n, (a, b) in enumerate(zip(starts, ends)) if b > a]
            out[present] += np.add.reduceat(gathered, [starts[n] for n in present], axis=0)
        if self.dense is not None and vectors is not None:
            out += np.asarray(vectors, dtype=np.float64) @ self.dense
        return out

    def proba_many(self, features: Sequence[Features], vectors: np.ndarray | None = None) -> np.ndarray:
        """Class probabilities of many instances (n x n_classes)."""
        z = self.logits_many(features, vectors) / self.temperature
        if z.shape[1] == 1:  # binary: one logit for the second class
            z = np.hstack([np.zeros_like(z), z])
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def proba(self, features: Features, vector: np.ndarray | None = None) -> dict[str, float]:
        return dict(zip(self.classes, self.proba_array(features, vector)))

    def proba_array(self, features: Features, vector: np.ndarray | None = None) -> np.ndarray:
        z = self.logits(features, vector) / self.temperature
        if z.shape[0] == 1:  # binary: one logit for the second class
            z = np.array([0.0, z[0]])
        z = z - z.max()
        e = np.exp(z)
        return e / e.sum()

    def best(self, features: Features, vector: np.ndarray | None = None) -> tuple[str, float]:
        p = self.proba_array(features, vector)
        i = int(p.argmax())
        return self.classes[i], float(p[i])

    # --- storage --------------------------------------------------------------
    def save(self, path: Path) -> None:
        """``path.npz`` (arrays) and ``path.json`` (classes, vocabulary, meta)."""
        arrays = {"weights": self.weights.astype(np.float32), "bias": self.bias.astype(np.float32)}
        if self.dense is not None:
            arrays["dense"] = self.dense.astype(np.float32)
        np.savez_compressed(path.with_suffix(".npz"), **arrays)
        names = sorted(self.vocab, key=self.vocab.get)
        header = {"classes": self.classes, "features": names, "temperature": self.temperature, "meta": self.meta}
        path.with_suffix(".json").write_text(json.dumps(header, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        header = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(path.with_suffix(".npz")) as arrays:
            weights = arrays["weights"].astype(np.float64)
            bias = arrays["bias"].astype(np.float64)
            dense = arrays["dense"].astype(np.float64) if "dense" in arrays else None
        vocab = {name: i for i, name in enumerate(header["features"])}
        if weights.shape[0] != len(vocab):
            raise ValueError(f"{path}: {weights.shape[0]} weight rows for {len(vocab)} features")
        return cls(header["classes"], vocab, weights, bias, dense, float(header.get("temperature", 1.0)),
                   header.get("meta", {}))


def prune_vocab(feature_dicts: Iterable[Features], min_count: int) -> dict[str, int]:
    """Features seen in at least ``min_count`` training instances, numbered."""
    counts: dict[str, int] = {}
    for features in feature_dicts:
        for name in features:
            counts[name] = counts.get(name, 0) + 1
    kept = sorted(name for name, n in counts.items() if n >= min_count)
    return {name: i for i, name in enumerate(kept)}


def one_hot(names: Sequence[str]) -> dict[str, float]:
    return {name: 1.0 for name in names}
