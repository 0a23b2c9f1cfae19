"""Scoring the coder against hand-annotated gold articles.

See ``../shared/gold/GUIDELINES.md``, "How a system is scored against the gold":
system events are matched to gold lead sentences by token overlap of their
evidence sentence; within a sentence, events are paired greedily; type F1,
dyad F1, place and date accuracy are computed over the pairs.
"""

from .scoring import GoldArticle, Scores, load_gold, score_articles

__all__ = ["GoldArticle", "Scores", "load_gold", "score_articles"]
