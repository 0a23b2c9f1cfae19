"""How precisely are MasakhaNEWS events dated, and what do its articles say of their source?

Codes the 883 French MasakhaNEWS articles (train-50, dev, test) and counts the
events dated to the day, the month, the year, or not at all; the events dated
before 1990 (in 2020-2022 BBC Afrique news, mostly years borrowed from
background); and the articles with an outlet and a publication date.

Run it on two checkouts to compare them, e.g. the main branch exported to a
folder: ``PYTHONPATH=/tmp/kibaru-main python bench/bench_date_precision.py``.

    python bench/bench_date_precision.py [--limit N]
"""

from __future__ import annotations

import argparse
from collections import Counter

from _common import MASAKHANEWS_FILES, markdown_table, require_corpus, timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="code only the first N articles")
    args = parser.parse_args()
    require_corpus()

    import kibaru

    articles = list(kibaru.read([str(p) for p in MASAKHANEWS_FILES]))[: args.limit]
    with timer() as t:
        coded = list(kibaru.load_pipeline().pipe(articles))
    precision: Counter[str] = Counter()
    early = 0
    for article in coded:
        for event in article.events:
            precision[event.date_precision or "no date"] += 1
            early += bool(event.date) and event.date[:4] < "1990"
    total = sum(precision.values())
    rows = [[label, precision[label], f"{precision[label] / total:.1%}"] for label in ("day", "month", "year", "no date")]
    rows.append(["**all events**", total, "100%"])
    rows.append(["dated before 1990", early, f"{early / total:.1%}"])
    print(f"kibaru {kibaru.__version__} from {kibaru.__file__} — {len(coded)} articles in {t['seconds']:.0f} s\n")
    print(markdown_table(["events dated to", "events", "share"], rows))
    outlets = Counter(a.outlet or "(none)" for a in coded)
    dated = sum(bool(a.published) for a in coded)
    print()
    print(markdown_table(["articles", "count"], [
        ["with an outlet", sum(n for o, n in outlets.items() if o != "(none)")],
        ["outlets", ", ".join(f"{o} ({n})" for o, n in outlets.most_common(3))],
        ["with a publication date", dated],
        ["with warning W104 (no publication date)", sum(any(w.code == "W104" for w in a.warnings) for a in coded)],
    ]))


if __name__ == "__main__":
    main()
