"""The typed record for one date expression found in a text."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

DAY = "day"  # value "YYYY-MM-DD"
MONTH = "month"  # value "YYYY-MM"
YEAR = "year"  # value "YYYY"
PRECISIONS = (DAY, MONTH, YEAR)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression with its offsets and, when it can be fixed, its value.

    ``text == source[start:end]``. ``value`` is ISO at the given ``precision``
    (``"2021-06-15"`` / ``"2021-06"`` / ``"2021"``) or None when the text does
    not fix a date (a relative expression without a publication date, a vague
    one such as "ces derniers jours", a habitual one). ``relative`` is True when
    the expression alone does not fix the date and needed an anchor (the
    publication date, or ``context_year`` for a day and month without year).
    ``habitual`` marks recurring times ("chaque 1er décembre", "tous les
    lundis"): they are not the date of an event and never have a value.
    """

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    relative: bool
    habitual: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DateMention":
        return cls(**data)
