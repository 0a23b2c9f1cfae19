"""kibaru's date finder against ``dateparser.search`` on the same sentences.

Two sets, each sentence with the date a reader gives its event:

* ``bench/data/dispatches.jsonl``: 22 short dispatches written for this
  benchmark, each with a publication date and a relative date ("lundi",
  "hier", "samedi dernier", "la nuit de vendredi à samedi", "le 30 décembre"
  across the new year);
* the lead sentences of ``../shared/gold/train.jsonl`` that carry an event
  with a gold date (no publication dates there: explicit dates only).

For each sentence a finder is right when its first date, written at the gold
date's precision, is the gold date (generous to dateparser, which always
returns a full datetime). "kibaru, else dateparser" takes dateparser's answer
where kibaru finds none. The last table codes each dispatch with the whole
pipeline (``kibaru.analyze``): the event's date, as an analyst sees it.

    python bench/bench_date_finders.py
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from _common import SHARED, markdown_table

DISPATCHES = Path(__file__).parent / "data" / "dispatches.jsonl"
TRAIN = SHARED / "gold" / "train.jsonl"


def dispatches() -> list[tuple[str, str | None, str]]:
    rows = [json.loads(line) for line in DISPATCHES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], r["published"], r["date"]) for r in rows]


def gold_sentences() -> list[tuple[str, str | None, str]]:
    out = []
    if not TRAIN.exists():
        return out
    for line in TRAIN.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for index, sentence in enumerate(record["lead"]):
            dates = {e["date"] for e in record["events"] if e.get("sentence") == index and e.get("date")}
            if len(dates) == 1:  # one date for the sentence's events
                out.append((sentence, record.get("published"), dates.pop()))
    return out


def kibaru_first(text: str, published: str | None) -> str | None:
    from kibaru.dates import find_dates

    for mention in find_dates(text, published=published, tense="past"):
        if mention.value and not mention.habitual:
            return mention.value
    return None


def dateparser_first(text: str, published: str | None, precision: int) -> str | None:
    from dateparser.search import search_dates

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(published)
    try:
        found = search_dates(text, languages=["fr"], settings=settings)
    except Exception:  # dateparser raises on some inputs; that is a miss
        return None
    if not found:
        return None
    return found[0][1].strftime("%Y-%m-%d")[:precision]


def score(items) -> list[list[object]]:
    counts = {name: [0, 0, 0] for name in ("kibaru find_dates", "dateparser.search", "kibaru, else dateparser")}
    for text, published, gold in items:
        mine = kibaru_first(text, published)
        theirs = dateparser_first(text, published, len(gold))
        combined = mine if mine is not None else theirs
        for name, answer in (("kibaru find_dates", mine), ("dateparser.search", theirs),
                             ("kibaru, else dateparser", combined)):
            right = answer is not None and answer[: len(gold)] == gold and len(answer) >= len(gold)
            counts[name][0 if right else 1 if answer is not None else 2] += 1
    return [[name, len(items), right, wrong, none, f"{right / len(items):.2f}"]
            for name, (right, wrong, none) in counts.items()]


def pipeline_rows() -> list[list[object]]:
    import kibaru

    rows, right = [], 0
    for text, published, gold in dispatches():
        events = kibaru.analyze(text, published=published).events
        got = events[0]["date"] if events else None
        right += got == gold
        rows.append([text[:60] + "…", published, gold, got or "—", "yes" if got == gold else "NO"])
    rows.append(["**dated right**", "", "", "", f"**{right}/{len(rows)}**"])
    return rows


def main() -> None:
    headers = ["finder", "sentences", "right", "wrong", "none", "accuracy"]
    print("### Dispatches with a publication date (bench/data/dispatches.jsonl)\n")
    print(markdown_table(headers, score(dispatches())))
    gold = gold_sentences()
    if gold:
        print("\n### Gold train lead sentences with one event date (no publication date)\n")
        print(markdown_table(headers, score(gold)))
    print("\n### The whole pipeline on the dispatches (kibaru.analyze: the first event's date)\n")
    print(markdown_table(["dispatch", "published", "gold", "kibaru", "right"], pipeline_rows()))


if __name__ == "__main__":
    main()
