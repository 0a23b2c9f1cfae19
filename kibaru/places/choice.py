"""Where an event happens, chosen among the places its context offers.

The rules (``kibaru.scene``) give every event of a sentence the sentence's
first scene-setting place, else the place the paragraph set, else the
article's main place. A sentence often names more than one place, though, and
which one the event happens at is a matter of syntax: "l'armée turque mène
une opération *dans le nord-est de la Syrie* contre une alliance … alliée aux
*États-Unis*", "retirer 12 000 soldats *d'Allemagne* … de leurs forces *en
Europe*". A place model (``kibaru train``) scores each option from what ties
it to the event: the preposition that introduces it, its path to the trigger
in the parse, whether it is the country of the event's source or target, its
kind (town, region, country, continent), how sure its resolution is, and the
rules' own choice; the best-scoring option wins, "none" included.

``place_options`` lists the options of one event and ``option_features`` says
what the model sees of each; training (``kibaru.training.data``) labels the
same options against the gold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..actors.fold import fold

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from ..scene import SentenceScene
    from .finder import PlaceMention

Features = dict[str, float]

# Event types grouped for the crossed features (a few hundred gold events per
# type cannot each learn their own weights for every place feature).
TYPE_GROUPS = {
    "ASSAULT": "force", "COERCE": "force", "MOBILIZE": "force", "RETREAT": "force",
    "CONSULT": "meet", "AGREE": "meet", "COOPERATE": "meet", "AID": "meet",
    "PROTEST": "protest",
}


# An actor acts where it is ("Le Togo a réceptionné ses doses", "l'Ukraine
# ferme ses écoles"): its country is an option. The target's country is one
# only for acts done to a country on its soil ("un assaut contre l'Ukraine");
# a request to, a visit from or a meeting with a country does not happen there.
TARGET_SIDE_TYPES = {"ASSAULT", "COERCE"}


def side_places(scene, event_type: str, source: str | None, target: str | None, text: str) -> dict[str, dict | None]:
    """The places of the countries of an event's sides that may be where it
    happens: those the sentence names ("Le Togo a réceptionné …"), not those
    it only implies ("Le ministre malien a rencontré …" states no place)."""
    countries = {"source": source, "target": target if event_type in TARGET_SIDE_TYPES else None}
    folded = fold(text)
    places = {}
    for side, country in countries.items():
        place = scene.country_place(country) if country else None
        name = fold(place.get("name") or "") if place else ""
        places[side] = place if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded) else None
    return places


@dataclass
class PlaceOption:
    """One answer to "where did it happen": a place and where it comes from."""

    kind: str  # "mention" (named in the sentence), "carried" (set earlier in the paragraph), "main",
    # "source" or "target" (the country of the event's side), "none"
    place: dict | None
    mention: "PlaceMention | None" = None
    rule: bool = False  # the rules' own answer
    also: tuple[str, ...] = ()  # the other sources that give the same place

    @property
    def key(self) -> tuple | None:
        return (self.place.get("name"), self.place.get("country")) if self.place else None


def place_options(scene: "SentenceScene", main: dict | None, rule_place: dict | None,
                  sides: dict[str, dict | None] | None = None) -> list[PlaceOption]:
    """Every place the event could be at: the sentence's mentions (scene-setting
    or not), the paragraph's place, the article's main place, the countries of
    its source and target ("Le Togo a réceptionné …", "un assaut contre
    l'Ukraine"), and none. (The places of the two sentences before were
    tried as options too: they moved nothing in cross-validation.)"""
    found: dict[tuple, PlaceOption] = {}
    ordered: list[PlaceOption] = []

    def add(option: PlaceOption) -> None:
        known = found.get(option.key)
        if known is not None:
            known.also += (option.kind,)
            return
        found[option.key] = option
        ordered.append(option)

    for mention in scene.mentions:
        if mention.sets_the_scene:  # "l'aide de la Russie" names an actor, not a place
            add(PlaceOption("mention", mention.place, mention))
    if scene.carried_place is not None:
        add(PlaceOption("carried", scene.carried_place.place, scene.carried_place))
    if main:
        add(PlaceOption("main", main))
    # a country the sentence names as someone's is an actor there, not a place,
    # whichever side of the event it ends up on
    someones = {m.place.get("country") for m in scene.mentions if not m.sets_the_scene}
    for side, place in (sides or {}).items():
        if place and place.get("country") not in someones:
            add(PlaceOption(side, place))

    ordered.append(PlaceOption("none", None))
    rule_key = (rule_place.get("name"), rule_place.get("country")) if rule_place else None
    for option in ordered:
        option.rule = option.key == rule_key
    return ordered


def option_features(option: PlaceOption, index: int, options: Sequence[PlaceOption], trigger: "Token | None",
                    sent: "Span", event_type: str, source: str | None, target: str | None) -> Features:
    """What the place model sees of one option of one event."""
    group = TYPE_GROUPS.get(event_type, "other")
    mentions = sum(o.kind == "mention" for o in options)
    f: Features = {f"kind={option.kind}": 1.0, f"kind={option.kind}|{group}": 1.0,
                   f"kind={option.kind}|mentions={min(mentions, 3)}": 1.0}
    if option.rule:
        f["rule"] = 1.0
        f[f"rule|kind={option.kind}"] = 1.0
    if option.place is None:
        f[f"none|{event_type}"] = 1.0
        return f
    for source_kind in option.also:
        f[f"also={source_kind}"] = 1.0
    country = option.place.get("country")
    if country and any(o.kind == "mention" and o.place.get("country") == country for o in options):
        f[f"country named|{option.kind}"] = 1.0
    side = "none" if not country else "source" if country == source else "target" if country == target else "other"
    f[f"country={side}"] = 1.0
    f[f"country={side}|{group}"] = 1.0
    confidence = float(option.place.get("confidence") or 0.0)
    f["confidence"] = confidence
    if option.place.get("ambiguous"):
        f["ambiguous"] = 1.0
    mention = option.mention
    if mention is None:
        return f
    f[f"feature={mention.feature}"] = 1.0
    f[f"feature={mention.feature}|{option.kind}"] = 1.0
    f[f"feature={mention.feature}|{group}"] = 1.0
    for flag in ("where", "dateline", "owned"):
        if getattr(mention, flag):
            f[f"{flag}|{option.kind}"] = 1.0
    if mention.sets_the_scene:
        f[f"scene|{option.kind}"] = 1.0
    if option.kind == "mention":
        f.update(_syntax(mention, trigger, sent, group))
        if index == 0:
            f["first mention"] = 1.0
    return f


def _syntax(mention: "PlaceMention", trigger: "Token | None", sent: "Span", group: str) -> Features:
    """How a place named in the sentence is tied to the event's trigger."""
    tokens = [t for t in sent if t.idx < mention.start + len(mention.text) and t.idx + len(t.text) > mention.start]
    if not tokens:
        return {}
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in inside or t.head == t), tokens[0])
    case = next((c.lower_ for c in head.children if c.dep_ in ("case", "fixed")), None) \
        or (sent.doc[head.i - 1].lower_ if head.i > sent.start else "^")
    case = case.replace("’", "'")
    f: Features = {f"case={case}": 1.0, f"case={case}|{group}": 1.0, f"dep={head.dep_}": 1.0,
                   f"governor={head.head.pos_}": 1.0}
    if trigger is None:
        f["no trigger"] = 1.0
        return f
    f["before trigger" if head.i < trigger.i else "after trigger"] = 1.0
    distance = abs(head.i - trigger.i)
    f[f"distance={min(distance // 4, 4)}"] = 1.0
    up = _hops_up(head, trigger)
    if up is not None:
        f[f"under trigger={min(up, 3)}"] = 1.0
        f[f"under trigger={min(up, 3)}|case={case}"] = 1.0
        f[f"under trigger|{group}"] = 1.0
    elif _hops_up(trigger, head) is not None:
        f["above trigger"] = 1.0
    else:
        f["elsewhere in the parse"] = 1.0
        if head.head.pos_ in ("NOUN", "PROPN") and head.head.i != trigger.i:
            f["names a noun's place"] = 1.0  # "l'ambassadeur de Chine au Sénégal"
    return f


def _hops_up(token: "Token", ancestor: "Token") -> int | None:
    """How many heads up from ``token`` ``ancestor`` is, if it is one."""
    hops = 0
    while token.head != token and hops < 12:
        token, hops = token.head, hops + 1
        if token == ancestor:
            return hops
    return None


def trigger_token(sent: "Span", offset: int, start: int, end: int, event_type: str) -> "Token | None":
    """The word that carries an event whose trigger spans ``start``–``end`` in the article."""
    from ..events.heads import trigger_head

    tokens = [t for t in sent if offset + t.idx < end and offset + t.idx + len(t.text) > start and not t.is_punct]
    return trigger_head(tokens, event_type) if tokens else None


def choose(model, options: Sequence[PlaceOption], trigger: "Token | None", sent: "Span", event_type: str,
           source: str | None, target: str | None) -> tuple[PlaceOption, float]:
    """The option the place model scores highest, and its score."""
    scored = [(model.score(option_features(o, i, options, trigger, sent, event_type, source, target)), i)
              for i, o in enumerate(options)]
    score, best = max(scored)
    return options[best], score
