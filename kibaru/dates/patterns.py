"""Regular expressions compiled from the vocabulary in ``data/french_dates.yaml``.

Every pattern has a group ``m`` whose span is the mention: introducing
prepositions ("en 1944", "depuis mai") stay outside it, articles and words that
carry meaning ("le mardi 15 juin", "il y a deux jours", "du 12 au 15 juin")
are inside. All patterns are case-insensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .lexicon import DateLexicon, date_lexicon

FLAGS = re.IGNORECASE
L = r"(?<![\w])"  # word start
R = r"(?![\w])"  # word end
APOS = "['’]"
# Day of month: "1er", "1ᵉʳ", "premier", 1..31, not part of a longer number.
DAY = r"(?<![\w.,/])(?:1\s?er|1ᵉʳ|1re|premier|[12]\d|3[01]|0?[1-9])(?![\d\w])"
# Four-digit year, not part of a longer number or of "1 500" / "2,5".
YEAR = r"(?<![\d.,])(?:1\d{3}|2[01]\d{2})(?![\d]|[.,]\d|\s\d{3}(?!\d))"


def alt(words: Iterable[str]) -> str:
    """A non-capturing alternation of spellings, longest first.

    Apostrophes match ' or ’, a space or a hyphen any run of spaces and
    hyphens, and a final "." (abbreviation) is optional.
    """
    forms = sorted({_form(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(forms) + ")"


def _form(word: str) -> str:
    word = word.lower()
    dot = word.endswith(".") and len(word) > 1
    pieces = []
    for ch in word.rstrip(".") if dot else word:
        if ch in "'’":
            pieces.append(APOS)
        elif ch in " -":
            pieces.append(r"[-‐‑\s]+")
        else:
            pieces.append(re.escape(ch))
    return "".join(pieces) + (r"\.?" if dot else "")


def cue_before(words: Iterable[str]) -> re.Pattern[str]:
    """Matches when a text *ends* with one of ``words`` (a cue for what follows)."""
    words = list(words)
    elided = [w for w in words if w[-1] in "'’"]
    plain = [w for w in words if w[-1] not in "'’"]
    parts = [L + alt(plain) + r"[\s-]+$", r"\(\s*$"]
    if elided:
        parts.append(L + alt(elided) + "$")
    return re.compile("|".join(parts), FLAGS)


@dataclass(frozen=True, slots=True)
class Patterns:
    range_dm: re.Pattern[str]  # "du 12 au 15 juin 2021", "la nuit du 14 au 15 juin"
    day_month: re.Pattern[str]  # "le mardi 15 juin 2021", "chaque 1er décembre", "le 19 septembre dernier"
    weekday_day: re.Pattern[str]  # "le vendredi 15" (month left implicit)
    numeric: re.Pattern[str]  # "15/06/2021", "15.06.2021", "2021-06-15"
    range_month: re.Pattern[str]  # "de janvier à mars 2021"
    month: re.Pattern[str]  # "juin 2021", "en mai", "début juillet", "mi-août 2022", "avril dernier"
    range_year: re.Pattern[str]  # "entre 2014 et 2020", "2014-2020"
    year_word: re.Pattern[str]  # "l'année 2020", "fin 2020", "l'été 2021"
    decade: re.Pattern[str]  # "les années 1990": no single year
    year: re.Pattern[str]  # bare "1944" (a cue before it is checked by the handler)
    night: re.Pattern[str]  # "la nuit de samedi à dimanche", "la nuit de jeudi"
    weekday: re.Pattern[str]  # "mardi", "lundi dernier", "dimanche soir", "tous les lundis"
    adverb: re.Pattern[str]  # "hier", "avant-hier soir", "aujourd'hui", "ce matin", "la veille"
    period: re.Pattern[str]  # "la semaine dernière", "ce mois-ci", "l'an dernier", "ce week-end"
    vague: re.Pattern[str]  # "ces derniers jours", "ces dernières années"
    habitual: re.Pattern[str]  # "chaque année", "tous les mois"
    shift: re.Pattern[str]  # "il y a deux semaines", "dans trois jours", "d'ici deux ans"
    gate: dict[str, str]  # token -> "month" | "weekday" | "word": which rules a text needs
    month_cue: re.Pattern[str]
    year_cue: re.Pattern[str]
    next_word: re.Pattern[str]


# Time words the relative rules are built on but that are not in a lexicon list.
EXTRA_TIME_WORDS = ("temps", "week-end", "weekend")


def time_words(lex: DateLexicon) -> list[str]:
    """Every word a relative rule needs one of (its feature gate)."""
    return [*lex.day_adverbs, *lex.this_part, *lex.anaphoric_days, *lex.units, *lex.day_parts, *EXTRA_TIME_WORDS]


def gate_tokens(lex: DateLexicon) -> dict[str, str]:
    """The word that must occur for each family of rules to have a chance.

    A phrase is keyed by its last word ("la veille" → "veille", "avant-hier" →
    "hier"): looking up a text's words in this table is much cheaper than
    running every pattern on every sentence.
    """
    gate = {_last_token(w): "word" for w in time_words(lex)}
    gate.update({_last_token(w): "month" for w in lex.months})
    gate.update({_last_token(w): "weekday" for w in lex.weekdays})
    gate.update({word + "s": feature for word, feature in gate.items() if not word.endswith("s")})  # "lundis"
    return gate


def _last_token(phrase: str) -> str:
    return TOKEN.findall(phrase.lower())[-1]


TOKEN = re.compile(r"[^\W\d_]+")  # words, for the gate (apostrophes and hyphens split them)
DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def compiled() -> Patterns:
    return build(date_lexicon())


def build(lex: DateLexicon) -> Patterns:
    month = L + alt(lex.months_spellings()) + R
    month_name = L + alt(lex.month_names) + R
    weekday = L + alt(lex.weekdays) + R
    weekdays = L + alt(lex.weekdays) + "s?" + R
    past, future, anaph = alt(lex.past_words), alt(lex.future_words), alt(lex.anaphoric_words)
    qualifier = rf"(?P<q>{past}|{future}|{anaph}){R}"
    year_qualifier = (
        rf"de\s+(?:l{APOS}ann[ée]e|l{APOS}an)\s+(?:{past}|{future}|{anaph})|de\s+cette\s+ann[ée]e"
        rf"|de\s+la\s+m[êe]me\s+ann[ée]e"
    )
    tail = rf"(?:\s+(?P<y>{YEAR})|\s+(?P<yq>{year_qualifier})|\s+{qualifier})?"
    night = r"(?:la\s+)?nuit\s+d[eu]\s+"
    prefix = alt(lex.period_prefixes)
    every = alt(lex.habitual_prefixes)
    part = alt(lex.day_parts)
    number = rf"\d+|{alt(lex.number_words)}{R}"
    unit = alt(lex.units) + R

    def day_month(n: str) -> str:
        return rf"(?:{weekday}\s+)?(?P<d{n}>{DAY})\s*(?P<mo{n}>{month})"

    def c(pattern: str) -> re.Pattern[str]:
        # Every mention starts a word: testing that first makes the scan ~2x faster.
        return re.compile(L + pattern, FLAGS)

    return Patterns(
        range_dm=c(
            rf"(?P<m>(?:(?:la\s+)?nuit\s+)?(?:du|entre\s+le|les|de)\s+(?:{weekday}\s+)?(?P<d1>{DAY})"
            rf"(?:\s*(?P<mo1>{month}))?(?:\s*,?\s*(?P<y1>{YEAR}))?\s*(?:au|à|et(?:\s+le)?|-|–)\s*"
            rf"{day_month('2')}{tail})"
        ),
        day_month=c(
            rf"(?P<m>(?:(?P<hab>{every})\s+)?(?:{night})?(?:(?:le|ce)\s+)?{day_month('')}{tail})"
        ),
        weekday_day=c(rf"(?P<m>{L}(?:le|ce)\s+(?P<w>{weekday})\s+(?P<d>{DAY}))(?!\s*(?:h\b|heures?|:|\d))"),
        numeric=c(
            r"(?<![\w/.-])(?P<m>(?P<d>\d{1,2})(?P<sep>[/.-])(?P<mo>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
            r"|(?P<iy>\d{4})-(?P<imo>\d{2})-(?P<id>\d{2}))(?![\w/]|[.-]\d)"
        ),
        range_month=c(
            rf"(?P<m>{L}(?:de|d{APOS}|entre)\s*(?P<mo1>{month_name})\s*(?:à|au|et|-)\s*"
            rf"(?P<mo2>{month_name})(?:\s+(?P<y>{YEAR}))?)"
        ),
        month=c(
            rf"(?P<m>(?:(?P<hab>{every})\s+(?:mois\s+d(?:e\s+|{APOS}))?)?"
            rf"(?:(?P<pre>{L}{prefix})(?:\s*[-‐‑]\s*|\s+|(?<=['’])))?(?P<mo>{month})"
            rf"(?:\s+(?P<y>{YEAR})|\s+(?P<yq>{year_qualifier})|\s+(?P<q>{past}|{future}){R})?)"
        ),
        range_year=c(
            rf"(?P<m>(?:{L}(?:entre|de|depuis)\s+)?(?P<y1>{YEAR})\s*(?:et|à|au|jusqu{APOS}en|-|–)\s*(?P<y2>{YEAR}))"
        ),
        year_word=c(
            rf"(?P<m>{L}(?:(?:l{APOS})?(?:ann[ée]e|an)|(?:au\s+|à\s+l{APOS}|l{APOS}|en\s+)?"
            rf"{alt(lex.seasons)}(?:\s+de\s+l{APOS}ann[ée]e)?|{prefix})\s*[-‐‑]?\s*(?P<y>{YEAR}))"
        ),
        decade=c(
            rf"(?P<m>{L}(?:les\s+|des\s+|aux\s+)?ann[ée]es\s+(?:19|20)?\d0s?"
            rf"(?:\s*(?:et|à|-)\s*(?:(?:les\s+)?ann[ée]es\s+)?(?:19|20)?\d0s?)?){R}"
        ),
        year=c(rf"(?P<m>(?P<y>{YEAR}))"),
        night=c(
            rf"(?P<m>{L}{night}(?P<w1>{weekday})(?:\s+(?:au|à)\s+(?P<w2>{weekday}))?(?:\s+(?P<q>{past}|{future}){R})?)"
        ),
        weekday=c(
            rf"(?P<m>(?:{L}(?P<hab>{every}|les)\s+|{L}(?P<det>le|ce)\s+)?(?P<w>{weekdays})"
            rf"(?:\s+{qualifier})?(?:\s+(?:au\s+)?(?P<part>{part}){R})?)"
        ),
        adverb=c(
            rf"(?P<m>{L}(?P<ana>{alt(lex.anaphoric_days)}){R}|{L}(?P<this>{alt(lex.this_part)}){R}"
            rf"|{L}(?P<adv>{alt(lex.day_adverbs)}){R}(?:\s+(?:au\s+)?(?P<part>{part}){R})?)"
        ),
        period=c(
            rf"(?P<m>{L}(?P<det>la|le|l{APOS}|cette|ce|cet)\s*(?P<unit>semaine|mois|ann[ée]e|an|week[-\s]?end)"
            rf"(?P<ci>-ci)?(?:\s+{qualifier})?){R}"
        ),
        vague=c(
            rf"(?P<m>{L}ces\s+(?:{past}s?|{future}s?)\s+(?:jours|semaines|mois|ann[ée]es|temps|décennies))"
            rf"{R}"
        ),
        habitual=c(
            rf"(?P<m>{L}{every}\s+(?:ann[ée]es?|ans|mois|semaines?|jours?|"
            rf"matins?|soirs?|nuits?|week[-\s]?ends?)){R}"
        ),
        shift=c(
            rf"(?P<m>{L}(?P<dir>il\s+y\s+a|voici|voilà|cela\s+fait|ça\s+fait|dans|d{APOS}ici)\s+"
            rf"(?:(?P<approx>{alt(lex.approximations)})\s+)?(?P<n>{number}|{alt(lex.vague_numbers)})\s*"
            rf"(?P<unit>{unit}))"
        ),
        gate=gate_tokens(lex),
        month_cue=cue_before(lex.month_cues),
        year_cue=cue_before(lex.year_cues),
        next_word=re.compile(r"\s*([^\s,;:.!?()«»\"]+)"),
    )
