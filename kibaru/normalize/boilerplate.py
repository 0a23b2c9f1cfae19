"""Drop page furniture ("Lire aussi", share buttons, cookie banners) from bodies.

The patterns are data (``data/boilerplate.txt``) so that a newsroom can add the
furniture of the sites it scrapes without touching code. Only whole lines are
removed: a "Lire aussi" inside a paragraph may run into real text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..doc import Repair

DATA = Path(__file__).parent / "data" / "boilerplate.txt"
# Boilerplate lines are short; a long line that happens to start with
# "Partager" is a paragraph.
MAX_LINE_CHARS = 300


@lru_cache(maxsize=1)
def boilerplate_pattern() -> re.Pattern[str]:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


# Publishers' inline self-promotion, left in a paragraph when the link it
# introduced was dropped: "A ne pas manquer sur BBC Afrique :", "A lire aussi sur
# BBC Afrique :", "Articles recommandés :". Only the phrase goes, not what follows.
INLINE = re.compile(
    r"(?:(?<=^)|(?<=[\s.!?»\"]))(?:[AÀ] (?:ne pas (?:manquer|rater)|(?:surtout )?lire(?: aussi)?|voir aussi)"
    r"(?: sur [A-Z][\w'’ -]{1,30}?)?|Articles recommandés|Vous pourriez aussi être intéressés par)\s*:\s*"
)


def strip_boilerplate(text: str) -> tuple[str, list[Repair]]:
    text, inline = _strip_inline(text)
    kept, repairs = _strip_lines(text)
    return kept, inline + repairs


def _strip_inline(text: str) -> tuple[str, list[Repair]]:
    repairs = [Repair("boilerplate", m.group().strip(), "") for m in INLINE.finditer(text)]
    return (INLINE.sub("", text), repairs) if repairs else (text, [])


def _strip_lines(text: str) -> tuple[str, list[Repair]]:
    pattern = boilerplate_pattern()
    kept: list[str] = []
    repairs: list[Repair] = []
    for line in text.split("\n"):
        if len(line) <= MAX_LINE_CHARS and pattern.fullmatch(line.strip()):
            repairs.append(Repair("boilerplate", line, ""))
        else:
            kept.append(line)
    if not repairs:
        return text, []
    return "\n".join(kept), repairs


def drop_repeated_title(title: str | None, text: str) -> tuple[str, list[Repair]]:
    """HTML extraction often keeps the <h1> as the body's first line."""
    first, _, rest = text.partition("\n")
    if title and rest and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest, [Repair("boilerplate", first, "")]
    return text, []
