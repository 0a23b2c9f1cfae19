"""Anchors: the words of a sentence that name or describe an actor.

Dictionary names (countries, capitals, demonyms, organisations, armed groups,
leaders), spaCy's PER/ORG entities (a person's title and honorific trimmed, a
name the NER cut short extended), and role nouns (ministre, armée,
manifestants …). ``resolve`` turns phrases into actors with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from rapidfuzz import fuzz, process

from .fold import fold, folded_words
from .lexicon import ActorLexicon, Entry

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Similarity (rapidfuzz ratio, 0-100) above which two surnames are the same
# person: "Gromyro"/"Gromyko" is 86, "Traoré"/"Touré" 73.
SURNAME_SIMILARITY = 84
HONORIFICS = {"m.", "m", "mme", "mlle", "monsieur", "madame", "dr", "me", "pr", "sieur", "dame", "el", "hadj", "el-hadj"}
_TITLE_WORDS = {"colonel", "general", "capitaine", "lieutenant", "commandant", "president", "presidente",
                "ministre", "premier", "ambassadeur", "ambassadrice", "docteur", "professeur", "imam",
                "cheikh", "sheikh", "prince", "general-major", "lieutenant-colonel", "marechal", "roi", "reine"}



@dataclass(slots=True)
class Anchor:
    start: int  # token indices in the doc
    end: int
    kind: str  # entry kinds + "person" (NER PER) + "org" (NER ORG) + "role"
    entry: Entry | None = None
    agent: str | None = None  # for roles
    text: str = ""

    @property
    def head_range(self) -> range:
        return range(self.start, self.end)


def find_anchors(lexicon: ActorLexicon, sent: "Span", ents: Sequence["Span"]) -> list[Anchor]:
    doc = sent.doc
    words = folded_words(sent)
    base = sent.start
    taken: set[int] = set()
    anchors: list[Anchor] = []
    for match in lexicon.match(words):
        start, end = base + match.start, base + match.end
        if not _plausible(doc, start, end, match.entry):
            continue
        anchors.append(Anchor(start, end, match.entry.kind, match.entry, text=doc[start:end].text))
        taken.update(range(start, end))
    for ent in ents:
        if ent.label_ not in ("PER", "ORG") or any(i in taken for i in range(ent.start, ent.end)):
            continue
        if ent.label_ == "ORG" and len(ent) == 1 and ent[0].pos_ == "NOUN" and not ent.text.isupper():
            continue  # "la Sécurité": a capitalised common noun, not an organisation
        if not names_someone(lexicon, words, ent, base):
            continue
        start, end = _trim_person(doc, ent.start, ent.end) if ent.label_ == "PER" else (ent.start, ent.end)
        if start >= end:
            continue
        kind = "person" if ent.label_ == "PER" else "org"
        entry = _known_person(lexicon, doc[start:end].text) if kind == "person" else None
        if entry is not None:
            kind = "leader"
        anchors.append(Anchor(start, end, kind, entry, text=doc[start:end].text))
        taken.update(range(start, end))
    i = 0
    while i < len(sent):
        token = sent[i]
        if base + i in taken or not (token.pos_ in ("NOUN", "PROPN") or _nominal_adjective(sent, i)):
            i += 1  # adjectives ("coopération *militaire*") are not actors
            continue
        role = lexicon.role_at(words, i)
        if role is None and fold(token.lemma_) != words[i]:
            agent = lexicon.roles.get((fold(token.lemma_),))
            role = (1, agent) if agent else None
        if role is None or _in_a_name(lexicon, sent, i):
            i += 1
            continue
        length, agent = role
        start = base + i
        anchors.append(Anchor(start, start + length, "role", agent=agent, text=doc[start:start + length].text))
        taken.update(range(start, start + length))
        i += length
    anchors.sort(key=lambda a: a.start)
    return anchors

# How far up the parse a capitalised role noun may sit below the institution
# whose name it is part of ("Ministre de la Défense et des Anciens Combattants").
NAME_CLIMB = 3


def names_someone(lexicon: ActorLexicon, words: Sequence[str], ent: "Span", base: int) -> bool:
    """Whether a PER/ORG entity names an actor, not

    * a discourse verb or imperative at the head of a sentence ("Rappelons que
      …", "Notons que …"): the tagger reads a verb, the NER a name;
    * a topic written as a noun phrase ("Coopération militaire: …"): only
      common nouns and adjectives, capitalised as the first word of a title,
      and no institution noun at its head (a "Conseil national de transition"
      is an organisation);
    * a role with its complement ("Ministre de la Défense"): the role noun
      resolves it, with the country and the person next to it.
    """
    first = ent[0]
    if first.pos_ in ("VERB", "AUX") or fold(first.text) in lexicon.discourse_words:
        return False
    if lexicon.role_at(words, ent.start - base) is not None:
        return False
    if ent.label_ == "ORG" and _common_phrase(ent):
        head = fold(ent.root.lemma_)
        return head in lexicon.institution_nouns
    return True


def _common_phrase(ent: "Span") -> bool:
    return all(t.pos_ in ("NOUN", "ADJ", "ADP", "DET", "CCONJ") for t in ent) \
        and not any(t.text[:1].isupper() for t in ent[1:])


def _in_a_name(lexicon: ActorLexicon, sent: "Span", i: int) -> bool:
    """A capitalised role noun inside an institution's name is no actor of its
    own: the "Anciens Combattants" of the "Ministre de la Défense et des Anciens
    Combattants", the "Police" of the "Direction générale de la Police"."""
    token = sent[i]
    if i == 0 or not token.text[:1].isupper():
        return False
    head = token
    for _ in range(NAME_CLIMB):
        if head.head == head or head.dep_ not in ("conj", "nmod", "amod", "flat:name", "appos"):
            return False
        head = head.head
        if head.i < token.i and head.text[:1].isupper() and head.i > sent.start \
                and (fold(head.lemma_) in lexicon.institution_nouns
                     or lexicon.roles.get((fold(head.text),)) or lexicon.roles.get((fold(head.lemma_),))):
            return True
    return False


def _nominal_adjective(sent: "Span", i: int) -> bool:
    """An adjective right after a determiner is used as a noun ("un étudiant",
    "les militaires"), which the tagger sometimes misses."""
    return sent[i].pos_ == "ADJ" and i > 0 and sent[i - 1].pos_ == "DET"


def _plausible(doc, start: int, end: int, entry: Entry) -> bool:
    """``looks_like_name``, and a leader's surname after another first name
    is someone else ("Biram Senghor")."""
    if entry.kind == "leader" and end - start == 1 and start > 0:
        before = doc[start - 1]
        if before.pos_ == "PROPN" and before.text[:1].isupper() and fold(before.text) not in HONORIFICS:
            return False
    return looks_like_name([t.text for t in doc[max(0, start - 1):end]], min(start, 1), min(start, 1) + end - start,
                           entry)


# Words before an ambiguous name (Maurice, Grenade) that make it a place.
_PLACE_LEAD = ("au", "en", "à", "le", "la", "du", "de", "l'", "l’")
# Words a country's name may start with that French writes in lower case.
_ARTICLES = frozenset({"la", "le", "les", "l'", "l’", "l", "de", "du", "des", "d'", "d’"})


def looks_like_name(texts: Sequence[str], start: int, end: int, entry: Entry) -> bool:
    """Whether the words ``texts[start:end]`` that the actor dictionary
    matched (case-folded) are written as that name. French capitalises the
    names of countries, cities, organisations and people but not demonyms
    (adjectives): a one-word match in lower case is a common word ("vienne"
    is a verb, "Vienne" a capital). An ambiguous name (Maurice, Grenade)
    also needs a preposition or article before it."""
    if entry.kind == "demonym":
        return True
    if end - start == 1 and not texts[start][:1].isupper():
        return False
    if entry.kind in ("country", "capital") and not any(
            t[:1].isupper() for t in texts[start:end] if fold(t) not in _ARTICLES):
        return False  # "lors de la réunion ordinaire" is a meeting, not La Réunion
    if entry.ambiguous:
        previous = texts[start - 1].lower() if start > 0 else ""
        return previous in _PLACE_LEAD
    return True

def _trim_person(doc, start: int, end: int) -> tuple[int, int]:
    """Drop honorifics and titles at the front of a PER entity and extend it
    over capitalised name tokens that the NER cut off ("M. Igor Anatolievich" + "Gromyro")."""
    while end - start > 1 and (fold(doc[start].text) in HONORIFICS or fold(doc[start].text) in _TITLE_WORDS
                                or doc[start].text in ("-", "–")):
        start += 1
    while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha and doc[end].pos_ in ("PROPN", "NOUN") and end < start + 5:
        end += 1
    return start, end

def _known_person(lexicon: ActorLexicon, text: str) -> Entry | None:
    # an article names its people again and again: the fuzzy match is made once per name
    cache = lexicon.people_seen
    if text not in cache:
        if len(cache) > PEOPLE_CACHE:
            cache.clear()
        cache[text] = _find_person(lexicon, text)
    return cache[text]


PEOPLE_CACHE = 20_000


def _find_person(lexicon: ActorLexicon, text: str) -> Entry | None:
    entry = lexicon.lookup(text)
    if entry is not None and entry.kind == "leader":
        return entry
    return fuzzy_leader(lexicon.leaders, text)

def anchor_head(sent: "Span", anchor: Anchor) -> "Token":
    doc = sent.doc
    for i in range(anchor.start, anchor.end):
        head = doc[i].head.i
        if not anchor.start <= head < anchor.end or doc[i].head == doc[i]:
            return doc[i]
    return doc[anchor.start]


def fuzzy_leader(leaders: Sequence[Entry], text: str) -> Entry | None:
    """A known leader whose name this (maybe misspelled, maybe longer) name is:
    same or similar first name, surname within ``SURNAME_SIMILARITY``."""
    tokens = [t for t in fold(text).split() if t not in HONORIFICS]
    if len(tokens) < 2:
        return None
    first, last = tokens[0], tokens[-1]
    index = _leader_index(tuple(leaders))
    best, best_score = None, 0.0
    for _, score, position in process.extract(last, index.surnames, scorer=fuzz.ratio,
                                              score_cutoff=SURNAME_SIMILARITY, limit=8):
        leader = index.entries[position]
        known_first = index.firsts[position]
        if known_first != first and fuzz.ratio(known_first, first) < SURNAME_SIMILARITY:
            continue
        if score > best_score:
            best, best_score = leader, score
    return best


@dataclass(frozen=True)
class _LeaderIndex:
    entries: list[Entry]
    firsts: list[str]
    surnames: list[str]


@lru_cache(maxsize=8)
def _leader_index(leaders: tuple[Entry, ...]) -> _LeaderIndex:
    entries, firsts, surnames = [], [], []
    for leader in leaders:
        known = fold(leader.name).split()
        if len(known) >= 2:
            entries.append(leader)
            firsts.append(known[0])
            surnames.append(known[-1])
    return _LeaderIndex(entries, firsts, surnames)
