"""Learning curve: dev scores of models trained on 25/50/75/100 % of the training gold.

    python bench/learning_curve.py                       # train.jsonl -> dev.jsonl
    python bench/learning_curve.py --repeats 3           # average over 3 random subsets per size

Tells whether more annotation is the next lever: if the curve is still rising
at 100 %, annotating more articles should pay. Articles are drawn at random
(seeded) and whole; the parse and candidate features are computed once and
shared by every size. Needs the [train] extra (scikit-learn). Prints a table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=SHARED / "gold" / "train.jsonl")
    parser.add_argument("--dev", type=Path, default=SHARED / "gold" / "dev.jsonl")
    parser.add_argument("--fractions", default="0.25,0.5,0.75,1.0")
    parser.add_argument("--repeats", type=int, default=1, help="random subsets per size (the full set is drawn once)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from kibaru.doc import Article
    from kibaru.eval import load_gold, score_articles
    from kibaru.pipeline import Pipeline
    from kibaru.training import TrainConfig, prepare, train_models

    started = time.perf_counter()
    config = TrainConfig(seed=args.seed)
    train = load_gold(args.train)
    dev = load_gold(args.dev)
    prepared = prepare(train, config, log=lambda line: print(line, file=sys.stderr))
    ids = sorted(r.id for r in train)
    events = {r.id: len(r.events) for r in train}
    rows = []
    for fraction in (float(f) for f in args.fractions.split(",")):
        repeats = 1 if fraction >= 1.0 else args.repeats
        scores = []
        for repeat in range(repeats):
            keep = set(random.Random(args.seed + repeat).sample(ids, max(config.folds, round(fraction * len(ids)))))
            models = train_models(prepared, keep)
            pipeline = Pipeline(models=models)
            articles = [Article(id=r.id, title=r.title, text=r.text, published=r.published, origin=f"gold:{r.id}")
                        for r in dev]
            system = {a.id: a.events for a in pipeline.pipe(articles)}
            scores.append((score_articles(dev, system), len(keep), sum(events[i] for i in keep)))
            print(f"{fraction:.0%} #{repeat + 1}: type F1 {scores[-1][0].type_f1:.3f}, "
                  f"dyad F1 {scores[-1][0].dyad_f1:.3f}", file=sys.stderr)
        rows.append((fraction, scores))

    print(f"\nLearning curve: models trained on part of {args.train.name}, scored on {args.dev.name} "
          f"({len(dev)} articles); {time.perf_counter() - started:.0f} s\n")
    print("| share of train | articles | gold events | type F1 | dyad F1 | status acc. | subsets |")
    print("|---|---|---|---|---|---|---|")
    for fraction, scores in rows:
        def mean(get) -> str:
            values = [get(s) for s, _, _ in scores]
            spread = f" ± {statistics.stdev(values):.3f}" if len(values) > 1 else ""
            return f"{statistics.mean(values):.3f}{spread}"

        print(f"| {fraction:.0%} | {scores[0][1]} | {round(statistics.mean(e for _, _, e in scores))} | "
              f"{mean(lambda s: s.type_f1)} | {mean(lambda s: s.dyad_f1)} | "
              f"{mean(lambda s: s.status_accuracy or 0.0)} | {len(scores)} |")


if __name__ == "__main__":
    main()
