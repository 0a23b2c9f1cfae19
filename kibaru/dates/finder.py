"""``find_dates``: every rule's pattern is run, then the longest readings win.

A rule is a compiled pattern (:mod:`kibaru.dates.patterns`) and a handler
(:mod:`kibaru.dates.explicit`, :mod:`kibaru.dates.relative`) that reads a match
or rejects it. Accepted matches become candidates; overlapping candidates are
settled longest first (so "le mardi 15 juin 2021" beats "mardi" and "juin
2021"), ties by the order of :data:`RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from . import explicit, relative
from .context import Context, Reading
from .lexicon import date_lexicon
from .patterns import DIGIT, TOKEN, Patterns, compiled
from .records import DateMention
from .resolve import TENSES, Anchor

Handler = Callable[[re.Match[str], Context], Reading | None]

# (pattern attribute of Patterns, feature it needs, handler); earlier wins a tie
# of equal length. A rule only runs on a text where ``gate_features`` finds
# its feature (a digit, a month, a weekday, a time word): most sentences skip
# most rules.
RULES: tuple[tuple[str, str, Handler], ...] = (
    ("range_dm", "month", explicit.range_dm),
    ("day_month", "month", explicit.day_month),
    ("numeric", "digit", explicit.numeric),
    ("range_month", "month", explicit.range_month),
    ("month", "month", explicit.month),
    ("range_year", "digit", explicit.range_year),
    ("year_word", "digit", explicit.year_word),
    ("decade", "digit", explicit.decade),
    ("year", "digit", explicit.year),
    ("night", "weekday", relative.night),
    ("weekday_day", "weekday", relative.weekday_day),
    ("weekday", "weekday", relative.weekday),
    ("adverb", "word", relative.adverb),
    ("period", "word", relative.period),
    ("vague", "word", relative.vague),
    ("habitual", "word", relative.habitual),
    ("shift", "word", relative.shift),
)


def find_dates(
    text: str,
    published: str | date | None = None,
    context_year: int | None = None,
    tense: str | None = None,
) -> list[DateMention]:
    """Date expressions in ``text``, in order, each with its normalised value.

    ``published`` (ISO string or date) anchors relative expressions; an
    unreadable string counts as unknown. ``context_year`` (see
    :func:`article_year`) gives a year to a day and month without one when the
    publication date is unknown. ``tense`` ("past" | "future" | None) is the
    sentence's tense: it decides whether "mardi" is the last or the next one.
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES}, got {tense!r}")
    pats = compiled()
    features = gate_features(text, pats)
    if not features:
        return []
    anchor = Anchor(as_date(published), context_year, tense)
    ctx = Context(text, anchor, date_lexicon(), pats)
    return [_mention(text, start, end, reading) for start, end, reading in _select(_candidates(ctx, features))]


def gate_features(text: str, pats: Patterns) -> set[str]:
    """Which rule families can match ``text``: "digit", "month", "weekday", "word"."""
    gate = pats.gate
    found = {gate[token] for token in gate.keys() & set(TOKEN.findall(text.lower()))}
    if DIGIT.search(text):
        found.add("digit")
    return found


def as_date(published: str | date | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date) or published is None:
        return published
    try:
        return date.fromisoformat(str(published).strip()[:10])
    except ValueError:
        return None


def _candidates(ctx: Context, features: set[str]) -> list[tuple[int, int, int, Reading]]:
    found = []
    for rank, (name, feature, handler) in enumerate(RULES):
        if feature not in features:
            continue
        for match in getattr(ctx.pats, name).finditer(ctx.text):
            start, end = match.span("m")
            if start == end:
                continue
            reading = handler(match, ctx)
            if reading is not None:
                found.append((start, end, rank, reading))
    return found


def _select(candidates: list[tuple[int, int, int, Reading]]) -> list[tuple[int, int, Reading]]:
    """Longest first, then rule order; drop whatever overlaps a kept candidate."""
    kept: list[tuple[int, int, Reading]] = []
    for start, end, _, reading in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, reading))
    return sorted(kept, key=lambda k: k[0])


def _mention(text: str, start: int, end: int, reading: Reading) -> DateMention:
    return DateMention(
        start=start,
        end=end,
        text=text[start:end],
        value=reading.value,
        precision=reading.precision,
        relative=reading.relative,
        habitual=reading.habitual,
    )
