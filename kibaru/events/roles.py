"""Who did it and to whom: choosing each event's source and target country.

The rules read arguments off the parse; annotators also fill in actors the
sentence leaves implicit (a quarter of the gold's targets have no text: "the
population" of an attack, the government behind a ban) and they settle what
the parse gets wrong. So every event gets a set of *options*, one per
country it could involve:

* the countries of the rules' sources and targets for this trigger;
* the countries of every actor named in the sentence, with their
  syntactic relation to the trigger ("nsubj", "obl:à", "up:acl"…);
* the article's focus country, the sentence's scene and local country, and
  the countries of the actors of the previous sentences;
* no country at all.

Two models (source, target) score each option from these features; the best
option wins. Only the country is chosen: the actor given for it is the rules'
own when they found one, else the named actor nearest in the parse, else an
unnamed group of that country.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..actors.anchors import anchor_head
from ..actors.fold import fold

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..doc.analysis import Actor, Event
    from .features import SentenceView

NONE = "-"  # the option "no actor in this role"
RECENT = 4  # actors of the previous sentences offered as options
# The sector of an unnamed actor of a chosen country, by role and type.
IMPLICIT_AGENT = {"source": {"ASSAULT": "UAF", "PROTEST": "CVL", "COERCE": "GOV", "MOBILIZE": "MIL"},
                  "target": {"ASSAULT": "CVL", "COERCE": "CVL", "PROTEST": "GOV", "AID": "CVL"}}
MAX_PATH = 3


@dataclass
class Option:
    country: str | None
    tags: set[str] = field(default_factory=set)
    actors: list[tuple[int, "Actor"]] = field(default_factory=list)  # (rank: lower is better, actor)
    relations: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # where the sentence names it
    salience: int = 0  # mentions of its actors in the article so far
    before: bool = False  # named before the trigger
    after: bool = False

    def best_actor(self) -> "Actor | None":
        return min(self.actors, key=lambda item: item[0])[1] if self.actors else None


def options(view: "SentenceView", trigger: "Token", events: list["Event"]) -> list[Option]:
    """The options of an event whose trigger is ``trigger``; ``events`` are
    the ones the rules code from it (their sources and targets)."""
    actors = view.actors
    by_country: dict[str | None, Option] = {None: Option(None, {"none"})}

    def offer(actor: "Actor | None", tag: str, rank: int, relation: str | None = None) -> None:
        if actor is None:
            return
        option = by_country.setdefault(actor.country, Option(actor.country))
        option.tags.add(tag)
        option.actors.append((rank, actor))
        if relation:
            option.relations.append(relation)

    shown = {a.shown_as: a for a in actors.actors.values() if a.shown_as}  # a group shown as its country
    for event in events:
        for role, rank in (("source", 0), ("target", 1)):
            ref = getattr(event, role)
            if ref is not None:
                offer(actors.actors.get(ref["actor"]) or shown.get(ref["actor"]), f"rule_{role}", rank)
    ids = dict(view.sentence.actors_at)
    for anchor in view.sentence.anchors:
        actor = actors.actors.get(ids.get(anchor.start, ""))
        if actor is not None:
            head = anchor_head(view.sent, anchor)
            offer(actor, "mention", 2 + abs(head.i - trigger.i), relation(trigger, head))
            by_country[actor.country].heads.append(head.i)
    for tag, country in (("focus", actors.focus), ("scene", actors.scene_country), ("local", actors.local_country)):
        if country:
            by_country.setdefault(country, Option(country)).tags.add(tag)
    for rank, ident in enumerate(actors.recent(RECENT)):
        offer(actors.actors.get(ident), "recent" if rank else "recent_first", 100 + rank)
    salience = _salience(actors)
    for option in by_country.values():
        option.salience = salience.get(option.country, 0)
        option.before = any(h < trigger.i for h in option.heads)
        option.after = any(h > trigger.i for h in option.heads)
    return list(by_country.values())


def _salience(actors) -> dict[str | None, int]:
    """How often the article has named each country's actors so far."""
    counts: dict[str | None, int] = {}
    for mention in actors.mentions:
        actor = actors.actors.get(mention.actor)
        if actor is not None:
            counts[actor.country] = counts.get(actor.country, 0) + 1
    return counts


def option_features(option: Option, event_type: str, passive: bool, view: "SentenceView") -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0}
    for tag in option.tags:
        f[f"tag={tag}"] = 1.0
        f[f"tag|type={tag}|{event_type}"] = 1.0
        if passive:
            f[f"tag|passive={tag}"] = 1.0
    for rel in set(option.relations):
        f[f"rel={rel}"] = 1.0
        f[f"rel|type={rel}|{event_type}"] = 1.0
        if passive:
            f[f"rel|passive={rel}"] = 1.0
    if option.relations:
        f[f"mentions={min(len(option.relations), 3)}"] = 1.0
    for _, actor in option.actors[:3]:
        f[f"agent={actor.agent}"] = 1.0
        f[f"agent|type={actor.agent}|{event_type}"] = 1.0
        f[f"kind={actor.kind}"] = 1.0
    f[f"tags={'+'.join(sorted(option.tags))}"] = 1.0
    f[f"salience={_bucket(option.salience)}"] = 1.0
    if option.before:
        f[f"before|type={event_type}"] = 1.0
    if option.after:
        f[f"after|type={event_type}"] = 1.0
    country = option.country
    if country is None:
        f[f"none|type={event_type}"] = 1.0
        f[f"none|found={len(view.sentence.actors_at) > 0}"] = 1.0
    elif country.startswith("IGO"):
        f["igo"] = 1.0
    if country is not None and country == view.actors.focus:
        f[f"focus|type={event_type}"] = 1.0
    return f


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-9" if n <= 9 else "10+"


def relation(trigger: "Token", token: "Token") -> str:
    """The dependency path from the trigger to a word: "obj", "nsubj",
    "obl:a" (with its preposition), "up:acl", "up:obj/down:nmod:de"…; "far"
    beyond three steps, "self" for the trigger's own phrase."""
    if token.i == trigger.i:
        return "self"
    up_t = _ancestors(trigger)
    up_w = _ancestors(token)
    common = next((a for a in up_w if a in up_t), None)
    if common is None:
        return "far"
    ups = up_t.index(common)
    downs = up_w.index(common)
    if ups + downs > MAX_PATH:
        return "far"
    steps = [f"up:{_dep(trigger_step)}" for trigger_step in _chain(trigger, ups)]
    steps += [_dep(w) for w in reversed(_chain(token, downs))]
    return "/".join(steps)


def _ancestors(token: "Token") -> list[int]:
    out = [token.i]
    while token.head != token and len(out) < 12:
        token = token.head
        out.append(token.i)
    return out


def _chain(token: "Token", n: int) -> list["Token"]:
    out = []
    for _ in range(n):
        out.append(token)
        token = token.head
    return out


def _dep(token: "Token") -> str:
    dep = token.dep_
    if dep.startswith(("obl", "nmod", "acl", "advcl")):
        case = next((fold(c.text) for c in token.children if c.dep_ in ("case", "mark")), None)
        if case:
            return f"{dep}:{case}"
    return dep


def implicit_agent(role: str, event_type: str) -> str:
    return IMPLICIT_AGENT[role].get(event_type, "GOV" if role == "source" else "CVL")
