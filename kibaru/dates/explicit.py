"""Handlers for expressions that name a calendar date: day, month, year.

Each handler takes a regex match (see :mod:`kibaru.dates.patterns`) and the
:class:`~kibaru.dates.context.Context`, and returns a :class:`Reading`, or None
when the match is not a date after all ("Mars" the planet, "2000 soldats").
A year-less day or month is resolved through :mod:`kibaru.dates.resolve`.
"""

from __future__ import annotations

import re

from .context import HABITUAL, UNRESOLVED_EXPLICIT, UNRESOLVED_RELATIVE, Context, Reading
from .resolve import as_day, as_month, as_year, safe_date, year_for_day, year_for_month

# A bare year ("depuis 2014") is only taken inside this range: older numbers
# after "en"/"de" are mostly counts ("de 1500 hommes"), later ones plans.
BARE_YEAR_MIN = 1800
BARE_YEAR_MAX = 2099
# "entre 2014 et 2020" spans years; "entre 1000 et 2000" is a count.
MAX_YEAR_RANGE = 100
# Two-digit years ("15/06/21"): up to this value they are 20xx, above 19xx.
TWO_DIGIT_YEAR_PIVOT = 50
SAME_YEAR = "même"  # "en septembre de la même année": the year of another date


def day_number(text: str) -> int:
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else 1  # "premier", "1er", "1ᵉʳ"


def year_from_qualifier(ctx: Context, phrase: str) -> int | None:
    """"de l'année dernière" / "de cette année" / "de l'an prochain"; None for
    "de la même année" / "de l'année suivante", which refer to another date."""
    pub = ctx.anchor.published
    words = phrase.lower().split()
    if pub is None or ctx.is_anaphoric(words[-1]) or SAME_YEAR in words:
        return None
    last = words[-1]
    return pub.year + {"past": -1, "future": 1}.get(ctx.qualifier(last) or "", 0)


def day_reading(ctx: Context, day: int, month: int, m: re.Match[str], suffix: str = "") -> Reading:
    """A day and month, with the year given, implied by a qualifier, or resolved."""
    year, yq, q = m.group("y" + suffix), m.group("yq"), m.group("q")
    if year:
        found = safe_date(int(year), month, day)
        return Reading.of(as_day(found)) if found else UNRESOLVED_EXPLICIT
    if yq:
        resolved_year = year_from_qualifier(ctx, yq)
    else:
        resolved_year = year_for_day(ctx.anchor, month, day, ctx.qualifier(q))
    found = safe_date(resolved_year, month, day) if resolved_year else None
    return Reading.of(as_day(found), relative=True) if found else UNRESOLVED_RELATIVE


def range_dm(m: re.Match[str], ctx: Context) -> Reading | None:
    """"du 12 au 15 juin 2021" → the first day (2021-06-12)."""
    first_month = ctx.lex.month_number(m.group("mo1") or m.group("mo2"))
    last_month = ctx.lex.month_number(m.group("mo2"))
    day = day_number(m.group("d1"))
    if m.group("y1"):
        return day_reading(ctx, day, first_month, m, suffix="1")
    if m.group("y") and first_month > last_month:  # "du 28 décembre au 3 janvier 2022"
        found = safe_date(int(m.group("y")) - 1, first_month, day)
        return Reading.of(as_day(found)) if found else UNRESOLVED_EXPLICIT
    return day_reading(ctx, day, first_month, m)


def day_month(m: re.Match[str], ctx: Context) -> Reading | None:
    if m.group("hab"):
        return HABITUAL
    return day_reading(ctx, day_number(m.group("d")), ctx.lex.month_number(m.group("mo")), m)


def numeric(m: re.Match[str], ctx: Context) -> Reading | None:
    if ctx.number_sign_before(m.start("m")):
        return None
    if m.group("iy"):
        found = safe_date(int(m.group("iy")), int(m.group("imo")), int(m.group("id")))
    else:
        year = int(m.group("y"))
        if year < 100:
            year += 2000 if year <= TWO_DIGIT_YEAR_PIVOT else 1900
        found = safe_date(year, int(m.group("mo")), int(m.group("d")))
    return Reading.of(as_day(found)) if found else None


def month_reading(ctx: Context, month: int, m: re.Match[str]) -> Reading:
    year, yq, q = m.group("y"), m.group("yq"), m.group("q")
    if year:
        return Reading.of(as_month(int(year), month))
    resolved = year_from_qualifier(ctx, yq) if yq else year_for_month(ctx.anchor, month, ctx.qualifier(q))
    return Reading.of(as_month(resolved, month), relative=True) if resolved else UNRESOLVED_RELATIVE


def month(m: re.Match[str], ctx: Context) -> Reading | None:
    """"juin 2021", "début juillet", "mi-août 2022", "avril dernier", "en mai"."""
    name = m.group("mo")
    bare = not (m.group("pre") or m.group("y") or m.group("yq") or m.group("q"))
    if bare and not _bare_month_ok(ctx, name, m.start("m")):
        return None
    if not m.group("y") and name.lower() not in ctx.lex.month_names:
        return None  # an abbreviation ("sept") is only read with its year
    if m.group("hab"):
        return HABITUAL
    return month_reading(ctx, ctx.lex.month_number(name), m)


def _bare_month_ok(ctx: Context, name: str, start: int) -> bool:
    # Month names are lower case in French: a capitalised one alone is a name ("Mars").
    return name[0].islower() and ctx.cued(ctx.pats.month_cue, start)


def range_month(m: re.Match[str], ctx: Context) -> Reading | None:
    """"de janvier à mars 2021" → the first month."""
    first, last = ctx.lex.month_number(m.group("mo1")), ctx.lex.month_number(m.group("mo2"))
    if m.group("y"):
        year = int(m.group("y")) - (1 if first > last else 0)
        return Reading.of(as_month(year, first))
    resolved = year_for_month(ctx.anchor, first, None)
    return Reading.of(as_month(resolved, first), relative=True) if resolved else UNRESOLVED_RELATIVE


def range_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """"entre 2014 et 2020" → 2014 (year)."""
    first, last = int(m.group("y1")), int(m.group("y2"))
    if not (BARE_YEAR_MIN <= first < last <= BARE_YEAR_MAX and last - first <= MAX_YEAR_RANGE):
        return None
    if ctx.counted_noun_follows(m.end("m")) or ctx.number_sign_before(m.start("m")):
        return None
    return Reading.of(as_year(first))


def year_word(m: re.Match[str], ctx: Context) -> Reading | None:
    """"l'année 2020", "fin 2020", "l'été 2021": the year."""
    return Reading.of(as_year(int(m.group("y"))))


def decade(m: re.Match[str], ctx: Context) -> Reading | None:
    """"les années 1990": found, but no single year."""
    return UNRESOLVED_EXPLICIT


def year(m: re.Match[str], ctx: Context) -> Reading | None:
    """A bare year after a cue ("en 1944", "depuis 2014", "de 2011")."""
    value = int(m.group("y"))
    if not BARE_YEAR_MIN <= value <= BARE_YEAR_MAX:
        return None
    if not ctx.cued(ctx.pats.year_cue, m.start("m")) or ctx.counted_noun_follows(m.end("m")):
        return None
    return Reading.of(as_year(value))
