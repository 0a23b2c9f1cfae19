"""The MasakhaNEWS topic of an article: business, health, politics, sports or technology.

A linear model over TF-IDF character n-grams, trained with
scikit-learn by ``scripts/train_topics.py`` and shipped as plain data
(``data/model.json`` and ``data/model.npz``): the vocabularies, idf weights,
n-gram settings, class coefficients and intercepts. Prediction needs only the
standard library and numpy; neither scikit-learn nor pickle is used at run
time. The analyzers below reproduce scikit-learn's ``TfidfVectorizer``
(lowercase, optional accent stripping, ``token_pattern``, word n-grams,
``char_wb`` n-grams, sublinear tf, idf, l2 norm) exactly, which
``tests/test_topics.py`` checks against the scikit-learn pipeline.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
MODEL_JSON = DATA / "model.json"
MODEL_NPZ = DATA / "model.npz"
FORMAT = 1
LABELS = ("business", "health", "politics", "sports", "technology")
WORD_CACHE = 50_000

# scikit-learn's whitespace normalisation before char_wb n-grams
_WHITE_SPACES = re.compile(r"\s\s+")


TITLE_WEIGHT = 2


def document(title: str | None, text: str | None, title_weight: int = TITLE_WEIGHT) -> str:
    """The text the model reads, as in training: the headline twice (it says most
    about the topic; chosen by cross-validation), then the body, a line each."""
    title = title or ""
    return "\n".join([title] * title_weight + [text or ""])


def strip_accents_unicode(s: str) -> str:
    """scikit-learn's ``strip_accents_unicode``: NFKD, then drop combining marks."""
    try:
        s.encode("ASCII", errors="strict")
        return s
    except UnicodeEncodeError:
        normalized = unicodedata.normalize("NFKD", s)
        return "".join([c for c in normalized if not unicodedata.combining(c)])


@dataclass
class Vectorizer:
    """One fitted ``TfidfVectorizer`` (analyzer ``word`` or ``char_wb``)."""

    analyzer: str
    ngram_range: tuple[int, int]
    lowercase: bool
    strip_accents: str | None
    token_pattern: str | None
    sublinear_tf: bool
    norm: str | None
    index: dict[str, int]          # n-gram -> column in this vectorizer's block
    idf: np.ndarray                # float64, one per column
    offset: int                    # first column of this block in the model's coefficients

    def __post_init__(self) -> None:
        if self.analyzer not in ("word", "char_wb"):
            raise ValueError(f"unsupported analyzer {self.analyzer!r}")
        if self.strip_accents not in (None, "unicode"):
            raise ValueError(f"unsupported strip_accents {self.strip_accents!r}")
        if self.norm not in (None, "l2"):
            raise ValueError(f"unsupported norm {self.norm!r}")
        self._token_re = re.compile(self.token_pattern) if self.token_pattern else None
        # A word's n-gram columns do not change: remember those of the frequent words.
        self._cached_columns = lru_cache(maxsize=WORD_CACHE)(self._columns_of_word)

    def preprocess(self, doc: str) -> str:
        if self.lowercase:
            doc = doc.lower()
        if self.strip_accents == "unicode":
            doc = strip_accents_unicode(doc)
        return doc

    def counts(self, doc: str) -> Counter:
        """The n-gram counts of one document (all n-grams, in the vocabulary or not)."""
        doc = self.preprocess(doc)
        if self.analyzer == "word":
            return Counter(self._word_ngrams(self._token_re.findall(doc)))
        return self._char_wb_counts(doc)

    def _word_ngrams(self, tokens: list[str]) -> list[str]:
        min_n, max_n = self.ngram_range
        if max_n == 1:
            return tokens if min_n == 1 else []
        grams = list(tokens) if min_n == 1 else []
        start = 2 if min_n == 1 else min_n
        n_tokens = len(tokens)
        join = " ".join
        for n in range(start, min(max_n + 1, n_tokens + 1)):
            for i in range(n_tokens - n + 1):
                grams.append(join(tokens[i:i + n]))
        return grams

    def _char_wb_counts(self, doc: str) -> Counter:
        # Every occurrence of a word yields the same n-grams: count the words,
        # then the n-grams of each distinct word, weighted by its count.
        grams: Counter = Counter()
        for word, times in self._words(doc).items():
            for gram in self._word_grams(word):
                grams[gram] += times
        return grams

    @staticmethod
    def _words(doc: str) -> Counter:
        return Counter(_WHITE_SPACES.sub(" ", doc).split())

    def _word_grams(self, word: str) -> list[str]:
        """The char_wb n-grams of one word, as scikit-learn's ``_char_wb_ngrams``."""
        min_n, max_n = self.ngram_range
        w = f" {word} "
        w_len = len(w)
        grams = []
        for n in range(min_n, max_n + 1):
            if w_len <= n:
                # a short word is counted once, whole (scikit-learn's `offset == 0` break)
                grams.append(w)
                break
            grams.extend(w[i:i + n] for i in range(w_len - n + 1))
        return grams

    def _columns_of_word(self, word: str) -> np.ndarray:
        """The vocabulary columns of a word's char_wb n-grams (repeated as often as they occur)."""
        index = self.index
        return np.array([j for j in map(index.get, self._word_grams(word)) if j is not None], dtype=np.int64)

    def transform(self, doc: str) -> tuple[np.ndarray, np.ndarray]:
        """Columns (in the model's numbering) and tf-idf values of one document."""
        doc = self.preprocess(doc)
        if self.analyzer == "char_wb":
            cols, tf = self._char_wb_tf(doc)
        else:
            index = self.index
            counts = Counter(self._word_ngrams(self._token_re.findall(doc)))
            found = [(j, c) for j, c in ((index.get(g), c) for g, c in counts.items()) if j is not None]
            cols = np.array([j for j, _ in found], dtype=np.int64)
            tf = np.array([c for _, c in found], dtype=np.float64)
        if not len(cols):
            return cols, tf
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        vals = tf * self.idf[cols]
        if self.norm == "l2":
            norm = math.sqrt(float(np.dot(vals, vals)))
            if norm > 0:
                vals = vals / norm
        return cols + self.offset, vals

    def _char_wb_tf(self, doc: str) -> tuple[np.ndarray, np.ndarray]:
        columns_of = self._cached_columns
        parts, times, sizes = [], [], []
        for word, count in self._words(doc).items():
            cols = columns_of(word)
            if cols.size:
                parts.append(cols)
                times.append(count)
                sizes.append(cols.size)
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        weights = np.repeat(np.asarray(times, dtype=np.float64), sizes)
        tf = np.bincount(np.concatenate(parts), weights=weights, minlength=len(self.idf))
        cols = np.flatnonzero(tf)
        return cols, tf[cols]


class TopicModel:
    """The shipped topic model: vectorizers, a linear classifier, a softmax."""

    def __init__(self, meta: dict, arrays: dict[str, np.ndarray]) -> None:
        if meta.get("format") != FORMAT:
            raise ValueError(f"unsupported topic model format {meta.get('format')!r}")
        self.meta = meta
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        self.coef_t = np.ascontiguousarray(arrays["coef"].astype(np.float64).T)   # (n_features, n_classes)
        self.intercept = arrays["intercept"].astype(np.float64)
        self.temperature = float(meta["classifier"].get("temperature", 1.0))
        self.title_weight = int(meta.get("title_weight", TITLE_WEIGHT))
        self.vectorizers: list[Vectorizer] = []
        offset = 0
        for k, spec in enumerate(meta["vectorizers"]):
            vocabulary = spec["vocabulary"]
            idf = arrays[f"idf_{k}"].astype(np.float64)
            if len(idf) != len(vocabulary):
                raise ValueError("topic model: vocabulary and idf lengths differ")
            self.vectorizers.append(Vectorizer(
                analyzer=spec["analyzer"], ngram_range=tuple(spec["ngram_range"]),
                lowercase=spec["lowercase"], strip_accents=spec["strip_accents"],
                token_pattern=spec.get("token_pattern"), sublinear_tf=spec["sublinear_tf"],
                norm=spec["norm"], index={g: i for i, g in enumerate(vocabulary)}, idf=idf, offset=offset,
            ))
            offset += len(vocabulary)
        if self.coef_t.shape != (offset, len(self.labels)):
            raise ValueError(f"topic model: coefficients {self.coef_t.shape} do not fit "
                             f"{offset} features x {len(self.labels)} labels")

    @classmethod
    def load(cls, json_path: Path = MODEL_JSON, npz_path: Path = MODEL_NPZ) -> "TopicModel":
        meta = json.loads(Path(json_path).read_text(encoding="utf-8"))
        with np.load(npz_path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        return cls(meta, arrays)

    def decision(self, doc: str) -> np.ndarray:
        """The linear scores of one document, one per label."""
        scores = self.intercept.copy()
        for vectorizer in self.vectorizers:
            cols, vals = vectorizer.transform(doc)
            if len(cols):
                scores += vals @ self.coef_t[cols]
        return scores

    def probabilities(self, doc: str) -> np.ndarray:
        """Softmax of the scores times the model's temperature (fitted in training)."""
        scores = self.temperature * self.decision(doc)
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def predict(self, title: str | None, text: str | None) -> tuple[str, float]:
        probs = self.probabilities(document(title, text, self.title_weight))
        best = int(np.argmax(probs))
        return self.labels[best], float(probs[best])


@lru_cache(maxsize=1)
def load_model() -> TopicModel:
    """The shipped model, loaded once per process."""
    return TopicModel.load()


def classify(title: str | None, text: str | None) -> dict:
    """The MasakhaNEWS topic of an article: ``{"label": ..., "score": ...}``.

    ``score`` is the model's probability of ``label``, rounded to 2 decimals.
    An article with no text at all still gets a label (the contract requires
    one): the model's prior, with a low score.
    """
    label, score = load_model().predict(title, text)
    return {"label": label, "score": round(score, 2)}
