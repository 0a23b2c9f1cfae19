"""Train the models, and cross-validate them on folds of whole articles.

``prepare`` does the expensive part once: normalise and align the gold, fit
the sentence-break model on k-1 folds and parse each fold with the model
that never saw it (so the later models train on realistic sentence breaks),
and record every candidate word. ``cross_validate`` and ``train_models``
then only fit and code.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Callable, Sequence

from ..eval.scoring import GoldArticle, Scores, score_articles
from ..events.features import WORD_KEYS
from ..models import NO_EVENT, Models, RoleModel, TriggerModel
from ..models.linear import LinearModel
from .breaks import BreakData, break_data
from .config import TrainConfig
from .data import Collector, ParsedArticle, collect, normalise_gold, parse_gold
from .fit import fit_linear
from .gold import align

Log = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass
class Prepared:
    parsed: list[ParsedArticle]
    breaks: BreakData
    collected: Collector
    folds: dict[str, int]
    config: TrainConfig

    def ids(self, fold: int | None = None, held_out: bool = False) -> set[str]:
        if fold is None:
            return set(self.folds)
        return {a for a, f in self.folds.items() if (f == fold) == held_out}


def folds_of(ids: Sequence[str], k: int, seed: int) -> dict[str, int]:
    """Articles dealt into k folds at random (seeded)."""
    order = sorted(set(ids))
    random.Random(seed).shuffle(order)
    return {article: i % k for i, article in enumerate(order)}


def prepare(records: Sequence[GoldArticle], config: TrainConfig, log: Log = _quiet) -> Prepared:
    started = time.perf_counter()
    articles = normalise_gold(records)
    golds = [align(r, a.text) for r, a in zip(records, articles)]
    breaks = break_data(golds)
    folds = folds_of([r.id for r in records], config.folds, config.seed)
    log(f"sentence breaks: {len(breaks.labels):,} candidates, {sum(breaks.labels):,} breaks "
        f"({time.perf_counter() - started:.0f} s)")
    parsed_by_id: dict[str, ParsedArticle] = {}
    for k in range(config.folds):
        subset = breaks.subset({a for a, f in folds.items() if f != k})
        model = _fit_if_learnable(subset.features, subset.labels, config.breaks_c, config)
        chosen = [i for i, r in enumerate(records) if folds[r.id] == k]
        for item in parse_gold([records[i] for i in chosen], [articles[i] for i in chosen], breaks=model):
            parsed_by_id[item.gold.record.id] = item
    parsed = [parsed_by_id[r.id] for r in records]
    log(f"parsed {len(parsed)} articles ({time.perf_counter() - started:.0f} s)")
    collected = collect(parsed)
    log(f"candidates: {len(collected.triggers.labels):,} words, {len(collected.roles.source):,} role options "
        f"({time.perf_counter() - started:.0f} s)")
    return Prepared(parsed, breaks, collected, folds, config)


def train_models(prepared: Prepared, keep: set[str] | None = None, log: Log = _quiet) -> Models:
    """Fit every model on the prepared articles (all, or those in ``keep``).
    A model whose gold gives it a single answer (no sentence break to learn,
    every event "occurred") is left out: the rules decide that part."""
    config = prepared.config
    keep = keep if keep is not None else prepared.ids()
    collected = prepared.collected.subset(keep)
    started = time.perf_counter()
    data = collected.triggers
    if len(set(data.labels)) < 2:
        raise ValueError("the gold has no event in its lead sentences: nothing to learn")
    triggers = fit_linear(data.features, data.labels, data.vectors, c=config.trigger_c, min_count=config.min_count,
                          vector_weight=config.vector_weight, seed=config.seed,
                          class_weight={NO_EVENT: config.no_event_weight})
    log(f"trigger model: {len(data.labels):,} words, {len(triggers.vocab):,} features "
        f"({time.perf_counter() - started:.0f} s)")
    roles = collected.roles
    source = _fit_if_learnable(roles.features, roles.source, config.role_c, config)
    target = _fit_if_learnable(roles.features, roles.target, config.role_c, config)
    log(f"role models: {len(roles.source):,} options of {len(set(roles.events)):,} gold events")
    status = _fit_if_learnable(collected.status.features, collected.status.labels, config.status_c, config)
    breaks_data = prepared.breaks.subset(keep)
    breaks = _fit_if_learnable(breaks_data.features, breaks_data.labels, config.breaks_c, config)
    places_data = collected.places_data.subset(keep, unplaced=config.place_none)
    places = _fit_if_learnable(places_data.features, places_data.labels, config.place_c, config)
    log(f"place model: {len(places_data.labels):,} options")
    both_roles = source is not None and target is not None
    words = event_words(data.features, data.labels)
    return Models(triggers=TriggerModel(triggers, config.trigger_threshold, config.rule_threshold, words),
                  source=RoleModel(source) if both_roles else None, target=RoleModel(target) if both_roles else None,
                  status=status, breaks=breaks, places=RoleModel(places) if places is not None else None,
                  fill_threshold=config.fill_threshold,
                  manifest={"config": config.to_dict(), "articles": len(keep)})


def event_words(features, labels) -> frozenset[str]:
    """The lemma and word keys of the training words that report an event
    (``TriggerModel.words``)."""
    return frozenset(name for feats, label in zip(features, labels) if label != NO_EVENT
                     for name in feats if name.startswith(WORD_KEYS))


def _fit_if_learnable(features, labels, c: float, config: TrainConfig) -> LinearModel | None:
    if len(set(labels)) < 2:
        return None
    return fit_linear(features, labels, c=c, min_count=config.min_count, seed=config.seed)


@dataclass
class FoldResult:
    fold: int
    scores: Scores
    system: dict[str, list[dict]]  # events coded for each held-out article


def cross_validate(prepared: Prepared, log: Log = _quiet) -> list[FoldResult]:
    """k-fold cross-validation by article: train on k-1 folds, code the
    held-out fold with the full pipeline, score it against its gold."""
    from ..pipeline import Pipeline

    config = prepared.config
    results = []
    for k in range(config.folds):
        models = train_models(prepared, prepared.ids(k))
        analyzer = Pipeline(models=models)
        held_out = [p for p in prepared.parsed if prepared.folds[p.gold.record.id] == k]
        system = {}
        for item in held_out:
            analyzer.code(item.article, item.chunks, item.title)
            system[item.article.id] = list(item.article.events)
        gold: list[GoldArticle] = [p.gold.record for p in held_out]
        scores = score_articles(gold, system)
        log(f"fold {k + 1}/{config.folds}: {len(held_out)} articles, type F1 {scores.type_f1:.3f}, "
            f"dyad F1 {scores.dyad_f1:.3f}")
        results.append(FoldResult(k, scores, system))
    return results
