"""Article stance toward countries (issue 6): ``article.stance``.

``score_stance(chunks, mentions, actors, events)`` combines the coded events and the
evaluative words near each actor's mentions into one score in [-1, 1] per
country (ISO3 or ``IGO:…``); see ``score.py`` and ``README.md``.
``sign_accuracy`` compares scores with gold stance labels (-1, 0, 1).
"""

from __future__ import annotations

from typing import Iterable, Mapping

from .lexicon import StanceDataError, StanceLexicon, load_lexicon
from .score import score_stance

# |score| below this counts as neutral (gold 0) when scores are compared with
# gold labels.
NEUTRAL_BAND = 0.15

__all__ = ["NEUTRAL_BAND", "StanceDataError", "StanceLexicon", "load_lexicon", "score_stance", "sign",
           "sign_accuracy"]


def sign(score: float | None, neutral: float = NEUTRAL_BAND) -> int:
    """-1, 0 or 1; a missing score (country not scored) is neutral."""
    if score is None or abs(score) < neutral:
        return 0
    return 1 if score > 0 else -1


def sign_accuracy(pairs: Iterable[tuple[Mapping[str, float], Mapping[str, float]]],
                  neutral: float = NEUTRAL_BAND) -> dict[str, float | int]:
    """Agreement of predicted stance with gold over the gold's (article, country)
    pairs: ``pairs`` yields (gold, predicted) dicts per article. A predicted
    |score| < ``neutral``, or a country left unscored, counts as 0."""
    total = correct = scored = 0
    for gold, predicted in pairs:
        for country, label in gold.items():
            total += 1
            scored += country in predicted
            correct += sign(predicted.get(country), neutral) == int(label)
    return {"pairs": total, "correct": correct, "scored": scored,
            "accuracy": round(correct / total, 3) if total else 0.0}
