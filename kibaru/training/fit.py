"""Fitting the linear models with scikit-learn (the ``[train]`` extra).

Sparse named features become columns of a CSR matrix (features seen fewer
than ``min_count`` times are dropped); the word vectors, scaled by
``vector_weight``, are appended as dense columns. The result is saved as a
``kibaru.models.linear.LinearModel``, which runs with numpy alone.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..models.linear import LinearModel, prune_vocab


def design_matrix(features: Sequence[dict[str, float]], vectors: Sequence[np.ndarray] | None,
                  vocab: dict[str, int], vector_weight: float):
    from scipy import sparse

    rows, cols, vals = [], [], []
    for i, feats in enumerate(features):
        for name, value in feats.items():
            j = vocab.get(name)
            if j is not None:
                rows.append(i)
                cols.append(j)
                vals.append(value)
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(features), len(vocab)), dtype=np.float64)
    if vectors is not None and vector_weight:
        dense = sparse.csr_matrix(np.vstack(vectors).astype(np.float64) * vector_weight)
        x = sparse.hstack([x, dense], format="csr")
    return x


def fit_linear(features: Sequence[dict[str, float]], labels: Sequence[str], vectors: Sequence[np.ndarray] | None = None,
               *, c: float = 1.0, min_count: int = 2, vector_weight: float = 1.0, seed: int = 0,
               class_weight=None, max_iter: int = 2000) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    vocab = prune_vocab(features, min_count)
    use_vectors = vectors is not None and vector_weight > 0
    x = design_matrix(features, vectors if use_vectors else None, vocab, vector_weight)
    model = LogisticRegression(C=c, max_iter=max_iter, random_state=seed, class_weight=class_weight)
    model.fit(x, np.asarray(labels))
    coef = model.coef_.T  # (n_columns_of_x, n_classes or 1)
    n_sparse = len(vocab)
    weights = coef[:n_sparse]
    dense = coef[n_sparse:] * vector_weight if use_vectors else None
    return LinearModel(classes=[str(c) for c in model.classes_], vocab=vocab, weights=weights,
                       bias=model.intercept_.copy(), dense=dense,
                       meta={"c": c, "min_count": min_count, "vector_weight": vector_weight})
