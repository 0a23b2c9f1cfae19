"""The French calendar vocabulary, read once from ``data/french_dates.yaml``.

The YAML file is the only place where spellings live (month abbreviations,
weekday names, relative adverbs, cue words); :mod:`kibaru.dates.patterns`
compiles its regular expressions from the :class:`DateLexicon` built here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).parent / "data" / "french_dates.yaml"


@dataclass(frozen=True, slots=True)
class DateLexicon:
    months: dict[str, int]  # spelling (lower case, no final dot) -> 1..12
    month_names: tuple[str, ...]  # full names only: a bare month ("en mai") must be one
    weekdays: dict[str, int]  # spelling -> ISO weekday, Monday = 0
    day_adverbs: dict[str, int]  # "hier" -> -1
    this_part: dict[str, int]  # "ce matin" -> 0
    anaphoric_days: tuple[str, ...]
    day_parts: tuple[str, ...]
    past_words: tuple[str, ...]
    future_words: tuple[str, ...]
    anaphoric_words: tuple[str, ...]
    units: dict[str, str]  # spelling -> "day" | "week" | "month" | "year"
    number_words: dict[str, int]
    vague_numbers: tuple[str, ...]
    approximations: tuple[str, ...]
    period_prefixes: tuple[str, ...]
    month_cues: tuple[str, ...]
    year_cues: tuple[str, ...]
    plural_function_words: frozenset[str]
    count_units: frozenset[str]
    seasons: tuple[str, ...]
    habitual_prefixes: tuple[str, ...]

    def months_spellings(self) -> list[str]:
        """Every month spelling; abbreviations keep their optional final dot."""
        return [w + "." if w not in self.month_names else w for w in self.months]

    def month_number(self, spelling: str) -> int:
        return self.months[key(spelling)]

    def weekday_number(self, spelling: str) -> int:
        word = key(spelling)
        return self.weekdays[word[:-1] if word.endswith("s") and word not in self.weekdays else word]

    def number(self, spelling: str) -> int | None:
        """The value of "3" or "trois"; None for vague or unknown quantities."""
        word = key(spelling)
        return int(word) if word.isdigit() else self.number_words.get(word)


_HYPHENS = str.maketrans({"-": " ", "‐": " ", "‑": " ", "’": "'"})


def key(spelling: str) -> str:
    """The lookup form of a spelling: lower case, ' for ’, hyphens as spaces, no final dot."""
    return " ".join(spelling.lower().translate(_HYPHENS).rstrip(".").split())


def _spellings(table: dict[Any, list[str]]) -> dict[str, int]:
    return {key(word): int(number) for number, words in table.items() for word in words}


@lru_cache(maxsize=1)
def date_lexicon() -> DateLexicon:
    raw = yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return DateLexicon(
        months=_spellings(raw["months"]),
        month_names=tuple(w for words in raw["months"].values() for w in words if not w.endswith(".")),
        weekdays=_spellings(raw["weekdays"]),
        day_adverbs={key(k): int(v) for k, v in raw["day_adverbs"].items()},
        this_part={key(k): int(v) for k, v in raw["this_part"].items()},
        anaphoric_days=tuple(raw["anaphoric_days"]),
        day_parts=tuple(raw["day_parts"]),
        past_words=tuple(raw["past_words"]),
        future_words=tuple(raw["future_words"]),
        anaphoric_words=tuple(raw["anaphoric_words"]),
        units={key(word): unit for unit, words in raw["units"].items() for word in words},
        number_words={key(k): int(v) for k, v in raw["number_words"].items()},
        vague_numbers=tuple(raw["vague_numbers"]),
        approximations=tuple(raw["approximations"]),
        period_prefixes=tuple(raw["period_prefixes"]),
        month_cues=tuple(raw["month_cues"]),
        year_cues=tuple(raw["year_cues"]),
        plural_function_words=frozenset(raw["plural_function_words"]),
        count_units=frozenset(key(u) for u in raw["count_units"]),
        seasons=tuple(raw["seasons"]),
        habitual_prefixes=tuple(raw["habitual_prefixes"]),
    )
