"""Handlers for expressions that need the publication date.

"mardi", "lundi dernier", "dimanche soir", "la nuit de samedi à dimanche",
"hier", "ce matin", "la semaine dernière", "il y a deux semaines", "dans trois
jours". Without a publication date they are found with value None; the
conventions for weekdays, nights and weeks are in :mod:`kibaru.dates.resolve`.
"""

from __future__ import annotations

import re
from datetime import timedelta

from .lexicon import key
from .context import HABITUAL, UNRESOLVED_RELATIVE, Context, Reading
from .resolve import (
    FUTURE,
    PAST,
    as_day,
    as_month,
    as_year,
    nearest_weekday,
    offset,
    safe_date,
    shift_month,
    span,
    week_of,
    weekend,
)

UNIT_OF_PERIOD = {"semaine": "week", "mois": "month", "année": "year", "annee": "year", "an": "year"}
CALENDAR_UNITS = ("day", "week", "month", "year")  # "il y a trois décennies" has no value
BACKWARD_SHIFTS = ("il y a", "voici", "voilà", "cela fait", "ça fait")  # the others look ahead


def night(m: re.Match[str], ctx: Context) -> Reading | None:
    """"la nuit de samedi à dimanche" → Saturday, the day the night starts.

    In a past report the night must be over by publication, so its morning is
    the latest such day on or before publication, and the night began the day
    before; in a future one the evening is the next such day on or after it.
    """
    pub = ctx.anchor.published
    if pub is None:
        return UNRESOLVED_RELATIVE
    first = ctx.lex.weekday_number(m.group("w1"))
    qualifier = ctx.qualifier(m.group("q"))
    direction = ctx.anchor.direction(qualifier)
    if direction == FUTURE:
        return Reading.of(as_day(nearest_weekday(pub, first, FUTURE, qualifier is not None)), True)
    morning = nearest_weekday(pub, (first + 1) % 7, PAST, qualifier is not None)
    return Reading.of(as_day(morning - timedelta(days=1)), True)


def weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    """"mardi", "ce mardi", "lundi dernier", "mardi prochain", "dimanche soir"."""
    word = m.group("w")
    if _is_name(ctx, word, m.end("m")):
        return None
    plural = word.lower().endswith("s") and word.lower() not in ctx.lex.weekdays
    q = m.group("q")
    # "le lundi" (definite article, no date) and "les lundis" are habitual in French.
    if m.group("hab") or plural or (m.group("det") or "").lower() == "le" and not q:
        return HABITUAL
    pub = ctx.anchor.published
    if pub is None or ctx.is_anaphoric(q):
        return UNRESOLVED_RELATIVE
    qualifier = ctx.qualifier(q)
    found = nearest_weekday(pub, ctx.lex.weekday_number(word), ctx.anchor.direction(qualifier), qualifier is not None)
    return Reading.of(as_day(found), relative=True)


def _is_name(ctx: Context, word: str, end: int) -> bool:
    """"Samedi Torde Tanel": a capitalised weekday followed by a capitalised word."""
    if not word[0].isupper() or end >= len(ctx.text) or not ctx.text[end].isspace():
        return False
    following = ctx.next_word(end)
    if not following or not following[0].isupper():
        return False
    low = following.lower()
    return low not in ctx.lex.months and low not in ctx.lex.weekdays


def weekday_day(m: re.Match[str], ctx: Context) -> Reading | None:
    """"le vendredi 15": the 15th of a month near publication that is a Friday."""
    pub = ctx.anchor.published
    if pub is None:
        return UNRESOLVED_RELATIVE
    day = int(re.sub(r"\D", "", m.group("d")) or 1)
    wanted = ctx.lex.weekday_number(m.group("w"))
    options = [d for n in (-2, -1, 0, 1, 2) if (d := safe_date(*shift_month(pub.year, pub.month, n), day))]
    matching = [d for d in options if d.weekday() == wanted] or options
    if ctx.anchor.direction(None) == FUTURE:
        chosen = min((d for d in matching if d >= pub), default=None, key=lambda d: d - pub)
    else:
        chosen = min((d for d in matching if d <= pub), default=None, key=lambda d: pub - d)
    return Reading.of(as_day(chosen), relative=True) if chosen else UNRESOLVED_RELATIVE


def adverb(m: re.Match[str], ctx: Context) -> Reading | None:
    """"hier", "avant-hier soir", "aujourd'hui", "ce matin", "cette nuit"; "la veille" has no value."""
    pub = ctx.anchor.published
    if m.group("ana") or pub is None:
        return UNRESOLVED_RELATIVE
    if m.group("adv"):
        days = ctx.lex.day_adverbs[key(m.group("adv"))]
    else:
        days = ctx.lex.this_part[key(m.group("this"))]
        if days < 0 and ctx.anchor.tense == FUTURE:  # "cette nuit" ahead: tonight
            days = 0
    return Reading.of(as_day(pub + timedelta(days=days)), relative=True)


def period(m: re.Match[str], ctx: Context) -> Reading | None:
    """"la semaine dernière", "ce mois-ci", "l'an dernier", "cette année", "ce week-end"."""
    det, unit, q = m.group("det").lower(), m.group("unit").lower(), m.group("q")
    this = det in ("ce", "cette", "cet")
    if not (q or this) or (this and q):
        return None
    pub = ctx.anchor.published
    if pub is None or ctx.is_anaphoric(q):
        return UNRESOLVED_RELATIVE
    qualifier = ctx.qualifier(q)
    if unit.startswith("week"):
        return Reading.of(weekend(pub, ctx.anchor.direction(qualifier), qualifier is not None), True)
    step = {PAST: -1, FUTURE: 1}.get(qualifier or "", 0)
    kind = UNIT_OF_PERIOD[unit]
    if kind == "week":
        return Reading.of(span(*week_of(pub + timedelta(weeks=step))), True)
    if kind == "month":
        return Reading.of(as_month(*shift_month(pub.year, pub.month, step)), True)
    return Reading.of(as_year(pub.year + step), True)


def shift(m: re.Match[str], ctx: Context) -> Reading | None:
    """"il y a deux semaines", "dans trois jours", "d'ici deux ans"."""
    count = ctx.lex.number(m.group("n"))
    pub = ctx.anchor.published
    unit = ctx.lex.units[key(m.group("unit"))]
    if count is None or m.group("approx") or pub is None or unit not in CALENDAR_UNITS:
        return UNRESOLVED_RELATIVE
    backward = key(m.group("dir")) in BACKWARD_SHIFTS
    return Reading.of(offset(pub, -count if backward else count, unit), relative=True)


def vague(m: re.Match[str], ctx: Context) -> Reading | None:
    """"ces derniers jours": found so that no date is borrowed for it, never resolved."""
    return UNRESOLVED_RELATIVE


def habitual(m: re.Match[str], ctx: Context) -> Reading | None:
    return HABITUAL
