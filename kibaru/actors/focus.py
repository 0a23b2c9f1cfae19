"""The country an article is about: the default for actors it leaves unplaced."""

from __future__ import annotations

from typing import Sequence

from .anchors import looks_like_name
from .fold import fold
from .lexicon import ActorLexicon


def focus_country(lexicon: ActorLexicon, title_words: Sequence[str], text_words: Sequence[str]) -> str | None:
    """The country an article is mostly about: most cited in the title (x3) and
    the first paragraphs. Words are token texts (the parser's own tokens), written
    as in the text: a name must look like one (``looks_like_name``)."""
    counts: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    for weight, tokens in ((3.0, title_words), (1.0, text_words)):
        words = [fold(t) for t in tokens]
        for match in lexicon.match(words):
            country = match.entry.country
            if not looks_like_name(tokens, match.start, match.end, match.entry):
                continue  # "qu'un communiqué vienne démentir": a verb, not Vienna
            if country and not country.startswith("IGO") and match.entry.kind in ("country", "capital", "demonym", "leader"):
                counts[country] = counts.get(country, 0.0) + weight
                first_seen.setdefault(country, len(first_seen))
    if not counts:
        return None
    return max(counts, key=lambda c: (counts[c], -first_seen[c]))
