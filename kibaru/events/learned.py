"""The learned coder: models trained on annotated French news decide which
words report an event and of what type; the rules' argument reading turns
each one into events.

For every candidate word of a sentence (``features.candidates``) the trigger
model gives a probability per PLOVER type and for "no event" (``O``). A word
becomes an event when its best type beats "no event" by the model's own
decision rule (``TriggerModel.decide``). The type's lexicon entry, when the
word has one, says how its arguments read (prepositions of the target, a
subject that undergoes …); a word the lexicon does not know is read with its
type's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..actors.fold import fold
from ..doc.analysis import Event
from .coder import SPEECH_ACTS, arguments_of, covered_by_verb, dedupe, in_scope_of, rule_events, trigger_events
from .arguments import is_passive
from .features import SentenceView, candidates, status_features, trigger_features, vector
from .roles import Option, implicit_agent, option_features, options
from .lexicon import DEFAULT_TARGET_PREPS, TYPE_TARGET_PREPS, Trigger, TriggerLexicon
from .status import is_negated, is_purpose, status_of
from .triggers import Found, find_triggers, verb_lemmas

if TYPE_CHECKING:
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

    def code(self, sent: "Span", sentence: "SentenceActors", actors: "ArticleActors", offset: int,
             index: int, topic: str | None) -> list[Event]:
        view = self.view(sent, sentence, actors, offset, index, topic)
        tokens = candidates(sent)
        features = [trigger_features(t, view) for t in tokens]
        vectors = [vector(t) for t in tokens]
        if self.observe is not None:
            self.observe(view, tokens, features, vectors)
        model = self.models.triggers
        if model is None:  # observing with the rules alone (training)
            return dedupe([e for events in view.ruled.values() for e in events])
        events: list[Event] = []
        roles = self.models.source is not None and self.models.target is not None
        verbs = {f.token.i: f for f in view.found.values() if f.entry.pos == "verb"}
        coded_at: dict[int, set[str]] = {}  # types coded at each trigger word
        for token, feats, vec in zip(tokens, features, vectors):
            p = model.proba(feats, vec)
            no_event = model.no_event(p)
            ruled = view.ruled.get(token.i)
            if ruled:
                # the rules coded this word: kept unless the model is sure it is no event
                if no_event >= model.rule_threshold:
                    continue
                forced = view.found[token.i].entry.status if token.i in view.found else None
                for event in ruled:
                    event.confidence = 1.0 - no_event
                    self._status(event, token, forced)
                    if roles:
                        self._fill_roles(event, view, view.found[token.i])
                events.extend(ruled)
                coded_at.setdefault(token.i, set()).update(e.type for e in ruled)
                continue
            if no_event >= model.threshold or in_scope_of(token, verbs):
                continue  # (an alleged, denied or requested act is the speech act's content, not an event)
            label, p_label = model.best_type(p)
            found = reading(token, label, view)
            if found.entry.pos == "noun" and covered_by_verb(found, verbs) or _inside(token, label, coded_at):
                continue  # "a suspendu les opérations conjointes", "l'a invité à une réunion": one event
            status = status_of(token, found.entry.status)
            coded = trigger_events(sent, sentence, actors, found, status, offset)
            if found.entry.pos == "noun" and all(e.source is None and e.target is None for e in coded) \
                    and self._reported_before(actors, index, label):
                continue  # "… a reçu l'ambassadeur. Au menu des échanges : …": a back-reference, not a new event
            if roles:
                coded = [self._with_roles(coded, view, found)]
            for event in coded:
                event.confidence = p_label
                self._status(event, token, found.entry.status)
            events.extend(coded)
            coded_at.setdefault(token.i, set()).add(label)
        events = dedupe(events)
        self._remember(actors, index, events)
        return events

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
        they say is planned or hypothetical. Cross-validated status accuracy on
        the training gold: rules 0.885, this 0.925, the model alone 0.943 (it
        reads almost everything as "occurred", as 94% of the gold is)."""
        if self.models.status is None or forced or is_negated(token) or is_purpose(token):
            return  # (an act done "pour demander …" is intended, whatever its type)
        if event.status != "occurred" and event.type not in SPEECH_ACTS:
            return
        event.status, _ = self.models.status.best(status_features(token, event.status, event.type))

    def _fill_roles(self, event: Event, view: SentenceView, found: Found) -> None:
        """A rule event keeps the actors the rules found; a role they left
        empty is filled with the role model's choice when it is likely enough
        (not the target of an act on an image: "ont détruit le buste de …")."""
        if event.source is not None and event.target is not None:
            return
        token = found.token
        depicted = any(view.actors.is_depiction(t) for t in arguments_of(found).targets)
        opts = options(view, token, [event])
        passive = is_passive(token)
        for role in ("source", "target"):
            if getattr(event, role) is not None or role == "target" and depicted:
                continue
            model = getattr(self.models, role)
            scored = [(model.score(option_features(o, event.type, passive, view)), i) for i, o in enumerate(opts)]
            score, best = max(scored)
            ref = _actor_ref(view, opts[best], role, event.type)
            other = event.target if role == "source" else event.source
            if ref is not None and other is not None and ref["actor"] == other["actor"] and opts[best].best_actor() \
                    and opts[best].best_actor().kind != "group":
                continue  # a government or a person does not act on itself ("la France a condamné la violence")
            if score >= self.models.fill_threshold:
                setattr(event, role, ref)

    def _with_roles(self, coded: list[Event], view: SentenceView, found: Found) -> Event:
        """One event, with the source and target countries the role models prefer."""
        event = coded[0]
        opts = options(view, found.token, coded)
        passive = is_passive(found.token)
        for role in ("source", "target"):
            model = getattr(self.models, role)
            best = max(opts, key=lambda o: model.score(option_features(o, event.type, passive, view)))
            setattr(event, role, _actor_ref(view, best, role, event.type))
        return event

    def view(self, sent, sentence, actors, offset, index, topic) -> SentenceView:
        found = {f.token.i: f for f in find_triggers(sent, self.lexicon)}
        ruled: dict[int, list[Event]] = {}
        for item, events in rule_events(sent, sentence, actors, self.lexicon, offset):
            ruled.setdefault(item.token.i, []).extend(events)
        return SentenceView.build(sent, sentence, actors, self.lexicon, index, topic, found, ruled)



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
