"""Sentences glued together by a scraper: "… en Afrique du Sud.M. Bushiri …".

When a line break is lost, the next sentence starts right after the period. A
period between a lower-case word and a capitalised one, with no space, is put
back as ". " — except inside URLs, e-mail addresses and domain names.
"""

from __future__ import annotations

import re

from ..doc import Repair

_GLUED = re.compile(r"(?<![/@.\w])([^\W\d_]*[a-zà-ÿ]{2})([.!?])([A-ZÀ-Ý](?:[a-zà-ÿ]+|\.(?= )))")
_URLISH = re.compile(r"(?:https?://|www\.|@)\S*$")


def unglue_sentences(text: str) -> tuple[str, list[Repair]]:
    repairs: list[Repair] = []

    def fix(match: re.Match[str]) -> str:
        before = text[max(0, match.start() - 60) : match.start()].split()
        if before and _URLISH.search(before[-1]):
            return match.group()
        fixed = f"{match[1]}{match[2]} {match[3]}"
        repairs.append(Repair("spacing", match.group(), fixed))
        return fixed

    fixed = _GLUED.sub(fix, text)
    return fixed, repairs
