"""``article_year``: the year an article is most plausibly about."""

from __future__ import annotations

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


def article_year(text: str) -> int | None:
    """The most weighted explicit year of the text's dates, latest on a tie; None if none.

    Only years the text states count (no publication date is used); weights
    favour full dates over bare years. Pass the result as ``context_year``.
    """
    votes: Counter[int] = Counter()
    for mention in find_dates(text):
        if mention.value is None or mention.relative or mention.habitual:
            continue
        year = int(mention.value[:4])
        if ARTICLE_YEAR_MIN <= year <= ARTICLE_YEAR_MAX:
            votes[year] += WEIGHT.get(mention.precision or "", BARE_YEAR_WEIGHT)
    if not votes:
        return None
    return max(votes, key=lambda y: (votes[y], y))
