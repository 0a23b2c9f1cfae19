"""Sentence breaks that lost their full stop, found before the parse.

Scraped and re-typed press often loses the full stop between sentences
("… du 23 septembre 1986 C'était lors d'une cérémonie …"). spaCy's parser
then reads two sentences as one tree, and kibaru's sentence splitter (which
re-joins parser sentences that do not end in punctuation, because the parser
also cuts long sentences at names and dates) cannot tell the two cases apart.

A small learned model decides instead, for every word that starts with a
capital right after a word (not after punctuation), whether a sentence starts
there. It runs as a spaCy component between the morphologizer and the parser,
so it sees parts of speech and verb forms, and the parser then respects the
break (no dependency crosses it). Its decisions are kept in
``doc.user_data[BREAKS]`` so that the splitter does not re-join them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..models.linear import LinearModel

COMPONENT = "kibaru_breaks"
BREAKS = "kibaru_breaks"
# Punctuation after which a capital is ordinary (a quote, a list, a title).
CONTINUES = {",", ";", ":", "(", "«", "“", '"', "-", "–", "—", "'", "’", "/", "[", "&"}
FINAL = {".", "!", "?", "…"}
# A break is set when the model's probability exceeds this (cross-validated on
# the gold's sentence boundaries: 0.5 is balanced for F1).
THRESHOLD = 0.5


def candidates(doc: "Doc") -> list[int]:
    """Token indices where a sentence may start without punctuation before it."""
    out = []
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not (token.text[:1].isupper() or token.text[:1].isdigit()):
            continue
        if previous.is_space or "\n" in previous.whitespace_:
            continue  # a paragraph break is a break already
        if previous.text in CONTINUES or previous.text in FINAL or previous.is_punct and previous.text not in ("»", "”", ")"):
            continue
        out.append(token.i)
    return out


def features(doc: "Doc", i: int) -> dict[str, float]:
    token, previous = doc[i], doc[i - 1]
    f: dict[str, float] = {"bias": 1.0}
    for name, word in (("next", token), ("prev", previous)):
        f[f"{name}.pos={word.pos_}"] = 1.0
        f[f"{name}.shape={_shape(word)}"] = 1.0
        if len(word.text) <= 4 or word.pos_ in ("DET", "PRON", "ADP", "CCONJ", "SCONJ", "ADV", "AUX"):
            f[f"{name}.word={word.lower_}"] = 1.0
        for value in word.morph.get("VerbForm"):
            f[f"{name}.verbform={value}"] = 1.0
    if i + 1 < len(doc):
        after = doc[i + 1]
        f[f"next2.pos={after.pos_}"] = 1.0
        f[f"next.pos|next2.pos={token.pos_}|{after.pos_}"] = 1.0
    f[f"prev.pos|next.pos={previous.pos_}|{token.pos_}"] = 1.0
    left, right = _clause_before(doc, i), _clause_after(doc, i)
    f[f"left_finite={left[0]}"] = 1.0
    f[f"right_finite={right[0]}"] = 1.0
    f[f"left_len={_bucket(left[1])}"] = 1.0
    f[f"right_len={_bucket(right[1])}"] = 1.0
    return f


def _clause_before(doc: "Doc", i: int) -> tuple[bool, int]:
    """Is there a finite verb between the last hard stop and ``i``, and how many words."""
    finite, n = False, 0
    for token in reversed(doc[max(0, i - 60) : i]):
        if token.text in FINAL or "\n" in token.whitespace_:
            break
        n += 1
        finite = finite or _finite(token)
    return finite, n


def _clause_after(doc: "Doc", i: int) -> tuple[bool, int]:
    """Is there a finite verb in the next words, up to a hard stop."""
    finite, n = False, 0
    for token in doc[i : i + 25]:
        if token.text in FINAL or "\n" in token.whitespace_:
            break
        n += 1
        finite = finite or _finite(token)
    return finite, n


def _finite(token: "Token") -> bool:
    return token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm")


def _shape(token: "Token") -> str:
    text = token.text
    if text.isdigit():
        return "d"
    if text.isupper() and len(text) > 1:
        return "XX"
    if text[:1].isupper():
        return "Xx"
    if text.isalpha():
        return "x"
    return "p"


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "20+"


def predict(doc: "Doc", model: "LinearModel", threshold: float = THRESHOLD) -> list[int]:
    places = list(candidates(doc))
    if not places:
        return []
    p = model.proba_many([features(doc, i) for i in places])[:, -1]  # one call for the whole Doc
    return [i for i, p_break in zip(places, p) if p_break > threshold]


@Language.factory(COMPONENT)
def make_breaks(nlp: Language, name: str) -> "SentenceBreaks":
    return SentenceBreaks()


class SentenceBreaks:
    """The pipeline component; the model comes per call (``component_cfg``),
    so one loaded spaCy pipeline serves every kibaru model directory."""

    def __call__(self, doc: "Doc", model: "LinearModel | None" = None) -> "Doc":
        if model is None:
            return doc
        breaks = predict(doc, model)
        for i in breaks:
            doc[i].is_sent_start = True
        doc.user_data[BREAKS] = set(breaks)
        return doc

    def pipe(self, docs, model: "LinearModel | None" = None, batch_size: int = 0):
        for doc in docs:
            yield self(doc, model)
