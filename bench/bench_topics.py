"""How fast is ``kibaru.topics.classify`` on real French news articles?

Classifies the 422 MasakhaNEWS French test articles: the model load, a first
pass (cold word cache: every word's n-grams are looked up for the first time)
and the best of N warm passes; prints ms/article and the macro-F1.

    python bench/bench_topics.py [--repeat N]
"""

from __future__ import annotations

import argparse
import csv

from _common import MASAKHANEWS, markdown_table, peak_rss_mb, require_corpus, timer


def articles() -> list[dict]:
    csv.field_size_limit(1 << 30)
    with (MASAKHANEWS / "test.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def macro_f1(truth: list[str], predicted: list[str], labels) -> float:
    scores = []
    for label in labels:
        tp = sum(t == p == label for t, p in zip(truth, predicted))
        fp = sum(p == label != t for t, p in zip(truth, predicted))
        fn = sum(t == label != p for t, p in zip(truth, predicted))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="keep the best of N warm runs")
    args = parser.parse_args()
    require_corpus()

    from kibaru.topics import LABELS, classify, load_model

    rows = articles()
    chars = sum(len(r["headline"]) + len(r["text"]) for r in rows) / len(rows)
    with timer() as load:
        load_model()
    with timer() as cold:
        predicted = [classify(r["headline"], r["text"])["label"] for r in rows]
    warm = []
    for _ in range(args.repeat):
        with timer() as t:
            for r in rows:
                classify(r["headline"], r["text"])
        warm.append(t["seconds"])
    n = len(rows)
    print(markdown_table(
        ["articles", "chars/article", "model load (s)", "cold ms/article", "warm ms/article (best)",
         "macro-F1", "peak RSS (MB)"],
        [[n, f"{chars:.0f}", f"{load['seconds']:.3f}", f"{cold['seconds'] / n * 1000:.2f}",
          f"{min(warm) / n * 1000:.2f}", f"{macro_f1([r['category'] for r in rows], predicted, LABELS):.4f}",
          f"{peak_rss_mb():.0f}"]],
    ))


if __name__ == "__main__":
    main()
