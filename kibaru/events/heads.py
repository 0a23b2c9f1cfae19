"""The word of a trigger phrase that carries its event.

A gold annotation (or an event the rules coded) gives a phrase: "a décidé de
suspendre la coopération", "ont été emmenés dans des zones tenues par …".
Training labels one word per event, and the place model reads the event's
position in the parse from one word, so both need the same choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..actors.fold import fold
from .features import CANDIDATE_POS, NON_HEAD_DEPS, SentenceView

if TYPE_CHECKING:
    from spacy.tokens import Token


def trigger_head(tokens: list["Token"], event_type: str, view: SentenceView | None = None) -> "Token | None":
    """The word of a trigger phrase that carries its event ("a décidé de
    *suspendre* la coopération", "a *reçu* en audience", "*neutralisé* par les
    Forces …"): a word the lexicon reads as that type, else the phrase's head
    in the parse, passing down from modal and aspectual verbs ("doit
    *arrêter*", "vient de *signer*") to the verb they govern."""
    inside = {t.i for t in tokens}
    usable = [t for t in tokens if t.pos_ in CANDIDATE_POS and t.dep_ not in NON_HEAD_DEPS and len(t.text) > 1]
    if not usable:
        return None
    if view is not None:
        typed = [t for t in usable if (hit := view.found.get(t.i)) is not None and hit.entry.type == event_type]
        if typed:
            return typed[0]
    top = [t for t in usable if t.head.i not in inside or t.head == t]
    head = min(top or usable, key=lambda t: (t.pos_ not in ("VERB", "NOUN"), _depth(t), t.i))
    for _ in range(3):
        governed = [c for c in head.children if c.i in inside and c.dep_ in GOVERNED and c in usable]
        if fold(head.lemma_) not in FUNCTION_VERBS or not governed:
            break
        head = governed[0]
    return head


# Verbs that frame another verb's event rather than report one of their own.
FUNCTION_VERBS = {fold(w) for w in (
    "devoir", "pouvoir", "vouloir", "aller", "venir", "décider", "commencer", "continuer", "tenter", "essayer",
    "chercher", "réussir", "falloir", "entendre", "souhaiter", "prévoir", "envisager", "finir", "achever",
    "poursuivre", "parvenir", "arriver", "sembler", "paraître", "avoir", "être", "faire", "procéder", "choisir",
    "refuser", "accepter")}
GOVERNED = ("xcomp", "ccomp", "obj", "obl:arg")


def _depth(token: "Token") -> int:
    n = 0
    while token.head != token and n < 50:
        token, n = token.head, n + 1
    return n
