"""What every rule handler gets, and what it gives back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import DateLexicon
from .patterns import Patterns
from .resolve import FUTURE, PAST, UNRESOLVED, Anchor, Resolved


@dataclass(frozen=True, slots=True)
class Reading:
    """A handler's verdict on one match: the value and how it was reached."""

    value: str | None
    precision: str | None
    relative: bool = False
    habitual: bool = False

    @classmethod
    def of(cls, resolved: Resolved, relative: bool = False) -> "Reading":
        return cls(resolved[0], resolved[1], relative, False)


UNRESOLVED_RELATIVE = Reading(None, None, relative=True)
HABITUAL = Reading(None, None, relative=False, habitual=True)
UNRESOLVED_EXPLICIT = Reading.of(UNRESOLVED)


@dataclass(frozen=True, slots=True)
class Context:
    text: str
    anchor: Anchor
    lex: DateLexicon
    pats: Patterns

    def qualifier(self, word: str | None) -> str | None:
        """"past" for "dernier", "future" for "prochain", else None."""
        if not word:
            return None
        word = word.lower()
        if word in self.lex.past_words:
            return PAST
        if word in self.lex.future_words:
            return FUTURE
        return None

    def is_anaphoric(self, word: str | None) -> bool:
        return bool(word) and word.lower() in self.lex.anaphoric_words

    def cued(self, cue: re.Pattern[str], start: int) -> bool:
        """Whether the text just before ``start`` ends with a cue word."""
        return cue.search(self.text, max(0, start - 30), start) is not None

    def next_word(self, end: int) -> str | None:
        found = self.pats.next_word.match(self.text, end)
        return found.group(1) if found else None

    def counted_noun_follows(self, end: int) -> bool:
        """"2000 soldats", "1500 km": the number before ``end`` counts something."""
        word = self.next_word(end)
        if word is None:
            return False
        low = word.lower()
        if low in self.lex.count_units or low.rstrip(".") in self.lex.count_units:
            return True
        return len(low) > 2 and low[-1] in "sx" and low not in self.lex.plural_function_words

    def number_sign_before(self, start: int) -> bool:
        """"n° 2021-06-15", "N°15/06/2021": an identifier, not a date."""
        return re.search(r"n[°o]\s*$", self.text[max(0, start - 5) : start], re.IGNORECASE) is not None
