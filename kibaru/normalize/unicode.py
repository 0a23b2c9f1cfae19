"""Unicode repair and whitespace normalisation.

* mojibake (``Ã©`` for ``é``, ``â€™`` for ``’``) is undone with ftfy, keeping
  typographic quotes and apostrophes as they are;
* every kind of space (no-break, narrow no-break, thin …) becomes a space, runs
  of spaces collapse, zero-width characters, soft hyphens and control
  characters go; paragraphs are separated by one line break.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from ..doc import Repair

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
# ftfy recognises mojibake by these byte-pattern artefacts; checking first
# keeps the common clean case free of its cost.
_MOJIBAKE_HINT = re.compile("[ÃÂâÅÐÑ][\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]|&#?\\w+;")
# Do not list more than this many changed words per article: a file decoded
# with the wrong encoding changes every accented word.
MAX_RECORDED = 50


def fix_unicode(text: str) -> tuple[str, list[Repair]]:
    """Undo mojibake and HTML entities; NFC-normalise."""
    fixed = unicodedata.normalize("NFC", text)
    if _MOJIBAKE_HINT.search(fixed):
        import ftfy

        fixed = ftfy.fix_text(
            fixed,
            uncurl_quotes=False,         # typographic quotes are the press's own
            fix_character_width=False,   # leave full-width forms alone
            fix_line_breaks=False,       # done below, with the rest of the whitespace
            normalization="NFC",
        )
    if fixed == text:
        return text, []
    return fixed, word_changes(text, fixed, kind="mojibake")


def normalize_whitespace(text: str) -> str:
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROLS.sub(" ", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def word_changes(before: str, after: str, kind: str) -> list[Repair]:
    """The changed words between two versions of a text, as Repairs."""
    a, b = before.split(), after.split()
    repairs: list[Repair] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if len(repairs) >= MAX_RECORDED:
            break
        repairs.append(Repair(kind, " ".join(a[i1:i2]), " ".join(b[j1:j2])))
    if not repairs and before != after:
        repairs.append(Repair("unicode", "(normalisation form)", "NFC"))
    return repairs
