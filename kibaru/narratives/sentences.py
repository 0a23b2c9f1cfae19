"""Sentence boundaries of a parsed chunk, as ``kibaru.nlp.sentences`` gives
them, computed from token arrays.

``kibaru.nlp.sentences`` (which the event coder uses) walks ``doc.sents`` and
builds a Span and its text per sentence; this makes the same cuts (a parser
sentence that does not end with final punctuation is merged with the next; a
paragraph break always ends a sentence) from the ``SENT_START`` and
``IS_SPACE`` arrays, several times faster, so that narrative evidence
sentences are exactly the coder's event sentences. tests/test_narratives.py
checks that both agree on a corpus.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

import numpy as np

from ..nlp import SENTENCE_END

if TYPE_CHECKING:
    from spacy.tokens import Doc


def sentence_bounds(doc: "Doc") -> list[tuple[int, int]]:
    """(start, end) token indices of each sentence of ``doc``."""
    n = len(doc)
    if not n:
        return []
    table = doc.to_array(["SENT_START", "IS_SPACE"])
    starts = np.flatnonzero(table[:, 0] == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    is_space = table[:, 1]
    # The tokenizer keeps every run of whitespace other than one plain space as
    # a token of its own: newlines live in space tokens only.
    breaks = [i for i in np.flatnonzero(is_space).tolist() if "\n" in doc[i].text]
    break_set = set(breaks)
    bounds: list[tuple[int, int]] = []
    start = 0
    for s, e in zip(starts, starts[1:] + [n]):
        first = bisect_left(breaks, s)
        # a paragraph break inside the parser's sentence: cut there
        for t in breaks[first:]:
            if t >= e - 1:
                break
            if t + 1 > start:
                bounds.append((start, t + 1))
                start = t + 1
        last = e - 1
        while is_space[last] and last > s:
            last -= 1
        if doc[last].text[-1:] in SENTENCE_END or e - 1 in break_set or e == n:
            if e > start:
                bounds.append((start, e))
            start = e
    if start < n:
        bounds.append((start, n))
    return bounds
