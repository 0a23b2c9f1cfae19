"""Place mentions in a parsed sentence: where a name is, before what it means.

A mention is a location entity (spaCy's LOC), or a capitalised proper noun the
NER left unlabelled, in a position where French names a place:

* after a locative preposition: "à Gao", "au Mali", "dans la région de Ménaka";
* after a place noun, or in apposition to one: "le village de Kodyel", "la
  capitale malienne, Bamako";
* as a dateline: "Mali: un an après le coup d'État…", "RDC – État de siège…"
  (the news-brief convention of naming the country before a colon or dash).

A one- or two-word "person" of the NER right after a preposition of location
("à Kumba", "vers Pensa") is read as a town the NER mistook for a person, unless
the actor dictionary knows it, the article names it as someone's surname
("Amadou Touré … à Touré"), or the "à" is a dative ("a écrit à Touré", "rendu
hommage à Touré"); it must then resolve to a town or a region (``article.py``).

A name that is part of an organisation, an armed group or a person the actor
dictionary knows ("Boko Haram", "État islamique", "ONU") is never a place, nor
is an acronym that is not a country's ("IS", "EI"), nor a capital that acts
("Bamako courtise Moscou"). Resolving a mention to a gazetteer record needs the
whole article: see ``article.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..actors.fold import fold, folded_words
from .names import name_key, place_words

if TYPE_CHECKING:
    from spacy.tokens import Span

LOCATIVE = {"à", "a", "au", "aux", "en", "dans", "près", "vers", "depuis", "sur", "de", "du", "des", "d'", "d’"}
# "de", "du", "des" also introduce origins ("venu de Gao") and owners ("l'ambassadeur de Russie").
GENITIVE = frozenset({"de", "du", "des", "d'", "d’"})
# Words after which (or in apposition to which) a capitalised noun is a place name whatever the NER says.
PLACE_NOUNS = {"ville", "village", "localité", "commune", "région", "province", "cercle", "département",
               "préfecture", "quartier", "camp", "district", "état", "capitale", "zone", "chef-lieu"}
# A city says more about where an event happened than a country does.
FEATURE_RANK = {"city": 0, "area": 1, "region": 1, "country": 2}
# A dateline is a name of at most this many tokens before ":" or a dash at the start of a sentence.
DATELINE_TOKENS = 4
DATELINE_MARKS = {":", "–", "—", "-"}
DASHES = set("–—-€“")  # "€“" is what a dash becomes in some broken encodings
# An acronym: a name in capitals of at most this many letters ("ONU", "EI", "IS").
ACRONYM_LETTERS = 5
# Dictionary kinds whose names are actors, never places.
ACTOR_KINDS = {"organisation", "group", "leader"}
# Prepositions after which a "person" of the NER may be a town it misread ("à Kumba",
# "vers Pensa", "près de Solhan"); never the genitive "de" ("l'ambassadeur de Kumba"
# is a person's title as often as a town's).
PERSON_LOCATIVE = {"à", "a", "dans", "vers", "en", "depuis"}
# Words before "de" that make it locative: "près de", "non loin de", "autour de".
NEAR = {"près", "loin", "autour", "proximité", "environs"}
# A misread town is a name of at most this many tokens ("Kumba", "Elak Oku").
MISREAD_PERSON_TOKENS = 2
# How many tokens before "à" its governing verb or noun is looked for ("a remis une médaille à Keïta").
DATIVE_WINDOW = 4


@dataclass(frozen=True, slots=True)
class Spot:
    """A stretch of a sentence that names a place, not yet resolved."""

    text: str
    start: int  # token index in the doc
    end: int
    start_char: int  # character offset in the doc
    where: bool  # introduced as a location ("à Gao", a dateline), not a genitive ("de Russie")
    dateline: bool = False
    labelled: bool = True  # the NER labelled it; an unlabelled one must resolve to a town or region
    person: bool = False  # the NER called it a person ("à Kumba"): a town or region only
    acronym: bool = False  # "RDC" is a country; "ONU", "IS" must not become villages
    owned: bool = False  # a genitive complement of an actor noun: "l'ambassadeur de Russie", "l'aide de la Russie"
    bare: bool = False  # no preposition: "ont attaqué Mora" (a town or region only)
    country: str | None = None  # where the name must resolve: a capital named by description ("la capitale russe")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    text: str
    place: dict  # the contract's place object, with "confidence" and "ambiguous"
    feature: str
    start: int  # character offset in the sentence's doc
    # introduced by a preposition of location ("à Bamako", "au Mali"), not by
    # a genitive ("l'ambassadeur de Russie"): a place where something happens
    where: bool = True
    dateline: bool = False

    owned: bool = False

    @property
    def sets_the_scene(self) -> bool:
        """Where an event of the sentence can happen: a located mention, a town
        in a genitive ("l'attaque de Solhan"), a country in the genitive of an
        event noun ("l'invasion de l'Ukraine"); a country in the genitive of an
        actor ("l'aide de la Russie", "l'ambassadeur de Russie") names an actor."""
        return self.where or self.feature != "country" or not self.owned


def find_spots(sent: "Span", lexicon=None, ents: Sequence["Span"] | None = None, names=None) -> list[Spot]:
    """The stretches of ``sent`` that name places, in text order; ``names``:
    the actor dictionary's matches in it, when the caller has them already."""
    ents = list(sent.ents if ents is None else ents)
    actors, capitals = _actor_tokens(sent, lexicon, names)
    misread = [e for e in ents if _misread_person(e, actors)]
    kept = {i for e in misread for i in range(e.start, e.end)}
    blocked = actors | {i for e in ents if e.label_ in ("PER", "ORG") for i in range(e.start, e.end)} - kept
    found: list[Spot] = []
    seen: set[int] = set()
    dateline = _dateline(sent, blocked)
    if dateline is not None:
        found.append(dateline)
        seen.update(range(dateline.start, dateline.end))
    doc = sent.doc
    for ent in ents:
        if ent.label_ not in ("LOC", "GPE") or seen.intersection(range(ent.start, ent.end)):
            continue
        ent = _without_preposition(ent)
        if ent is None:
            continue
        if blocked.intersection(range(ent.start, ent.end)):
            continue
        placed = _locative(doc, ent.start) or _after_place_noun(doc, ent.start) or _apposed_to_place_noun(ent)
        if not placed:
            if _bare_place(ent, capitals):
                found.append(Spot(ent.text, ent.start, ent.end, ent.start_char, False, bare=True))
                seen.update(range(ent.start, ent.end))
            continue
        where = _locative(doc, ent.start, GENITIVE) or _after_place_noun(doc, ent.start) or _apposed_to_place_noun(ent)
        found.append(Spot(ent.text, ent.start, ent.end, ent.start_char, where, acronym=_is_acronym(ent.text),
                          owned=not where and _owned(ent.root, lexicon)))
        seen.update(range(ent.start, ent.end))
    found.extend(_unlabelled(sent, seen | blocked | kept))
    found.extend(Spot(e.text, e.start, e.end, e.start_char, True, labelled=False, person=True)
                 for e in misread if not seen.intersection(range(e.start, e.end)))
    return sorted(found, key=lambda s: s.start)


def _misread_person(ent: "Span", actors: set[int]) -> bool:
    """A "person" of the NER that is a town it misread: one or two capitalised
    words right after a preposition of location ("à Kumba", "près de Pensa"),
    that no actor is called, that the article does not use as a surname, and
    that no dative verb or noun governs ("a écrit à Touré", "hommage à Touré")."""
    if ent.label_ != "PER" or len(ent) > MISREAD_PERSON_TOKENS or actors.intersection(range(ent.start, ent.end)):
        return False
    if not all(t.text[:1].isupper() and t.is_alpha for t in ent):
        return False
    doc = ent.doc
    prep = ent.start - 1
    if prep < 0 or doc[prep].pos_ != "ADP":
        return False
    word = doc[prep].lower_
    near = word == "de" and prep > 0 and doc[prep - 1].lower_ in NEAR
    if word not in PERSON_LOCATIVE and not near:
        return False
    return not _surname_elsewhere(ent) and not (word in ("à", "a") and _dative(doc, prep))


def _surname_elsewhere(ent: "Span") -> bool:
    """Whether the text parsed with ``ent`` (the article, or its chunk) names someone
    with this word in a longer name ("Amadou Touré")."""
    words = {t.lower_ for t in ent}
    return any(e.label_ == "PER" and len(e) > len(ent) and words & {t.lower_ for t in e} for e in ent.doc.ents)


def _dative(doc, prep: int) -> bool:
    """Whether the "à" at ``prep`` gives to or addresses someone: the noun before
    it or the nearest verb within a few words is ``dative`` in ``data/place_words.yaml``."""
    datives = place_words().dative
    for i in range(prep - 1, max(-1, prep - 1 - DATIVE_WINDOW), -1):
        token = doc[i]
        if token.is_punct:
            return False
        if token.pos_ in ("VERB", "NOUN") and not datives.isdisjoint(_lemmas(token)):
            return True
        if token.pos_ == "VERB":
            return False
    return False


def _lemmas(token) -> set[str]:
    """The keys ``token`` may be looked up by: its lemma, its form and, for a
    form in "-é" the tagger did not read as a participle ("a téléphoné" tagged
    a noun), the infinitive in "-er"."""
    form = name_key(token.text)
    keys = {name_key(token.lemma_), form}
    participle = form.rstrip("s")
    if participle.endswith("e"):
        keys.add(participle.rstrip("e") + "er")
    return keys


def _unlabelled(sent: "Span", taken: set[int]) -> list[Spot]:
    """Places the NER did not label, or buried in a longer entity ("à Inates",
    "le massacre de Thiaroye", "Terrorisme au Burkina Faso"): capitalised proper
    nouns right after a locative preposition."""
    found = []
    doc = sent.doc
    i = sent.start + 1
    while i < sent.end:
        token = doc[i]
        if i in taken or token.pos_ != "PROPN" or not token.text[:1].isupper() or not _locative(doc, i):
            i += 1
            continue
        end = i + 1
        while end < sent.end and end not in taken and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
            end += 1
        span = doc[i:end]
        where = _locative(doc, i, GENITIVE)
        found.append(Spot(span.text, i, end, token.idx, where, labelled=False, acronym=_is_acronym(span.text),
                          owned=not where and _owned(span.root)))
        i = end
    return found


def _without_preposition(ent):
    """"de France" (the NER sometimes takes the preposition in) -> "France"."""
    start = ent.start
    while start < ent.end and ent.doc[start].pos_ in ("ADP", "DET") and not ent.doc[start].text[:1].isupper():
        start += 1
    if start == ent.start:
        return ent
    return ent.doc[start:ent.end] if start < ent.end else None


def _dateline(sent: "Span", blocked: set[int]) -> Spot | None:
    """"Mali: …", "Côte d'Ivoire – …" at the start of a sentence."""
    tokens = list(sent[: DATELINE_TOKENS + 1])
    for k, token in enumerate(tokens):
        if k > 0 and (token.text in DATELINE_MARKS or token.text and set(token.text) <= DASHES):
            words = sent[:k]
            if not words.text[:1].isupper() or blocked.intersection(range(words.start, words.end)):
                return None
            if any(t.pos_ in ("VERB", "AUX", "ADP") and t.lower_ not in ("d'", "d’", "de") for t in words):
                return None
            return Spot(words.text, words.start, words.end, words.start_char, True, dateline=True,
                        acronym=_is_acronym(words.text))
    return None


def _actor_tokens(sent: "Span", lexicon, names=None) -> tuple[set[int], set[int]]:
    """Tokens of names the actor dictionary holds as organisations, armed groups
    or people ("Boko Haram" is nobody's village), and of countries, capitals
    and seats of power (which, without a preposition, act: "Bamako courtise
    Moscou", "Kosyam a annoncé")."""
    if lexicon is None:
        return set(), set()
    actors: set[int] = set()
    states: set[int] = set()
    for match in names if names is not None else lexicon.match(folded_words(sent)):
        span = range(sent.start + match.start, sent.start + match.end)
        if match.entry.kind in ("country", "capital") or match.entry.seat:
            states.update(span)  # a place after a preposition ("à Kosyam"), an actor otherwise
        elif match.entry.kind in ACTOR_KINDS:
            actors.update(span)
    return actors, states


def _bare_place(ent, states: set[int]) -> bool:
    """A town named without a preposition ("ont attaqué Mora", "Mora a été
    attaquée" is not: a subject acts), unless it is a country or a capital."""
    if states.intersection(range(ent.start, ent.end)):
        return False
    return not ent.root.dep_.startswith("nsubj")


def _owned(root, lexicon=None) -> bool:
    """Whether a genitive names who acts or owns ("l'aide de la Russie",
    "l'ambassadeur de Russie"), not where ("l'invasion de l'Ukraine", "le nord
    du Mali"): see ``genitive_places`` in ``data/place_words.yaml``."""
    head = root.head
    if head is root:
        return False
    if head.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return False  # "retiré leurs troupes d'Afghanistan": a verb's "de" is whence
    return name_key(head.lemma_) not in place_words().genitive_places and \
        name_key(head.text) not in place_words().genitive_places


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return 0 < len(letters) <= ACRONYM_LETTERS and all(ch.isupper() for ch in letters) and " " not in text.strip()


def _locative(doc, start: int, excluding: frozenset[str] = frozenset()) -> bool:
    i = start - 1
    while i >= 0 and doc[i].pos_ == "DET":
        i -= 1
    return i >= 0 and fold(doc[i].text) in LOCATIVE and fold(doc[i].text) not in excluding


def _after_place_noun(doc, start: int) -> bool:
    i = start - 1
    while i >= 0 and doc[i].pos_ in ("DET", "ADP"):
        i -= 1
    return i >= 0 and doc[i].lemma_.lower() in PLACE_NOUNS


def _apposed_to_place_noun(ent) -> bool:
    """"la capitale malienne, Bamako": the name is an apposition of a place noun
    (by the parse, or by the comma when the parser attached the name elsewhere:
    "dans les rues de la capitale, Khartoum, …")."""
    root = ent.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in PLACE_NOUNS:
        return True
    doc, i = ent.doc, ent.start - 1
    if i < 1 or doc[i].text != ",":
        return False
    noun = doc[i - 1]
    if noun.pos_ == "ADJ" and noun.dep_ == "amod":  # "la capitale malienne, Bamako"
        noun = noun.head
    return noun.i < i and noun.lemma_.lower() in PLACE_NOUNS and noun.pos_ == "NOUN"
