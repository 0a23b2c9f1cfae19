"""Stance of one article toward each country it discusses: a score in [-1, 1].

Two kinds of evidence, each an item (polarity p in [-1, 1], weight w) credited
to a country:

* **events** (``data/events.tsv``): who accuses, sanctions, threatens, attacks,
  praises, aids, asks whom. An event lends its target and its source the
  polarities of its type, weighted by its confidence and its status
  (``STATUS_WEIGHT``); a request's polarity depends on what is asked
  (``data/requests.tsv``: help -> the addressee is the solution; departure ->
  the addressee is the problem).
* **evaluative words** (``data/polarity.tsv``) linked to an actor's mention in
  the dependency tree ("l'échec de la France", "la Russie, considérée comme la
  solution", "la force française est critiquée"), after negation and
  intensifiers (``data/modifiers.tsv``); words inside quotation marks are the
  speaker's, not the outlet's, and count half.

A country's score is ``sum(p * w) / (sum(w) + PRIOR_WEIGHT)``: the prior pulls
thinly supported scores toward neutral. Countries whose evidence weighs less
than ``MIN_WEIGHT`` are left out. Actors are counted by their country when they
are states or state-like (government, army, diplomats, international
organisations); civilians, parties and media of a country count half; armed
groups, criminals and unidentified gunmen not at all (a jihadist group "of"
Mali is not Mali).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from .lexicon import StanceLexicon, load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..doc import Actor, Event, Mention, Ref
    from ..nlp import Chunk

STATUS_WEIGHT = {"occurred": 1.0, "planned": 0.7, "hypothetical": 0.4,
                 # "X n'a pas condamné Y" is neither a reproach to Y nor praise:
                 # a negated event lends no polarity.
                 "negated": 0.0}
# Sectors whose country is not the state: left out of stance.
NON_STATE_AGENTS = frozenset({"REB", "UAF", "CRM"})
# Sectors that speak for their state: full weight; any other sector half.
STATE_AGENTS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "IGO", None})
SOCIETY_WEIGHT = 0.5
# Both sides of the same country (a government and its own civilians):
# domestic politics, half weight.
DOMESTIC_WEIGHT = 0.5
# Force: its source is presented as aggressor or repressor only when it is a
# state actor.
FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})
# Event types whose target polarity depends on what is asked for.
ASKING_TYPES = frozenset({"REQUEST", "PROTEST"})
ASK_WINDOW = 10  # tokens after the trigger where the thing asked for is looked for
# An evaluative word qualifies an actor at most this many dependency arcs away.
MAX_TREE_DISTANCE = 2
NEAR_TOKENS = 60  # mentions further than this (in tokens) are not looked at
# An actor mention that stance counts: (head token index, country, weight).
Target = tuple[int, str, float]
QUOTE_WEIGHT = 0.5
PRIOR_WEIGHT = 0.5
MIN_WEIGHT = 1.0
# Dependencies through which a verb's argument is reached from inside a phrase
# ("les forces de la France sont critiquées": France -> forces -> critiquées).
PASS_THROUGH = frozenset({"nmod", "appos", "flat", "flat:name", "flat:foreign", "compound", "conj", "amod"})
SUBJECT_DEPS = frozenset({"nsubj", "obl:agent", "csubj"})
OBJECT_DEPS = frozenset({"obj", "nsubj:pass", "iobj", "obl:arg", "ccomp"})
GENITIVE = frozenset({"de", "d'", "d’", "des", "du"})


class Evidence:
    """Polarity items per country."""

    def __init__(self) -> None:
        self.items: dict[str, list[tuple[float, float, str]]] = defaultdict(list)

    def add(self, country: str, polarity: float, weight: float, why: str) -> None:
        if weight > 0:
            self.items[country].append((polarity, weight, why))

    def scores(self, min_weight: float = MIN_WEIGHT, prior: float = PRIOR_WEIGHT) -> dict[str, float]:
        out = {}
        for country, items in self.items.items():
            total = sum(w for _, w, _ in items)
            if total < min_weight:
                continue
            score = sum(p * w for p, w, _ in items) / (total + prior)
            out[country] = round(max(-1.0, min(1.0, score)), 2) + 0.0  # + 0.0: no "-0.0"
        return dict(sorted(out.items(), key=lambda kv: (-abs(kv[1]), kv[0])))


def side_weight(ref: "Ref | Actor | None") -> tuple[str | None, float]:
    """The country an event side (or an actor) stands for, and how much it speaks for it."""
    if ref is None or not ref.country:
        return None, 0.0
    if ref.agent in NON_STATE_AGENTS:
        return None, 0.0
    return ref.country, 1.0 if ref.agent in STATE_AGENTS else SOCIETY_WEIGHT


# --- events ---------------------------------------------------------------------


def event_evidence(events: Iterable["Event"], lexicon: StanceLexicon, evidence: Evidence,
                   chunks: Sequence["Chunk"] = (), targets: Sequence[list[Target]] = ()) -> None:
    """Add the evidence of the coded events; ``targets``: the chunks' mentions
    (``mention_targets``), to find who a request presents."""
    for event in events:
        status_weight = STATUS_WEIGHT.get(event.status, 0.0) * event.confidence
        if status_weight <= 0 or event.type not in lexicon.events:
            continue
        toward_target, toward_source = lexicon.events[event.type]
        source, source_weight = side_weight(event.source)
        if event.type in FORCE_TYPES and (event.source.agent if event.source else None) not in STATE_AGENTS:
            source = None  # a crime by a civilian or a gang says nothing of its country
        target, target_weight = side_weight(event.target)
        presented = [(target, target_weight)] if target else []
        if event.type in ASKING_TYPES and chunks:
            asked = _asked_for(event, lexicon, chunks, targets)
            if asked is not None:
                toward_target, named = asked
                presented = named or presented
        why = f"{event.type} {event.trigger!r}"
        for country, weight in presented:
            domestic = DOMESTIC_WEIGHT if country == source else 1.0
            if toward_target:
                evidence.add(country, toward_target, status_weight * weight * domestic, why)
        if source and toward_source:
            domestic = DOMESTIC_WEIGHT if source == target else 1.0
            evidence.add(source, toward_source, status_weight * source_weight * domestic, why)


def _asked_for(event: "Event", lexicon: StanceLexicon, chunks: Sequence["Chunk"],
               targets: Sequence[list[Target]]) -> tuple[float, list[tuple[str, float]]] | None:
    """What a request or protest asks for: the polarity of the first
    requests.tsv word after its trigger ("réclament l'intervention …" -> 0.6),
    and the countries of the actors that word governs ("le départ *des soldats
    français*" -> FRA), who are then the ones it presents, whatever the event's
    coded target."""
    if not event.trigger_end:
        return None
    sentence_end = event.sentence_start + len(event.sentence)
    for c, chunk in enumerate(chunks):
        doc = chunk.doc
        local = event.trigger_end - chunk.offset
        length = _length(doc)
        if not 0 <= local < length:
            continue
        span = doc.char_span(local, min(length, sentence_end - chunk.offset), alignment_mode="expand")
        if span is None:
            return None
        for token in span[:ASK_WINDOW]:
            value = lexicon.request_hashes.get(token.lemma) or lexicon.request_hashes.get(token.lower)
            if value is not None:
                named = []
                for j, country, weight in (targets[c] if c < len(targets) else ()):
                    if _governed(doc[j], token) and (country, weight) not in named:
                        named.append((country, weight))
                return value, named
        return None
    return None


def _governed(token, head) -> bool:
    """``token`` hangs on ``head`` through noun complements only ("le départ
    des forces de la France": forces and France hang on départ)."""
    node = token
    for _ in range(MAX_TREE_DISTANCE):
        if not _genitive(node):
            return False
        if node.head.i == head.i and node.i != head.i:
            return node.dep_ in PASS_THROUGH or node.dep_ == "obj"
        if node.dep_ not in PASS_THROUGH or node.head.i == node.i:
            return False
        node = node.head
    return False


def _genitive(token) -> bool:
    """No preposition, or "de": "le départ *des* forces", not "l'intervention *au* Mali"."""
    cases = [c.lower_ for c in token.children if c.dep_ == "case"]
    return not cases or any(c in GENITIVE for c in cases)


# --- evaluative words -------------------------------------------------------------


def word_evidence(chunk: "Chunk", targets: list[Target], lexicon: StanceLexicon, evidence: Evidence) -> None:
    doc = chunk.doc
    if not len(doc):
        return
    table = doc.to_array(["LEMMA", "LOWER"])
    words = lexicon.word_hashes
    polar = [(i, words.get(lemma) or words.get(lower))
             for i, (lemma, lower) in enumerate(zip(table[:, 0].tolist(), table[:, 1].tolist()))
             if lemma in words or lower in words]
    if not polar:
        return
    quoted = _quoted(doc, table[:, 1].tolist(), lexicon)
    for i, polar_word in polar:
        token = doc[i]
        value = lexicon.modify(token, polar_word.polarity)
        if not value:
            continue
        weight = QUOTE_WEIGHT if any(a < i < b for a, b in quoted) else 1.0
        for country, w in _evaluated(doc, i, polar_word.applies, targets):
            evidence.add(country, value, weight * w, polar_word.word)


def _length(doc: "Doc") -> int:
    """len(doc.text), without building the text (Doc.text joins every token)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def _quoted(doc: "Doc", lowers: list[int], lexicon: StanceLexicon) -> list[tuple[int, int]]:
    """(open, close) token indices of the quotations of the chunk: « … », “ … ”
    and "…" (straight quotes pair up in order)."""
    spans, opened, straight = [], None, None
    for i, key in enumerate(lowers):
        kind = lexicon.quote_hashes.get(key)
        if kind is None:
            continue
        if kind == "open":
            opened = i
        elif kind == "close" and opened is not None:
            spans.append((opened, i))
            opened = None
        elif kind == "straight":
            if straight is None:
                straight = i
            else:
                spans.append((straight, i))
                straight = None
    return spans


def mention_targets(chunks: Sequence["Chunk"], mentions: Sequence["Mention"],
                    actors: Mapping[str, "Actor"]) -> list[list[Target]]:
    """Per chunk, (head token index, country, weight) of its actor mentions
    that stance counts."""
    mentions = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    out = []
    for chunk in chunks:
        end = chunk.offset + _length(chunk.doc)
        inside = mentions[bisect_left(starts, chunk.offset):bisect_left(starts, end)]
        out.append(_mention_tokens(chunk.doc, chunk.offset, inside, actors))
    return out


def _mention_tokens(doc: "Doc", offset: int, mentions, actors: Mapping[str, "Actor"]) -> list[Target]:
    out = []
    for mention in mentions:
        actor = actors.get(mention.actor)
        if actor is None:
            continue
        country, weight = side_weight(actor)
        if country is None:
            continue
        span = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
        if span is not None and len(span):
            out.append((span.root.i, country, weight))
    return out


def _evaluated(doc: "Doc", i: int, applies: str, targets: list[Target]) -> list[tuple[str, float]]:
    """The countries a polar word at ``i`` evaluates, with a proximity weight."""
    near = [t for t in targets if abs(t[0] - i) <= NEAR_TOKENS]
    if not near:
        return []
    token = doc[i]
    if applies != "any":
        wanted = SUBJECT_DEPS if applies == "subject" else OBJECT_DEPS
        out = {}
        for j, country, weight in near:
            if _argument_role(doc, j, token) in wanted:
                out[country] = max(out.get(country, 0.0), weight)
        return list(out.items())
    up = {}
    node, depth = token, 0
    while True:
        up[node.i] = depth
        if node.head.i == node.i or depth > MAX_TREE_DISTANCE:
            break
        node, depth = node.head, depth + 1
    best: dict[str, tuple[int, float]] = {}
    for j, country, weight in near:
        distance = _distance(doc[j], up)
        if distance is None or distance > MAX_TREE_DISTANCE:
            continue
        if country not in best or distance < best[country][0]:
            best[country] = (distance, weight)
    if not best:
        return []
    closest = min(d for d, _ in best.values())
    return [(country, weight / max(1, d)) for country, (d, weight) in best.items() if d == closest]


def _distance(token, up: dict[int, int]) -> int | None:
    steps = 0
    node = token
    while steps <= MAX_TREE_DISTANCE:
        if node.i in up:
            return steps + up[node.i]
        if node.head.i == node.i:
            return None
        node, steps = node.head, steps + 1
    return None


def _argument_role(doc: "Doc", j: int, verb) -> str | None:
    """The dependency by which the phrase headed by token ``j`` hangs on
    ``verb`` ("la France" in "la France a échoué" -> nsubj), or None."""
    node = doc[j]
    for _ in range(MAX_TREE_DISTANCE):
        if node.head.i == verb.i and node.i != verb.i:
            return node.dep_
        if node.dep_ not in PASS_THROUGH or node.head.i == node.i:
            return None
        node = node.head
    return None


# --- the article ------------------------------------------------------------------


def score_stance(chunks: Sequence["Chunk"], mentions: Sequence["Mention"], actors: Mapping[str, "Actor"],
                 events: Iterable["Event"], lexicon: StanceLexicon | None = None, explain: bool = False):
    """The article's stance: ``{"RUS": 0.62, "FRA": -0.55}``, strongest first,
    from its parse, its actors' mentions (``article.entities``), its actors
    and its events.

    ``explain=True`` returns ``(scores, evidence)``, where ``evidence.items``
    lists each country's (polarity, weight, why) items."""
    lexicon = lexicon or load_lexicon()
    evidence = Evidence()
    targets = mention_targets(chunks, mentions, actors)
    event_evidence(events, lexicon, evidence, chunks, targets)
    for chunk, chunk_targets in zip(chunks, targets):
        if chunk_targets:
            word_evidence(chunk, chunk_targets, lexicon, evidence)
    scores = evidence.scores()
    return (scores, evidence) if explain else scores
