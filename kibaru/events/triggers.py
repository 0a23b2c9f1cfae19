"""Find trigger words in a parsed sentence (the side-effect-free half of the coder)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from ..actors.fold import fold, folded_words
from .lexicon import Trigger, TriggerLexicon

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

REFLEXIVE = {"se", "s'", "s’", "me", "m'", "m’", "nous", "vous", "te", "t'", "t’"}
# Nouns in these phrases are general, not one event: "des attaques récurrentes".
GENERIC_MODIFIERS = {fold(w) for w in {"récurrent", "régulier", "fréquent", "répété", "quotidien", "habituel", "incessant"}}
# Adverbials that make plural nouns habitual ("visé plusieurs fois par des attaques").
HABITUAL_CUES = ("plusieurs fois", "a plusieurs reprises", "regulierement", "souvent", "recurrent",
                 "chaque annee", "chaque mois", "de plus en plus", "se multiplient", "se sont multiplie")
# A noun trigger that is the object of one of these verbs is a topic, not an event
# ("la lutte contre", "prévenir les attaques").
NON_EVENT_GOVERNORS = {fold(w) for w in {"droit", "porter", "prévenir", "empêcher", "éviter", "lutter", "combattre", "condamner", "dénoncer",
                       "craindre", "redouter", "qualifier", "commémorer"}}


@dataclass(frozen=True, slots=True)
class Found:
    token: "Token"  # the head token of the trigger
    end: int  # token index after the trigger's last word (multi-word nouns)
    entry: Trigger


def find_triggers(sent: "Span", lexicon: TriggerLexicon) -> Iterator[Found]:
    words = folded_words(sent)
    habitual = _habitual(words)
    i = 0
    while i < len(sent):
        token = sent[i]
        found = None
        if _is_verbal(token):
            found = _verb(token, lexicon)
        if found is None and token.pos_ in ("NOUN", "PROPN", "VERB", "ADJ"):
            found = _noun(sent, words, i, lexicon, habitual)
        if found is not None:
            yield found
            i = found.end - sent.start
        else:
            i += 1


def _is_verbal(token: "Token") -> bool:
    if token.pos_ == "VERB":
        return True
    return token.pos_ in ("ADJ", "NOUN") and "Part" in token.morph.get("VerbForm")


def _verb(token: "Token", lexicon: TriggerLexicon) -> Found | None:
    for lemma in verb_lemmas(token):
        for entry in lexicon.verbs.get(lemma, ()):
            if _verb_fits(token, entry):
                return Found(token, token.i + 1, entry)
    return None


def verb_lemmas(token: "Token") -> list[str]:
    """The lemma, and the infinitive when the lemmatizer kept an inflected
    form of an -er verb ("demande" for demander)."""
    lemma = fold(token.lemma_)
    if lemma.endswith("e") and not lemma.endswith(("er", "ir", "re")):
        return [lemma, lemma + "r"]
    return [lemma]


def _verb_fits(token: "Token", entry: Trigger) -> bool:
    if entry.reflexive is not None:
        reflexive = any(c.lower_ in REFLEXIVE and c.dep_.startswith(("expl", "obj", "iobj")) for c in token.children)
        if reflexive != entry.reflexive:
            return False
    if entry.object:
        # "n'a jamais livré *d'armes*": after a negation the object is partitive
        objects = [c for c in token.children if c.dep_ in ("obj", "nsubj:pass")
                   or c.dep_ == "obl:arg" and any(g.dep_ == "case" and g.lower_ in ("d'", "d’", "de") for g in c.children)]
        if token.dep_ == "acl" and "Part" in token.morph.get("VerbForm"):
            objects.append(token.head)  # "les sanctions imposées": the noun is the object
        if not any(_lemma(o) in entry.object or fold(o.text) in entry.object for o in objects):
            return False
    if entry.with_:
        near = _near_words(token)
        if not near & entry.with_:
            return False
    return True


def _near_words(token: "Token") -> set[str]:
    """Lemmas and words of the trigger's dependents and grand-dependents (not
    its subject: "le président … a reçu le prix" is no audience)."""
    out: set[str] = set()
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubj:pass"):
            continue
        out.update((_lemma(child), fold(child.text)))
        for grandchild in child.children:
            out.update((_lemma(grandchild), fold(grandchild.text)))
    return out


def _noun(sent: "Span", words: list[str], i: int, lexicon: TriggerLexicon, habitual: bool) -> Found | None:
    token = sent[i]
    candidates = lexicon.nouns.get(words[i], []) + lexicon.nouns.get(_lemma(token), [])
    for entry in sorted(candidates, key=lambda e: -len(e.tokens)):
        whole = fold(entry.lemma)
        if words[i] == whole or _lemma(token) == whole:
            n = 1  # one spaCy token ("cessez-le-feu") or a one-word entry
        else:
            n = len(entry.tokens)
            lemmas = [_lemma(t) for t in sent[i : i + n]]
            if n == 1 or (words[i : i + n] != list(entry.tokens) and lemmas != list(entry.tokens)):
                continue
        if entry.with_ and not (_near_words(token) & entry.with_):
            continue
        if generic_noun(token, habitual):
            continue
        return Found(token, token.i + n, entry)
    return None


# Fixed phrases that look like events and are not ("une offensive de charme").
IDIOMS = {("offensive", "charme"), ("attaque", "verbale"), ("guerre", "mots"), ("meeting", "campagne")}


def generic_noun(token: "Token", habitual: bool) -> bool:
    """Nouns that do not report one event: habitual ("des attaques récurrentes",
    "visé plusieurs fois par des attaques"), a topic ("la lutte contre les
    attaques"), or a back-reference in a copular sentence ("c'est la cinquième
    attaque")."""
    if any(_lemma(c) in GENERIC_MODIFIERS for c in token.children):
        return True
    if any((_lemma(token), _lemma(c)) in IDIOMS for c in token.children):
        return True
    if any(c.dep_ == "cop" for c in token.children):
        return True
    head = token.head
    if token.dep_ == "nsubj" and _lemma(head) in GENERIC_MODIFIERS:
        return True
    if habitual and "Plur" in token.morph.get("Number"):
        return True
    return token.dep_ in ("obj", "obl", "obl:arg", "nmod") and _lemma(head) in NON_EVENT_GOVERNORS


def habitual_sentence(sent: "Span") -> bool:
    return _habitual(folded_words(sent))


def _habitual(words: list[str]) -> bool:
    # the folded words, not the folded sentence: each word's fold is cached,
    # a whole sentence's never is (and would crowd the cache)
    text = " ".join(words)
    return any(cue in text for cue in HABITUAL_CUES)


def _lemma(token: "Token") -> str:
    return fold(token.lemma_)
