"""The learned coder: the rules, and models trained on annotated French news
that check and complete them.

For every candidate word of a sentence (``features.candidates``) the trigger
model gives a probability per PLOVER type and for "no event" (``O``):

* a word the rules code keeps its events unless P(no event) reaches the
  model's ``rule_threshold`` (the rules are precise where they fire), and
  always when the rules read them as hypothetical ("pourrait attaquer"): the
  guidelines code those, and the gold has too few (14 of 1,591) for the model
  to judge them (cross-validated: no change in type F1);
* any other word becomes an event of its most likely type when P(no event)
  is below ``threshold`` (both chosen by cross-validation), read with the
  type's lexicon entry when the word has one, else with the type's defaults;
  not when it is the content of an accusation, denial or request, a word
  inside an event of its type, or a back-reference to one.

The role models then choose the countries of a new event's source and
target, and fill the roles a rule event leaves empty; the status model reads
what the words do not state outright (``_status``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..actors.fold import fold
from ..doc.analysis import Event
from .coder import SPEECH_ACTS, arguments_of, covered_by_verb, dedupe, in_scope_of, rule_events, trigger_events
from .arguments import is_passive
from .features import SentenceView, candidates, doc_vectors, status_features, trigger_features
from .roles import Option, implicit_agent, option_features, options
from .lexicon import DEFAULT_TARGET_PREPS, TYPE_TARGET_PREPS, Trigger, TriggerLexicon
from .status import is_negated, is_purpose, status_of
from .triggers import Found, find_triggers, verb_lemmas

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Span, Token

    from ..actors.resolve import ArticleActors, SentenceActors
    from ..models import Models

NO_EVENT = "O"
# A noun naming no actor, of a type coded this many sentences before, refers
# back to that event ("cette visite", "au menu des échanges": guidelines).
BACK_REFERENCE_SENTENCES = 2
# Types whose noun's "de X" undergoes the act ("l'attaque du camp",
# "l'arrestation de X"); for the others "de X" acts ("la visite du ministre").
# As the lexicon's noun entries have it, type by type.
UNDERGONE_TYPES = {"ASSAULT", "COERCE", "SANCTION", "RETREAT", "CONCEDE"}
# Sentence-level observer used by training: (view, candidate tokens, their features, vectors).
Observer = Callable[[SentenceView, list, list, list], None]


@dataclass
class LearnedCoder:
    models: "Models"
    lexicon: TriggerLexicon
    observe: Observer | None = None
    # the event types coded in the article's last sentences: (article's actors, [(sentence index, type)])
    _recent: tuple = (None, [])
    # the word vectors of the Doc being coded: (Doc, its ``doc_vectors``)
    _vectors: tuple = (None, None)

    def code(self, sent: "Span", sentence: "SentenceActors", actors: "ArticleActors", offset: int,
             index: int, topic: str | None) -> list[Event]:
        view = self.view(sent, sentence, actors, offset, index, topic)
        tokens = candidates(sent)
        model = self.models.triggers
        if self.observe is None and model is not None and model.words is not None:
            tokens = [t for t in tokens if self._worth_scoring(t, view)]
        features = [trigger_features(t, view) for t in tokens]
        matrix = self._doc_vectors(sent.doc)[[t.i for t in tokens]]
        if self.observe is not None:
            self.observe(view, tokens, features, list(matrix))
        if model is None:  # observing with the rules alone (training)
            return dedupe([e for events in view.ruled.values() for e in events])
        verbs = {f.token.i: f for f in view.found.values() if f.entry.pos == "verb"}
        coded_at: dict[int, set[str]] = {}  # types coded at each trigger word
        events: list[Event] = []
        probabilities = model.proba_many(features, matrix)
        no_events = probabilities[:, model.linear.classes.index(NO_EVENT)] if len(tokens) else ()
        for token, p, no_event in zip(tokens, probabilities, no_events):
            if token.i in view.ruled:
                new = self._checked_rule_events(token, float(no_event), view)
            elif no_event >= model.threshold:
                continue  # most words: no event, and nothing to record
            else:
                new = self._new_events(token, p, view, verbs, coded_at, offset)
            events.extend(new)
            coded_at.setdefault(token.i, set()).update(e.type for e in new)
        events = dedupe(events)
        self._remember(actors, index, events)
        return events

    def _doc_vectors(self, doc) -> "np.ndarray":
        if self._vectors[0] is not doc:
            self._vectors = (doc, doc_vectors(doc))
        return self._vectors[1]

    def _worth_scoring(self, token: "Token", view: SentenceView) -> bool:
        """A verb, a word the lexicon or the rules read as a trigger, or a word
        the training gold reports events with (``TriggerModel.words``); the
        model gives the other candidates no chance worth their features."""
        if token.pos_ == "VERB" or token.i in view.found or token.i in view.ruled:
            return True
        text, lemma = fold(token.text), fold(token.lemma_)
        lexicon = view.lexicon
        if text in lexicon.nouns or lemma in lexicon.nouns:
            return True
        others = verb_lemmas(token)  # (cheap tests first: most candidates end above)
        if any(key in lexicon.verbs for key in others):
            return True
        return self.models.triggers.knows([f"lemma={lemma}", f"word={text}", *(f"lemma={o}" for o in others[1:])])

    def _checked_rule_events(self, token: "Token", no_event: float, view: SentenceView) -> list[Event]:
        """The rules' events of this word, unless the model is sure it reports
        none and the rules do not read them as hypothetical."""
        found = view.found[token.i]
        ruled = view.ruled[token.i]
        if no_event >= self.models.triggers.rule_threshold and not all(e.status == "hypothetical" for e in ruled):
            return []
        for event in ruled:
            event.confidence = 1.0 - no_event
            self._status(event, token, found.entry.status)
            if self.models.source is not None and self.models.target is not None:
                self._fill_roles(event, view, found)
            _drop_unnamed_accuser(event, token)
        return ruled

    def _new_events(self, token: "Token", p, view: SentenceView, verbs: dict, coded_at: dict[int, set[str]],
                    offset: int) -> list[Event]:
        """An event the rules missed, when the model finds one here."""
        model = self.models.triggers
        if model.no_event(p) >= model.threshold or in_scope_of(token, verbs):
            return []  # (an alleged, denied or requested act is the speech act's content, not an event)
        label, p_label = model.best_type(p)
        found = reading(token, label, view)
        if found.entry.pos == "noun" and covered_by_verb(found, verbs) or _inside(token, label, coded_at):
            return []  # "a suspendu les opérations conjointes", "l'a invité à une réunion": one event
        coded = trigger_events(view.sent, view.sentence, view.actors, found, status_of(token, found.entry.status), offset)
        if found.entry.pos == "noun" and all(e.source is None and e.target is None for e in coded) \
                and self._reported_before(view.actors, view.index, label):
            return []  # "… a reçu l'ambassadeur. Au menu des échanges : …": a back-reference, not a new event
        if self.models.source is not None and self.models.target is not None:
            coded = [self._with_roles(coded, view, found)]
        for event in coded:
            event.confidence = p_label
            self._status(event, token, found.entry.status)
            _drop_unnamed_accuser(event, token)
        return coded

    def _remember(self, actors: "ArticleActors", index: int, events: list[Event]) -> None:
        owner, recent = self._recent
        if owner is not actors:  # a new article
            recent = []
        recent = [(i, t) for i, t in recent if index - i <= BACK_REFERENCE_SENTENCES] + [(index, e.type) for e in events]
        self._recent = (actors, recent)

    def _reported_before(self, actors: "ArticleActors", index: int, event_type: str) -> bool:
        owner, recent = self._recent
        return owner is actors and any(t == event_type and 0 < index - i <= BACK_REFERENCE_SENTENCES for i, t in recent)

    def _status(self, event: Event, token: "Token", forced: str | None) -> None:
        """The status model's reading, given the rules' (one of its features).

        What the words state outright stays as the rules read it: a status the
        lexicon fixes (an invitation is a planned meeting), the negation of
        the trigger itself, a purpose ("pour solliciter l'aide …"), and for
        acts other than speech, a modal, future or
        conditional ("s'apprêtent à organiser", "pourrait attaquer"). The model
        decides the rest: mostly speech acts, which happened even when what
        they say is planned or hypothetical. Cross-validated status accuracy
        on the training gold's events: rules 0.885, this 0.925, the model
        alone 0.943 (it reads almost everything as "occurred", as 94% of the
        gold is, and would break the guidelines' clear cases)."""
        if self.models.status is None or forced or is_negated(token) or is_purpose(token):
            return  # (an act done "pour demander …" is intended, whatever its type)
        if event.status != "occurred" and event.type not in SPEECH_ACTS:
            return
        event.status, _ = self.models.status.best(status_features(token, event.status, event.type))

    def _fill_roles(self, event: Event, view: SentenceView, found: Found) -> None:
        """A rule event keeps the actors the rules found; a role they left
        empty is filled with the role model's choice when it is likely enough,
        but never the target of an act on an image ("ont détruit le buste de
        …"), nor an actor acting on itself (an unnamed group of its country
        stands in)."""
        if event.source is not None and event.target is not None:
            return
        depicted = any(view.actors.is_depiction(t) for t in arguments_of(found).targets)
        opts = options(view, found.token, [event])
        for role in ("source", "target"):
            if getattr(event, role) is not None or role == "target" and depicted:
                continue
            score, best = self._best(role, opts, event.type, found.token, view)
            ref = _actor_ref(view, best, role, event.type)
            other = event.target if role == "source" else event.source
            actor = best.best_actor()
            if score < self.models.fill_threshold:
                continue
            if ref is not None and other is not None and ref["actor"] == other["actor"] \
                    and actor is not None and actor.kind != "group":
                # a government or a person does not act on itself, but its other side is often
                # someone else of its country ("le député dénonce la procédure": the government), as
                # annotators code it: 48 of the 96 targets left empty in cross-validation were the
                # source's country. Not when what is acted on is an act ("la France a condamné le
                # coup d'État"): that act's author is the target, and the sentence does not say who.
                if _acts_on_an_act(found.token, view) or event.type in OWN_STANCES:
                    continue
                agent = "GOV" if actor.agent != "GOV" else implicit_agent(role, event.type)
                ref = view.actors.group_actor(best.country, agent).ref()
                if ref["actor"] == other["actor"]:
                    continue
            setattr(event, role, ref)

    def _with_roles(self, coded: list[Event], view: SentenceView, found: Found) -> Event:
        """One event, with the source and target countries the role models prefer."""
        event = coded[0]
        opts = options(view, found.token, coded)
        for role in ("source", "target"):
            _, best = self._best(role, opts, event.type, found.token, view)
            setattr(event, role, _actor_ref(view, best, role, event.type))
        return event

    def _best(self, role: str, opts: list[Option], event_type: str, trigger: "Token",
              view: SentenceView) -> tuple[float, Option]:
        model = getattr(self.models, role)
        passive = is_passive(trigger)
        scores = model.scores([option_features(o, event_type, passive, view) for o in opts])
        score, i = max(zip(scores, range(len(opts))))
        return score, opts[i]

    def view(self, sent, sentence, actors, offset, index, topic) -> SentenceView:
        hits = list(find_triggers(sent, self.lexicon))
        found = {f.token.i: f for f in hits}
        ruled: dict[int, list[Event]] = {}
        for item, events in rule_events(sent, sentence, actors, self.lexicon, offset, hits):
            ruled.setdefault(item.token.i, []).extend(events)
        return SentenceView.build(sent, sentence, actors, self.lexicon, index, topic, found, ruled)



def _drop_unnamed_accuser(event: Event, trigger: "Token") -> None:
    """"Il est accusé de vol", "Accusé de pédophilie, X …": the passive names
    no accuser, and unlike an arrest (the police) or an attack, an accusation
    implies none; the guidelines leave such a source empty. Of the 13
    agentless "accusé(e)(s)" events cross-validation matched in the training
    gold, 9 have no source; the role model gave every one a country."""
    if event.type != "ACCUSE" or event.source is None or fold(trigger.lemma_) not in UNNAMED_ACCUSERS:
        return
    if "Part" not in trigger.morph.get("VerbForm"):
        return
    if any(c.dep_ in ("nsubj", "obl:agent") or c.dep_ == "aux" and fold(c.lemma_) == "avoir" for c in trigger.children):
        return  # "il a accusé", "accusé par l'opposition"
    event.source = None


# Acts that commit or state the actor's own position (a promise, a denial, a
# resignation): when the text names no other side, there is none to infer.
OWN_STANCES = frozenset({"AGREE", "REJECT", "RETREAT"})


# Verbs whose agentless passive leaves the accuser unknown.
UNNAMED_ACCUSERS = frozenset({"accuser", "accuse", "soupconner", "soupconne", "suspecter", "suspecte"})


def _acts_on_an_act(trigger: "Token", view: SentenceView) -> bool:
    """Is the trigger's direct object an event noun ("a condamné le coup
    d'État", "dénonce les attaques")?"""
    return any(c.dep_ == "obj" and (c.i in view.found or fold(c.lemma_) in view.lexicon.nouns
                                    or fold(c.text) in view.lexicon.nouns)
               for c in trigger.children)


def _inside(token: "Token", event_type: str, triggers: dict[int, set[str]]) -> bool:
    """Is the word within two steps below the trigger of an event of the same
    type already coded in this sentence (its complement, not another event)?
    ``triggers``: the types coded at each trigger word so far."""
    heads = {i for i, types in triggers.items() if event_type in types}
    current = token
    for _ in range(2):
        if current.head == current:
            return False
        current = current.head
        if current.i in heads:
            return True
    return False


def reading(token: "Token", event_type: str, view: SentenceView) -> Found:
    """The lexicon's reading of the word for this type, else the type's defaults."""
    hit = view.found.get(token.i)
    if hit is not None and hit.entry.type == event_type:
        return hit
    pos = "verb" if token.pos_ in ("VERB", "AUX") or "Part" in token.morph.get("VerbForm") else "noun"
    return Found(token, token.i + 1, entry_for(token, event_type, pos, view.lexicon))


def _actor_ref(view: SentenceView, option: Option, role: str, event_type: str) -> dict | None:
    if option.country is None:
        return None
    actor = option.best_actor() or view.actors.group_actor(option.country, implicit_agent(role, event_type))
    return actor.ref()


def entry_for(token: "Token", event_type: str, pos: str, lexicon: TriggerLexicon) -> Trigger:
    table = lexicon.verbs if pos == "verb" else lexicon.nouns
    keys = verb_lemmas(token) if pos == "verb" else [fold(token.text), fold(token.lemma_)]
    for key in keys:
        for entry in table.get(key, ()):
            if entry.type == event_type:
                return entry
    preps = TYPE_TARGET_PREPS.get(event_type, DEFAULT_TARGET_PREPS)
    return Trigger(lemma=fold(token.lemma_), type=event_type, mode=None, pos=pos,
                   target_preps=tuple(fold(p) for p in preps),
                   passive_target=event_type in UNDERGONE_TYPES)
