"""Train the models, and cross-validate them on folds of whole articles."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Callable, Sequence

from ..eval.scoring import GoldArticle, Scores, score_articles
from ..models import Models, RoleModel, TriggerModel
from .config import TrainConfig
from .data import Collector, ParsedArticle, collect
from .fit import fit_linear

Log = Callable[[str], None]


def train_models(parsed: Sequence[ParsedArticle], config: TrainConfig, collected: Collector | None = None,
                 log: Log = lambda _: None) -> Models:
    """Fit every model on ``parsed`` gold articles."""
    collected = collected or collect(parsed)
    data = collected.triggers
    started = time.perf_counter()
    linear = fit_linear(data.features, data.labels, data.vectors, c=config.trigger_c, min_count=config.min_count,
                        vector_weight=config.vector_weight, seed=config.seed)
    log(f"trigger model: {len(data.labels):,} words, {len(linear.vocab):,} features, "
        f"{time.perf_counter() - started:.0f} s")
    roles = collected.roles
    source = fit_linear(roles.features, roles.source, c=config.role_c, min_count=config.min_count, seed=config.seed)
    target = fit_linear(roles.features, roles.target, c=config.role_c, min_count=config.min_count, seed=config.seed)
    log(f"role models: {len(roles.source):,} options of {sum(roles.source):,} gold sources, "
        f"{sum(roles.target):,} gold targets")
    return Models(triggers=TriggerModel(linear, config.trigger_threshold), source=RoleModel(source),
                  target=RoleModel(target), manifest={"config": config.to_dict(), "articles": len(parsed)})


@dataclass
class FoldResult:
    fold: int
    scores: Scores
    system: dict[str, list[dict]]  # events coded for each held-out article


def folds_of(ids: Sequence[str], k: int, seed: int) -> dict[str, int]:
    """Articles dealt into k folds at random (seeded)."""
    order = sorted(set(ids))
    random.Random(seed).shuffle(order)
    return {article: i % k for i, article in enumerate(order)}


def cross_validate(parsed: Sequence[ParsedArticle], config: TrainConfig, log: Log = lambda _: None) -> list[FoldResult]:
    """k-fold cross-validation by article: train on k-1 folds, code the
    held-out fold with the full pipeline, score it against its gold."""
    from ..pipeline import Analyzer
    from ..settings import Settings

    collected = collect(parsed)
    fold = folds_of([p.gold.record.id for p in parsed], config.folds, config.seed)
    results = []
    for k in range(config.folds):
        train_ids = {a for a, f in fold.items() if f != k}
        held_out = [p for p in parsed if fold[p.gold.record.id] == k]
        subset = collected.subset(train_ids)
        models = train_models([p for p in parsed if p.gold.record.id in train_ids], config, subset)
        analyzer = Analyzer(Settings(), models=models)
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
