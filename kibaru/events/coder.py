"""The PLOVER coder: triggers + arguments + status -> events of one sentence.

``code_sentence`` is side-effect free apart from the article's actor registry
(which it asks to resolve phrases); places and dates are added by the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..actors.fold import fold
from ..actors.resolve import REPORTING_VERBS, ArticleActors, SentenceActors
from ..actors.syntax import np_tokens
from ..doc.analysis import Actor, Event
from .arguments import Arguments, noun_arguments, verb_arguments
from .lexicon import TriggerLexicon
from .status import status_of
from .triggers import Found, find_triggers

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Reporting verbs ("X affirme que la France a violé …" is X accusing France)
# are shared with the actor resolver, which needs them for quotes.
SPEECH_VERBS = REPORTING_VERBS
# Acts that, when reported by someone else, are an allegation (guidelines: code
# the ACCUSE by the accuser, not the alleged act).
HOSTILE_TYPES = {"ASSAULT", "COERCE", "SANCTION", "THREATEN"}
# Inside the complement of these, the events are alleged or denied, not reported.
# (by type, the relations that lead into that content: "accusé … *en imposant
# des sanctions*" is part of the allegation; "répondre *à l'appel*" is not part
# of the promise)
ALLEGATION = ("xcomp", "ccomp", "obj", "acl", "obl:arg", "advcl")
# ("inviter le ministre *à prendre part* à une conférence" is one planned meeting)
SCOPE_TYPES = {"ACCUSE": ALLEGATION, "REJECT": ALLEGATION, "CONSULT": ("xcomp",),
               "REQUEST": ("xcomp", "ccomp"), "THREATEN": ("xcomp", "ccomp"), "AGREE": ("xcomp", "ccomp")}
# Verbal acts: someone says them.
SPEECH_ACTS = {"REQUEST", "ACCUSE", "AGREE", "SUPPORT", "REJECT", "THREATEN", "CONCEDE"}
# Acts that always have someone at the receiving end, named or not, and the
# sector of that someone when the text leaves them unnamed: the local
# population for violence and repression, the government for a coup.
VIOLENT_MODES = ("attack", "kill", "massacre", "bomb", "abduct", "ambush", "shoot", "torture", "wound", "beat", "sexual")
PATIENTS = {("ASSAULT", m): "CVL" for m in VIOLENT_MODES} | \
           {("COERCE", m): "CVL" for m in ("arrest", "detain", "charge", "deport", "repress", "extradite", "curfew", "ban")} | \
           {("COERCE", "seize"): "GOV", ("CONCEDE", "pardon"): "CVL", ("RETREAT", "release"): "CVL",
            ("RETREAT", "evacuate"): "CVL"}
# Types done *with* someone: coordinated subjects act on each other.
MUTUAL_TYPES = {"CONSULT", "COOPERATE", "AGREE"}
# Confidence: how much a trigger kind and each found argument contribute.
BASE_CONFIDENCE = {"verb": 0.55, "noun": 0.4}
SOURCE_BONUS = 0.25
TARGET_BONUS = 0.15
# Sectors used for an act in the passive whose agent the sentence leaves out
# but the act implies: an arrest is made by the police, an attack by armed men.
IMPLICIT_AGENTS = {("COERCE", "arrest"): "COP", ("COERCE", "detain"): "COP", ("COERCE", None): "GOV",
                   ("ASSAULT", None): "UAF", ("CONCEDE", None): "GOV", ("RETREAT", "release"): "GOV",
                   ("PROTEST", None): "CVL", ("ACCUSE", "criticize"): "CVL"}


@dataclass
class Candidate:
    found: Found
    args: Arguments
    status: str


def code_sentence(
    sent: "Span",
    sentence: SentenceActors,
    actors: ArticleActors,
    lexicon: TriggerLexicon,
    offset: int,
) -> list[Event]:
    """Events of one sentence; ``offset`` is the sentence's doc's offset in the article text."""
    return dedupe([e for _, events in rule_events(sent, sentence, actors, lexicon, offset) for e in events])


def rule_events(sent: "Span", sentence: SentenceActors, actors: ArticleActors, lexicon: TriggerLexicon,
                offset: int, found: list[Found] | None = None) -> list[tuple[Found, list[Event]]]:
    """Each lexicon trigger the rules keep, with the events they code from it
    (before the sentence's duplicates are merged). ``found``: the sentence's
    lexicon hits, when the caller has already looked them up."""
    if found is None:
        found = list(find_triggers(sent, lexicon))
    verb_triggers = {f.token.i: f for f in found if f.entry.pos == "verb"}
    out: list[tuple[Found, list[Event]]] = []
    for item in found:
        if item.entry.pos == "noun" and covered_by_verb(item, verb_triggers):
            continue
        if in_scope_of(item.token, verb_triggers):
            continue
        if item.entry.type in SPEECH_ACTS and item.token.dep_ == "acl" and "Past" in item.token.morph.get("Tense"):
            continue  # "huit soldats accusés de …", "la fin annoncée de …": a description, not a report
        args = arguments_of(item)
        candidate = Candidate(item, args, status_of(item.token, item.entry.status))
        events = [e for e in _events(sent, sentence, actors, candidate, offset) if _has_actors(e, item, args.passive)]
        if events:
            out.append((item, events))
    return out


def trigger_events(sent: "Span", sentence: SentenceActors, actors: ArticleActors, found: Found, status: str,
                   offset: int) -> list[Event]:
    """The events one trigger codes: its arguments read off the parse and
    resolved to actors, one event per (source, target) pair."""
    return _events(sent, sentence, actors, Candidate(found, arguments_of(found), status), offset)


def arguments_of(found: Found) -> Arguments:
    if found.entry.pos == "verb":
        return verb_arguments(found.token, found.entry)
    return noun_arguments(found.token, found.entry, found.end)


def _has_actors(event: Event, found: Found, passive: bool) -> bool:
    """An event with neither source nor target is kept only for a verb of
    violence ("ont été tués", "a été détruite"): elsewhere it is mostly a topic
    ("l'offensive de charme", "les discussions") rather than an event. A speech
    act in the active voice needs its speaker: "la loi exige que …" is no
    request by anyone."""
    undergone = passive or found.entry.subject_is_target  # "fait face à des critiques": someone criticises
    if event.type in SPEECH_ACTS and found.entry.pos == "verb" and not undergone and event.source is None:
        return False
    if event.source is not None or event.target is not None:
        return True
    return event.type == "ASSAULT" and found.entry.pos == "verb"


def covered_by_verb(item: Found, verbs: dict[int, Found]) -> bool:
    """"suspendre les opérations conjointes", "a reçu en audience": the verb's
    event already says it ("répondre à l'appel" is two events: the appeal and
    the answer)."""
    noun = item.token
    head = verbs.get(noun.head.i)
    if head is not None and fold(noun.lemma_) in head.entry.with_ and head.entry.type == item.entry.type:
        return True
    token = noun
    for _ in range(2):
        if token.dep_ in ("obj", "nsubj:pass", "xcomp") and token.head.i in verbs:
            return True
        if token.dep_ != "nmod":
            break
        token = token.head
    return False


def in_scope_of(token: "Token", verbs: dict[int, Found]) -> bool:
    """Alleged or denied acts ("accusés d'avoir intenté un coup d'État", "nie
    avoir ciblé des civils") are the accusation's or denial's content."""
    current = token
    for _ in range(4):
        if current.head == current:
            return False
        head = current.head
        found = verbs.get(head.i)
        if found is not None and current.dep_ in SCOPE_TYPES.get(found.entry.type, ()):
            return True
        current = head
    return False


def _speaker(token: "Token") -> "Token | None":
    """The subject of the reporting verb whose complement holds ``token``, if any."""
    current = token
    for _ in range(3):
        if current.head == current:
            return None
        head = current.head
        if current.dep_ in ("ccomp", "xcomp") and fold(head.lemma_) in SPEECH_VERBS:
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            return subjects[0] if subjects else None
        current = head
    return None


def _events(sent, sentence, actors: ArticleActors, candidate: Candidate, offset: int) -> list[Event]:
    found, args = candidate.found, candidate.args
    entry = found.entry
    sources = _resolve_all(actors, sentence, args.sources, appositions=True)
    if not sources and not args.passive and not args.sources and entry.pos == "verb" and not entry.subject_is_target:
        sources = _subject_by_position(actors, sentence, found.token)
    targets = _resolve_all(actors, sentence, args.targets)
    owned: set[str] = set()  # targets read as "their own" people, per source below
    if len(targets) == len(args.targets):
        targets = [_possessed(actors, sentence, t, tok, sources) for t, tok in zip(targets, args.targets)]
        owned = {t.id for t, tok in zip(targets, args.targets) if t is not None and _has_possessive(tok)}
    speaker_token = _speaker(found.token) if entry.pos == "verb" else None
    if speaker_token is not None and len(sources) == len(args.sources):
        # "Il a déclaré que *son* pays accepterait …": the speaker's country
        owner = actors.resolve(sentence, speaker_token)
        sources = [_possessed(actors, sentence, s, tok, [owner]) for s, tok in zip(sources, args.sources)]
    if not targets:
        targets = _opposed(actors, found)
    if not targets and entry.pos == "noun":
        targets = _complement_by_position(actors, sentence, found, sources)
    if not targets and args.alternatives:
        # "a livré des drones *à l'armée nigérienne*": the object is a thing,
        # the recipient is the target
        targets = _resolve_all(actors, sentence, args.alternatives)
    if not targets and not args.passive and entry.pos == "verb" and entry.type not in ("AGREE", "CONCEDE", "RETREAT") \
            and not any(actors.is_depiction(t) for t in args.targets):
        # (an announcement, a concession or a withdrawal takes a thing, not an
        # actor, as object; and "ont détruit le buste de l'ancien président" does nothing to him)
        targets = _object_by_position(actors, sentence, found, sources)
    if not targets and len(sources) > 1 and entry.type in MUTUAL_TYPES:
        # "le Mali et le Burkina Faso ont mené des opérations conjointes": each other
        sources, targets = sources[:1], sources[1:]
    event_type, mode, status = entry.type, entry.mode, candidate.status
    trigger_tokens = _trigger_tokens(found)
    if speaker_token is not None:
        speaker = actors.resolve(sentence, speaker_token)
        if speaker is not None and all(s is None or s.id != speaker.id for s in sources):
            if status == "negated":  # "a déclaré que le pays n'a jamais soutenu …": a denial
                event_type, mode, status, sources, targets = "REJECT", "deny", "occurred", [speaker], [None]
            elif event_type in HOSTILE_TYPES or mode == "violate" or _arms_to_rebels(event_type, targets):
                event_type, mode, status = "ACCUSE", "allege", "occurred"
                targets, sources = [s for s in sources if s is not None] or [None], [speaker]
            trigger_tokens = [speaker_token.head] + trigger_tokens
    if not any(sources) and (args.passive or entry.pos == "noun" or entry.subject_is_target) and speaker_token is None:
        sources = [_implicit_source(actors, event_type, mode)]
    if not sources:
        sources = [None]
    if not any(targets) and (event_type, mode) in PATIENTS and actors.default_country and speaker_token is None \
            and status != "negated" and not any(actors.is_depiction(t) for t in args.targets):
        # an attack, an arrest, an amnesty always has someone at the receiving
        # end; unnamed, they are the local population
        targets = [actors.group_actor(actors.scene_country or actors.default_country, PATIENTS[(event_type, mode)])]
    if not targets:
        targets = [None]
    trigger_text, trigger_start, trigger_end = _span_text(sent.doc, trigger_tokens)
    confidence = BASE_CONFIDENCE[entry.pos] + SOURCE_BONUS * any(sources) + TARGET_BONUS * any(targets)
    events = []
    for source in sources:
        for target in targets:
            if target is not None and target.id in owned:
                target = _owned_by(actors, target, source, sources[0])
            if source is not None and target is not None and source.id == target.id and not _distinct_members(source):
                target = None
            events.append(Event(
                type=event_type, mode=mode, status=status,
                sentence=sent.text, sentence_start=offset + sent.start_char,
                trigger=trigger_text, source=source.ref() if source else None,
                target=target.ref() if target else None,
                confidence=min(confidence, 0.95),
                trigger_start=offset + trigger_start, trigger_end=offset + trigger_end,
            ))
    return events


def _distinct_members(actor: Actor) -> bool:
    """Two arguments that fall back to the same unnamed group ("un habitant"
    and "un voisin", both local civilians) are different people of one group:
    the event stays between them. A government, a named person or an
    organisation acting on itself is a misreading instead."""
    return actor.kind == "group" and actor.agent != "GOV"


def _resolve_all(actors: ArticleActors, sentence: SentenceActors, tokens: list["Token"], appositions: bool = False) -> list[Actor | None]:
    """Actors of argument tokens. With ``appositions`` (subjects), a second
    uncoordinated phrase renames the first rather than adding an actor."""
    resolved: list[Actor | None] = []
    coordinated = {t.i for t in tokens[:1]} | {c.i for t in tokens[:1] for c in t.children if c.dep_ == "conj"}
    for token in tokens:
        # "les gouvernements nigérian et ghanéen": one phrase, several actors
        each = actors.resolve_each(sentence, token)
        if appositions and token.i not in coordinated and resolved and each:
            # a second subject beside the first, not coordinated with it, is an
            # apposition ("Le Ministre …, le Colonel Sadio Camara, a reçu"): keep the person
            actor = each[0]
            if actor.kind == "person" and resolved[0] is not None and resolved[0].kind != "person" \
                    and all(a is None or a.id != actor.id for a in resolved):
                resolved[0] = actor
            continue
        resolved.extend(a for a in each if all(r is None or r.id != a.id for r in resolved))
    return resolved


def _arms_to_rebels(event_type: str, targets: list[Actor | None]) -> bool:
    """Aid to armed groups, reported by someone else, is an allegation."""
    return event_type == "AID" and any(t is not None and t.agent in ("REB", "UAF", "CRM") for t in targets)


def _possessed(actors: ArticleActors, sentence: SentenceActors, target: Actor | None, token: "Token",
               sources: list[Actor | None]) -> Actor | None:
    """"ont rapatrié *leurs* ressortissants": an unnamed group introduced by a
    possessive belongs to the subject's country, not the article's — unless the
    phrase names its own ("son homologue *gambien*")."""
    source = sources[0] if sources else None
    if target is None or source is None or target.kind != "group" or target.country == source.country:
        return target
    phrase = np_tokens(token)
    if any(a.kind in ("demonym", "country", "capital") and a.start in phrase for a in sentence.anchors):
        return target
    if _has_possessive(token) and source.country:
        return actors.group_actor(source.country, target.agent, target.plural)
    return target


# Prepositions that name a target wherever the parser attaches them ("un sit-in
# devant l'ambassade", "une plainte contre l'État"); "à" and "de" also give
# places and owners, so only the parse is trusted for them.
POSITIONAL_PREPS = ("devant", "contre", "envers", "aupres")


def _complement_by_position(actors: ArticleActors, sentence: SentenceActors, found: Found,
                            sources: list[Actor | None]) -> list[Actor]:
    """An event noun's target-like complement when the parse hangs it
    elsewhere ("… sous forme de sit-in *devant l'Ambassade de Russie*", "un
    sit-in a eu lieu *devant le ministère*"): the first such phrase after the
    noun, before any other clause starts."""
    doc = found.token.doc
    preps = [p for p in found.entry.target_preps if p in POSITIONAL_PREPS]
    end = min(found.end + MAX_OBJECT_DISTANCE, sentence.sent.end)
    for token in doc[found.end : end]:
        if token.text in (";", ":", "«", "»", '"') or token.pos_ == "SCONJ" or token.dep_ in ("nsubj", "nsubj:pass"):
            return []
        if token.pos_ != "ADP" or fold(token.text) not in preps or token.head.i <= token.i:
            continue
        actor = actors.resolve(sentence, token.head)
        if actor is not None and all(s is None or s.id != actor.id for s in sources):
            return [actor]
        return []
    return []


def _opposed(actors: ArticleActors, found: Found) -> list[Actor]:
    """Whom the event's noun says it is against: "des manifestations
    *anti-gouvernementales*", "ont participé à une marche *anti-France*" (the
    noun of a verb trigger: its object or companion word)."""
    entry = found.entry
    nouns = [found.token] if entry.pos == "noun" else \
        [c for c in found.token.children if fold(c.lemma_) in entry.with_ | entry.object]
    adjectives = [c for noun in nouns for c in noun.children if c.dep_ == "amod"]
    return [a for a in (actors.opposed(c) for c in adjectives) if a is not None][:1]


def _has_possessive(token: "Token") -> bool:
    return any(c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in token.children)


def _owned_by(actors: ArticleActors, target: Actor, source: Actor | None, first: Actor | None) -> Actor:
    """"Les gouvernements nigérian et ghanéen ont rapatrié *leurs*
    ressortissants": each source repatriates its own nationals, so a
    possessed group read for the first source is the same group of the others'
    countries."""
    if source is None or first is None or source is first or not source.country:
        return target
    if target.kind != "group" or target.country != first.country:
        return target
    return actors.group_actor(source.country, target.agent, target.plural)


def _subject_by_position(actors: ArticleActors, sentence: SentenceActors, verb: "Token") -> list[Actor]:
    """When the parse gives a verb no subject (it often splits long sentences
    at a name), the nearest actor before it that is not inside a prepositional
    phrase is taken."""
    doc = verb.doc
    for anchor in sorted(sentence.anchors, key=lambda a: -a.start):
        if anchor.start >= verb.i or anchor.kind == "demonym" and doc[anchor.start].pos_ == "ADJ":
            continue
        if any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") and t.dep_ not in ("acl:relcl", "aux", "aux:tense", "aux:pass", "cop")
               for t in doc[anchor.end : verb.i]):
            return []  # another finite verb in between: that one's subject
        tokens = doc[anchor.start : anchor.end]
        if all(t.dep_ in ("nmod", "obl", "obl:mod", "obl:arg") or any(c.dep_ == "case" for c in t.children) for t in tokens):
            continue
        actor = actors.resolve(sentence, tokens.root)
        return [actor] if actor is not None else []
    return []


# How far after a verb its object may sit when the parse lost the link.
MAX_OBJECT_DISTANCE = 8


def _object_by_position(actors: ArticleActors, sentence: SentenceActors, found: Found, sources: list) -> list[Actor]:
    """When the parse attaches the object elsewhere ("… et violé des civils",
    "mis en garde le pouvoir"), the first actor right after the trigger, in the
    same clause and not behind a preposition the type does not take, is it."""
    doc = found.token.doc
    start = found.end
    # words of a multi-word trigger ("mis *en garde* le pouvoir") are skipped over
    while start < len(doc) and (fold(doc[start].lemma_) in found.entry.with_
                                or doc[start].pos_ in ("ADP", "DET", "ADV") and start + 1 < len(doc)
                                and fold(doc[start + 1].lemma_) in found.entry.with_):
        start += 1
    for anchor in sorted(sentence.anchors, key=lambda a: a.start):
        if anchor.start < start or anchor.kind == "demonym" and doc[anchor.start].pos_ == "ADJ":
            continue
        if anchor.start - start > MAX_OBJECT_DISTANCE:
            return []
        between = doc[start : anchor.start]
        coordinated = {c.i for c in found.token.children if c.dep_ == "conj"}
        if any(t.text in (";", ":", ",", "«", "»", '"') or t.pos_ == "SCONJ"
               or t.pos_ in ("VERB", "AUX") and t.i not in coordinated and not t.dep_.startswith("aux")
               or t.pos_ == "PRON" and t.dep_ in ("nsubj", "nsubj:pass") for t in between):
            return []  # another clause starts before the candidate
        # "des"/"du" are mostly articles here ("violé des civils"): transparent
        preposition = next((fold(t.text) for t in reversed(between) if t.pos_ == "ADP" and fold(t.text) not in ("de", "du", "des", "d'")), None)
        if preposition is not None and preposition not in found.entry.target_preps:
            continue
        actor = actors.resolve(sentence, doc[anchor.start : anchor.end].root)
        if actor is not None and all(s is None or s.id != actor.id for s in sources):
            return [actor]
        return []
    return []


def _implicit_source(actors: ArticleActors, event_type: str, mode: str | None) -> Actor | None:
    """The doer an act implies when the text does not name it, from where it
    happened (the scene) or the article's country."""
    if event_type == "ASSAULT" and mode not in VIOLENT_MODES:
        return None  # "la statue a été détruite": no armed men implied
    agent = IMPLICIT_AGENTS.get((event_type, mode)) or IMPLICIT_AGENTS.get((event_type, None))
    country = actors.scene_country or actors.default_country
    if agent is None or country is None:
        return None
    return actors.group_actor(country, agent)


def _trigger_tokens(found: Found) -> list["Token"]:
    token = found.token
    doc = token.doc
    tokens = [c for c in token.children if c.dep_.startswith("aux") or (c.dep_ == "advmod" and c.lower_ in ("pas", "jamais"))
              or (c.dep_ == "advmod" and c.lower_ in ("ne", "n'", "n’"))]
    tokens.append(token)
    tokens.extend(doc[i] for i in range(token.i + 1, found.end))
    return tokens


def _span_text(doc, tokens: list["Token"]) -> tuple[str, int, int]:
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    span = doc[start:end]
    return span.text, span.start_char, span.end_char


def dedupe(events: list[Event]) -> list[Event]:
    """One event per type and dyad in a sentence; keep the most informative."""
    kept: list[Event] = []
    for event in events:
        duplicate = None
        for other in kept:
            if other.type == event.type and _compatible(other, event):
                duplicate = other
                break
        if duplicate is None:
            kept.append(event)
        elif _informative(event) > _informative(duplicate):
            kept[kept.index(duplicate)] = event
    return kept


def _compatible(a: Event, b: Event) -> bool:
    def same(x, y) -> bool:
        return x is None or y is None or x.get("country") == y.get("country")

    return same(a.source, b.source) and same(a.target, b.target)


def _informative(event: Event) -> tuple[int, float]:
    return (int(event.source is not None) + int(event.target is not None), event.confidence)
