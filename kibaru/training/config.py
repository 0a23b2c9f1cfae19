"""The settings of a training run, each with the reason for its default."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 0
    folds: int = 5
    # L2 strength of the trigger model (scikit-learn's C): chosen by 5-fold
    # cross-validation on train.jsonl among 0.3, 0.5, 1 and 3, with the
    # vector weight (1 or 2) and the weight of "no event" (1, 0.5 or 0.3).
    trigger_c: float = 1.0
    # Features seen in fewer training words than this are dropped: a feature
    # seen once is a fact about one sentence.
    min_count: int = 2
    # Scale of the word vectors beside the one-hot features.
    vector_weight: float = 1.0
    # Weight of "no event" words against event words in the trigger model's
    # loss (the gold has 26 of them for each event word).
    no_event_weight: float = 1.0
    # A word is an event when P(no event) < this; above 0.5 favours recall,
    # which the gold's many rare types need (cross-validated: 0.8 balances
    # precision and recall of types by sentence).
    trigger_threshold: float = 0.7
    # An event the rules code is kept while P(no event) < this (1.0: always).
    rule_threshold: float = 0.95

    # L2 strength of the source and target models.
    role_c: float = 0.3

    # A role the rules left empty is filled with the role model's best option
    # when it scores at least this (cross-validated dyad F1 on train.jsonl:
    # 0.3 -> 0.259, 0.15 -> 0.262).
    fill_threshold: float = 0.15
    # L2 strength of the status model.
    status_c: float = 1.0
    # L2 strength of the sentence-break model.
    breaks_c: float = 1.0
    # L2 strength of the place model.
    place_c: float = 1.0
    # Teach the place model "no place" from the gold events without one too.
    # Off: the gold leaves two events in three unplaced, so a model taught so
    # says "none" for most events, and its place accuracy on the events the
    # gold places fell from 0.69 to 0.41 (5-fold CV). An event's place carries
    # the model's confidence instead.
    place_none: bool = False

    def to_dict(self) -> dict:
        return asdict(self)
