"""Sentence vectors: the mean of a range's content words' vectors, for
comparing a cue match with a narrative's example sentences (``match.py``),
and the examples themselves when a catalogue is compiled (``catalogue.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc

# the token attributes read once per chunk, and their columns
TABLE = ["ORTH", "LOWER", "LEMMA", "IS_ALPHA"]
ORTH, LOWER, LEMMA, ALPHA = range(4)


def sentence_vectors(doc: "Doc", bounds: Sequence[tuple[int, int]], stop: np.ndarray,
                     table: np.ndarray | None = None) -> np.ndarray:
    """Unit mean vectors of the content words of each (start, end) token range
    (a zero row for a range without any word with a vector). Content words:
    alphabetic tokens whose lower-case form is not in ``stop`` (sorted string
    hashes of the stop words). ``table``: ``doc.to_array(TABLE)``, if at hand."""
    vectors = doc.vocab.vectors
    out = np.zeros((len(bounds), vectors.shape[1]), dtype=np.float32)
    if not len(doc) or not bounds or not vectors.shape[0]:
        return out
    if table is None:
        table = doc.to_array(TABLE)
    keep = table[:, ALPHA] == 1
    keep &= ~member(table[:, LOWER], stop)
    keep = np.flatnonzero(keep)
    key2row = vectors.key2row
    rows = np.fromiter((key2row.get(k, -1) for k in table[keep, ORTH].tolist()), dtype=np.int64, count=len(keep))
    found = rows >= 0
    keep, rows = keep[found], rows[found]
    if not len(keep):
        return out
    owner = np.full(len(doc), -1, dtype=np.int64)
    for number, (start, end) in enumerate(bounds):
        owner[start:end] = number
    sentence = owner[keep]
    inside = sentence >= 0
    rows, sentence = rows[inside], sentence[inside]
    if not len(rows):
        return out
    # bounds are in token order, so ``sentence`` is sorted: sum each run of rows
    # (a loop of slices beats cumsum and reduceat here)
    starts = np.flatnonzero(np.r_[True, sentence[1:] != sentence[:-1]])
    gathered = np.asarray(vectors.data)[rows]
    sums = np.vstack([gathered[a:b].sum(axis=0) for a, b in zip(starts.tolist(), starts[1:].tolist() + [len(rows)])])
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    norms[norms == 0] = 1
    out[sentence[starts]] = sums / norms
    return out


def member(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """``values`` in ``sorted_keys`` (both string hashes), vectorised."""
    if not len(sorted_keys):
        return np.zeros(len(values), dtype=bool)
    where = np.searchsorted(sorted_keys, values)
    where[where >= len(sorted_keys)] = 0
    return sorted_keys[where] == values
