"""How fast is ``kibaru.dates.find_dates`` on real French sentences?

Splits the MasakhaNEWS French articles into sentences (a plain regex split, as
the pipeline will hand over spaCy sentences) and runs ``find_dates`` on each,
with and without a publication date, keeping the best of N runs.

    python bench/bench_dates.py [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import re

from _common import MASAKHANEWS_FILES, markdown_table, require_corpus, timer

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences() -> list[str]:
    csv.field_size_limit(1 << 30)
    found: list[str] = []
    for path in MASAKHANEWS_FILES:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                found += [s for s in SENTENCE_END.split(f"{row['headline']}. {row['text']}") if s.strip()]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="keep the best of N runs")
    args = parser.parse_args()
    require_corpus()

    from kibaru.dates import find_dates

    texts = sentences()
    chars = sum(map(len, texts)) / len(texts)
    find_dates("le mardi 15 juin 2021", published="2021-06-16")  # warm-up: lexicon + patterns
    rows = []
    for label, published in (("published known", "2021-06-16"), ("published unknown", None)):
        best, mentions = float("inf"), 0
        for _ in range(args.repeat):
            with timer() as t:
                mentions = sum(len(find_dates(s, published=published)) for s in texts)
            best = min(best, t["seconds"])
        rows.append([label, len(texts), f"{chars:.0f}", mentions, f"{best:.2f}", f"{len(texts) / best:,.0f}"])
    print(markdown_table(["find_dates", "sentences", "chars/sentence", "mentions", "seconds", "sentences/s"], rows))


if __name__ == "__main__":
    main()
