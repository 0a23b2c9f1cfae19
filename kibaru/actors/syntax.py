"""Reading noun phrases off spaCy's dependency parse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .fold import fold

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .anchors import Anchor

# Dependency relations that stay inside a noun phrase.
NP_DEPS = {"det", "amod", "nmod", "case", "flat:name", "flat", "fixed", "compound",
           "appos", "nummod", "flat:foreign"}


def is_subject(token: "Token") -> bool:
    for _ in range(3):
        if token.dep_ in ("nsubj", "nsubj:pass"):
            return True
        if token.dep_ not in ("appos", "flat:name", "flat", "nmod", "conj") or token.head == token:
            return False
        token = token.head
    return False


def np_tokens(head: "Token") -> set[int]:
    """Indices of the noun phrase headed by ``head`` (no relative clauses, no conjuncts)."""
    seen = {head.i}
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in NP_DEPS and child.i not in seen:
                seen.add(child.i)
                stack.append(child)
    return seen


def depth(doc, anchor: Anchor, head: "Token") -> int:
    best = 99
    for i in anchor.head_range:
        token, steps = doc[i], 0
        while token != head and token.head != token and steps < 20:
            token, steps = token.head, steps + 1
        if token == head:
            best = min(best, steps)
    return best


def case_of(doc, anchor: Anchor) -> str | None:
    """The preposition introducing an anchor ("de", "au" …), if any."""
    for i in anchor.head_range:
        for child in doc[i].children:
            if child.dep_ == "case":
                return fold(child.text)
    before = doc[anchor.start - 1] if anchor.start > 0 else None
    if before is not None and before.pos_ in ("ADP", "DET"):
        text = fold(before.text)
        if text in ("la", "le", "les", "l'") and anchor.start > 1:
            text = fold(doc[anchor.start - 2].text)
        return text
    return None


def is_plural(token: "Token") -> bool:
    return "Plur" in token.morph.get("Number")
