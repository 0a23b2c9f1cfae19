"""``article_year``: the year an article is most plausibly about."""

from __future__ import annotations

import re
from collections import Counter

from .finder import find_dates
from .records import DAY, MONTH

# An explicit year is only a plausible article year inside this range.
ARTICLE_YEAR_MIN = 1900
ARTICLE_YEAR_MAX = 2100
# A full date ("le 15 juin 2021") says more about when an article happens than
# a bare year ("depuis 2014"), which is often background.
WEIGHT = {DAY: 3, MONTH: 2}
BARE_YEAR_WEIGHT = 1
# Only the text around a written year can state one: date expressions are read
# in these windows instead of the whole article (the full finder over a long
# article is the costliest part of coding it).
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
WINDOW = 60


def article_year(text: str) -> int | None:
    """The most weighted explicit year of the text's dates, latest on a tie; None if none.

    Only years the text states count (no publication date is used); weights
    favour full dates over bare years. Pass the result as ``context_year``.
    """
    votes: Counter[int] = Counter()
    for mention in (m for window in _windows(text) for m in find_dates(window)):
        if mention.value is None or mention.relative or mention.habitual:
            continue
        year = int(mention.value[:4])
        if ARTICLE_YEAR_MIN <= year <= ARTICLE_YEAR_MAX:
            votes[year] += WEIGHT.get(mention.precision or "", BARE_YEAR_WEIGHT)
    if not votes:
        return None
    return max(votes, key=lambda y: (votes[y], y))


def _windows(text: str) -> list[str]:
    """Stretches of text around each written year, overlapping ones merged."""
    spans: list[list[int]] = []
    for match in _YEAR.finditer(text):
        start, end = max(0, match.start() - WINDOW), min(len(text), match.end() + WINDOW)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    # cut at word boundaries so no window starts or ends inside a word
    out = []
    for start, end in spans:
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        out.append(text[start:end])
    return out
