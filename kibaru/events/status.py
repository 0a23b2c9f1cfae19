"""Is the event reported as done, planned, hypothetical or denied?

Read off the trigger's morphology and the verbs that govern it:
"n'a pas rencontré" (negated), "doit se tenir", "s'apprêtent à organiser",
future tense (planned), conditional mood, "pourrait" (hypothetical).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

NEGATORS = {"pas", "jamais", "plus", "guère", "point", "aucunement", "nullement"}
NEGATIVE_DETERMINERS = {"aucun", "aucune", "nul", "nulle"}
NEEDS_NE = {"plus", "point"}
NE = {"ne", "n'", "n’"}
# Governing verbs that announce an event still to come.
PLANNING_VERBS = {"devoir", "aller", "apprêter", "prévoir", "envisager", "projeter", "compter",
                  "entendre", "programmer", "préparer", "vouloir", "souhaiter", "promettre",
                  "décider", "planifier", "proposer", "inviter", "convier"}
# Governing verbs that make it possible, not certain.
HYPOTHETICAL_VERBS = {"pouvoir", "risquer", "sembler", "paraître", "menacer", "exclure"}
# Verbs that report a *decision* as made: the event is taken as occurring.
DECIDED_VERBS = {"décider"}
FUTURE_MODIFIERS = {"prochain", "prochaine", "prochains", "prochaines", "futur", "future", "venir"}
HYPOTHETICAL_MODIFIERS = {"éventuel", "éventuelle", "éventuels", "éventuelles", "possible", "possibles", "probable"}
# How far up the tree a governing verb may sit (trigger <- xcomp <- xcomp).
MAX_CLIMB = 3


def is_negated(token: "Token") -> bool:
    children = list(token.children)
    has_ne = any(c.lower_ in NE for c in children)
    for child in children:
        if child.dep_ == "advmod" and child.lower_ in NEGATORS:
            # "plus" and "point" negate only with "ne" ("n'est plus"; "de plus en plus critiquée" is not)
            if child.lower_ in NEEDS_NE and not has_ne:
                continue
            return True
        if child.dep_ == "det" and child.lower_ in NEGATIVE_DETERMINERS:
            return True
        if child.dep_ == "obj" and any(g.dep_ == "det" and g.lower_ in NEGATIVE_DETERMINERS for g in child.children):
            return True
    return False


def direct_status(trigger: "Token") -> str | None:
    """A status the trigger's own words state: negation of the word itself
    ("n'a pas rencontré"), its conditional or future ("attaquerait",
    "rencontrera"). Unlike a cue read off a governing verb, these are facts of
    the clause, not guesses about its scope."""
    if is_negated(trigger):
        return "negated"
    auxiliaries = [trigger] + [c for c in trigger.children if c.dep_.startswith("aux")]
    if any("Cnd" in t.morph.get("Mood") or is_conditional(t) for t in auxiliaries):
        return "hypothetical"
    if any("Fut" in t.morph.get("Tense") for t in auxiliaries):
        return "planned"
    return None


def status_of(trigger: "Token", forced: str | None = None) -> str:
    if is_negated(trigger):
        return "negated"
    if forced:
        return forced
    auxiliaries = [trigger] + [c for c in trigger.children if c.dep_.startswith("aux")]
    if any("Cnd" in t.morph.get("Mood") or is_conditional(t) for t in auxiliaries):
        return "hypothetical"
    if any("Fut" in t.morph.get("Tense") for t in auxiliaries):
        return "planned"
    for child in trigger.children:
        if child.lemma_ in HYPOTHETICAL_MODIFIERS:
            return "hypothetical"
        if child.lemma_ in FUTURE_MODIFIERS or child.lower_ in FUTURE_MODIFIERS:
            return "planned"
    if is_purpose(trigger):
        return "planned"  # "pour demander …", "visant à mettre fin …": intended
    return _governed_status(trigger)


PURPOSE_MARKERS = {"pour", "afin"}
PURPOSE_GOVERNORS = {"viser", "chercher", "tenter", "essayer"}


def is_purpose(trigger: "Token") -> bool:
    if trigger.pos_ != "VERB" or "Inf" not in trigger.morph.get("VerbForm"):
        return False
    if any(c.dep_ == "mark" and c.lower_ in PURPOSE_MARKERS for c in trigger.children):
        return True
    if trigger.dep_ == "conj" and trigger.head != trigger and is_purpose(trigger.head):
        return True  # "pour demander le départ … et solliciter l'aide": coordination shares the "pour"
    first = _correlated(trigger)
    if first is not None and is_purpose(first):
        return True
    return trigger.dep_ in ("xcomp", "acl") and trigger.head.lemma_ in PURPOSE_GOVERNORS


def _correlated(token: "Token") -> "Token | None":
    """The first member of "non seulement A, mais aussi B" for B (the parser
    often hangs B elsewhere): the last verb before it that has "seulement"."""
    if not any(c.dep_ == "cc" and c.lower_ == "mais" for c in token.children):
        return None
    for earlier in reversed(token.doc[token.sent.start : token.i]):
        if earlier.pos_ == "VERB" and any(c.lower_ == "seulement" for c in earlier.children):
            return earlier
    return None


# Future/conditional stems of irregular verbs (serait, aurait, pourrait, ferait …).
IRREGULAR_STEMS = ("ser", "aur", "pourr", "fer", "voudr", "viendr", "devr", "saur", "verr", "enverr",
                   "faudr", "tiendr", "mourr", "courr", "ir", "vaudr", "recevr", "assoir")


def is_conditional(token: "Token") -> bool:
    """The tagger sometimes reads a conditional as an imperfect ("attaquerait"):
    a conditional is the infinitive (-re verbs: minus e) + -ais/-ait/-aient."""
    text, lemma = token.lower_, token.lemma_.lower()
    for ending in ("aient", "ait", "ais", "ions", "iez"):
        if text.endswith(ending):
            stem = text[: -len(ending)]
            return stem in (lemma, lemma[:-1]) and len(stem) > 3 or stem in IRREGULAR_STEMS
    return False


def _governed_status(trigger: "Token") -> str:
    token = trigger
    for _ in range(MAX_CLIMB):
        if token.dep_ not in ("xcomp", "obj", "ccomp", "advcl", "acl", "nmod", "nsubj", "nsubj:pass") or token.head == token:
            break
        if token.dep_.startswith("nsubj") and token.pos_ not in ("NOUN", "PROPN"):
            break  # only a noun event takes its status from the verb it is subject of ("le sommet doit se tenir")
        head = token.head
        lemma = head.lemma_
        if head.pos_ in ("VERB", "AUX"):
            if lemma in DECIDED_VERBS:
                return "occurred"
            negated = is_negated(head)
            if lemma == "exclure" and negated:
                return "hypothetical"  # "n'exclut pas une intervention"
            if lemma in HYPOTHETICAL_VERBS or "Cnd" in head.morph.get("Mood") or is_conditional(head):
                return "hypothetical"
            if lemma in PLANNING_VERBS or "Fut" in head.morph.get("Tense"):
                return "planned"
            if negated and token.dep_ == "xcomp":
                return "negated"
        token = head
    return "occurred"
