"""Calendar arithmetic: turning parsed pieces into a value and a precision.

Conventions (also in the package docstring):

* A day and month without a year take the year that puts them closest *before*
  the publication date ("le 25 décembre" in an article of 2020-01-10 is
  2019-12-25), or *after* it when the tense is future or the day is at most
  ``FUTURE_WINDOW_DAYS`` ahead; without a publication date, ``context_year``
  (the year of the scene the caller's paragraph has set), except with
  "dernier"/"prochain", which count from the unknown publication day.
* A weekday alone is the most recent such day on or before publication (news
  reports past events), or the next one on or after it when the tense is future;
  "dernier" / "prochain" make it strictly before / after.
* A night ("la nuit de samedi à dimanche") is dated by the day it starts.
* A span that is neither a day nor a whole month or year ("la semaine
  dernière", "ce week-end", "il y a deux semaines") resolves to the smallest
  calendar unit that holds it: the month when the week lies inside one month,
  else the year, else None. A week is never reported as a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .records import DAY, MONTH, YEAR

# A year-less "le 23 décembre" at most this many days after publication is read
# as upcoming (announcements: "le scrutin prévu le 23 décembre"); further ahead,
# the past occurrence is likelier ("Le 5 avril" in a December article).
FUTURE_WINDOW_DAYS = 60
# Same for a bare month ("en juillet" in a June article is next month).
FUTURE_WINDOW_MONTHS = 2

Resolved = tuple[str | None, str | None]
UNRESOLVED: Resolved = (None, None)

PAST, FUTURE = "past", "future"  # qualifier of an expression or tense of a sentence
TENSES = (PAST, FUTURE, None)


@dataclass(frozen=True, slots=True)
class Anchor:
    """What relative expressions are resolved against."""

    published: date | None
    context_year: int | None
    tense: str | None  # "past" | "future" | None

    def direction(self, qualifier: str | None) -> str:
        """"past"/"future" from a word ("dernier") or else the sentence's tense."""
        return qualifier or (FUTURE if self.tense == FUTURE else PAST)


def as_day(d: date) -> Resolved:
    return d.isoformat(), DAY


def as_month(y: int, m: int) -> Resolved:
    return f"{y:04d}-{m:02d}", MONTH


def as_year(y: int) -> Resolved:
    return f"{y:04d}", YEAR


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def span(first: date, last: date) -> Resolved:
    """The smallest calendar unit holding the days ``first``..``last``."""
    if first == last:
        return as_day(first)
    if (first.year, first.month) == (last.year, last.month):
        return as_month(first.year, first.month)
    if first.year == last.year:
        return as_year(first.year)
    return UNRESOLVED


def shift_month(y: int, m: int, n: int) -> tuple[int, int]:
    index = y * 12 + (m - 1) + n
    return index // 12, index % 12 + 1


def week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def nearest_weekday(pub: date, weekday: int, direction: str, strict: bool) -> date:
    """The ``weekday`` on/before (past) or on/after (future) ``pub``."""
    if direction == FUTURE:
        delta = (weekday - pub.weekday()) % 7 or (7 if strict else 0)
        return pub + timedelta(days=delta)
    delta = (pub.weekday() - weekday) % 7 or (7 if strict else 0)
    return pub - timedelta(days=delta)


def year_for_day(anchor: Anchor, month: int, day: int, qualifier: str | None) -> int | None:
    pub = anchor.published
    if pub is None:
        # "le 24 mai dernier" is last May as of a publication day nobody knows
        if qualifier is not None:
            return None
        return anchor.context_year if safe_date(anchor.context_year or 2000, month, day) else None
    options = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := safe_date(y, month, day))]
    before = [d for d in options if d < pub or (d == pub and qualifier is None)]
    after = [d for d in options if d > pub or (d == pub and qualifier is None)]
    if qualifier == PAST or (qualifier is None and anchor.tense == PAST):
        return before[-1].year if before else None
    if qualifier == FUTURE or anchor.tense == FUTURE:
        return after[0].year if after else None
    if after and (after[0] - pub).days <= FUTURE_WINDOW_DAYS:
        return after[0].year
    return before[-1].year if before else None


def year_for_month(anchor: Anchor, month: int, qualifier: str | None) -> int | None:
    pub = anchor.published
    if pub is None:
        return None if qualifier is not None else anchor.context_year
    ahead = (month - pub.month) % 12  # months from the publication month to the next `month`
    if qualifier == PAST or (qualifier is None and anchor.tense == PAST):
        back = (pub.month - month) % 12 or (12 if qualifier else 0)
        return shift_month(pub.year, pub.month, -back)[0]
    if qualifier == FUTURE or anchor.tense == FUTURE or ahead <= FUTURE_WINDOW_MONTHS:
        ahead = ahead or (12 if qualifier else 0)
        return shift_month(pub.year, pub.month, ahead)[0]
    return shift_month(pub.year, pub.month, -((pub.month - month) % 12))[0]


def offset(pub: date, n: int, unit: str) -> Resolved:
    """``pub`` moved by ``n`` units (negative = past): "il y a deux semaines"."""
    if unit == "day":
        return as_day(pub + timedelta(days=n))
    if unit == "week":
        return span(*week_of(pub + timedelta(days=7 * n)))
    if unit == "month":
        return as_month(*shift_month(pub.year, pub.month, n))
    return as_year(pub.year + n)


def weekend(pub: date, direction: str, strict: bool) -> Resolved:
    """"ce week-end" (strict=False) / "le week-end dernier|prochain" (strict=True)."""
    if direction == FUTURE:
        saturday = nearest_weekday(pub, 5, FUTURE, strict)
        if not strict and pub.weekday() == 6:
            saturday = pub - timedelta(days=1)
    else:
        sunday = nearest_weekday(pub, 6, PAST, strict)
        saturday = sunday - timedelta(days=1)
    return span(saturday, saturday + timedelta(days=1))
