"""Plain-text articles, as scraped press sites give them.

Layout (see the seed article)::

    Title line
    Tag-line - with - hyphen - separated - keywords      (optional)
    Body paragraph …
    Body paragraph …
    Aboubacar BERTHE                                     (optional byline)
    Source: le serment du Mali                           (optional outlet line)
"""

from __future__ import annotations

import re
from typing import Iterator

from ..doc import Article
from ..registry import readers
from ..settings import Settings
from .dates import to_iso_date
from .source import MAX_BYTES_PER_CHAR, Source, decode

SOURCE_LINE = re.compile(r"^\s*(?:source|sources)\s*:\s*(?P<value>.+?)\s*$", re.I)
DATE_LINE = re.compile(r"^\s*(?:date|publié le|publication)\s*:?\s*(?P<value>.+?)\s*$", re.I)
BYLINE_PREFIX = re.compile(r"^\s*(?:par|by|de notre envoyée? spéciale?,?)\s+", re.I)
# Particles allowed in lower case inside a person's name (Ould, ag, ben, de …).
NAME_PARTICLES = {"de", "du", "des", "da", "dos", "ben", "bin", "ibn", "ould", "ag", "el", "al", "van", "von", "le", "la"}
# A byline is a short line: a first name and one or two surnames, maybe with a
# particle. Longer lines are sentences.
MAX_BYLINE_WORDS = 6
# Tag lines are keyword lists; beyond this they are paragraphs.
MAX_TAG_LINE_CHARS = 400
MIN_TAGS = 3


@readers.register("text.v1", suffixes=(".txt",), description="plain-text article")
def read_text(source: Source, settings: Settings) -> Iterator[Article]:
    data = source.read_bytes(limit=settings.max_chars * MAX_BYTES_PER_CHAR, unit=MAX_BYTES_PER_CHAR)
    decoded = decode(data, source.name, kind="plain-text")
    article = parse_text_article(decoded.text, origin=source.name)
    article.repairs.extend(decoded.repairs)
    article.warnings.extend(decoded.warnings(source.name))
    yield article


def parse_text_article(text: str, origin: str | None = None) -> Article:
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    article = Article(origin=origin)
    if not lines:
        return article
    article.title = lines.pop(0)
    if lines and looks_like_tag_line(lines[0]):
        article.tags = split_tags(lines.pop(0))
    _take_trailer(lines, article)
    article.text = "\n".join(lines)
    return article


def looks_like_tag_line(line: str) -> bool:
    if len(line) > MAX_TAG_LINE_CHARS or line.rstrip()[-1:] in ".!?…»\"":
        return False
    return len(split_tags(line)) >= MIN_TAGS


def split_tags(line: str) -> list[str]:
    separator = "," if line.count(",") >= 2 else "-"
    if separator == "-":
        # "sit-in" or "Yèrèwolo-Ton" inside a tag must survive: split on spaced
        # hyphens when the line has them, on every hyphen otherwise.
        parts = re.split(r"\s+-\s+", line) if " - " in line else line.split("-")
    else:
        parts = line.split(",")
    return [part.strip() for part in parts if part.strip()]


def _take_trailer(lines: list[str], article: Article) -> None:
    """Pop the byline, source and date lines at the end of the body."""
    while len(lines) > 1:
        last = lines[-1]
        if article.outlet is None and (match := SOURCE_LINE.match(last)):
            article.outlet = match["value"]
        elif article.published is None and (match := DATE_LINE.match(last)) and to_iso_date(match["value"]):
            article.published = to_iso_date(match["value"])
        elif article.author is None and looks_like_byline(last):
            article.author = BYLINE_PREFIX.sub("", last).strip()
        else:
            return
        lines.pop()


def looks_like_byline(line: str) -> bool:
    name = BYLINE_PREFIX.sub("", line).strip()
    words = name.split()
    if not 2 <= len(words) <= MAX_BYLINE_WORDS or line[-1:] in ".!?:;»\"”":
        return False
    if any(ch.isdigit() for ch in name):
        return False
    capitalised = [w for w in words if w[0].isupper()]
    return all(w[0].isupper() or w.lower() in NAME_PARTICLES for w in words) and len(capitalised) >= 2
