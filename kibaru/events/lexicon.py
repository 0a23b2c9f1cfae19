"""The PLOVER trigger lexicon (``data/triggers.yaml``), loaded into look-up tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..actors.fold import fold
from ..doc.analysis import EVENT_TYPES, STATUSES

DATA = Path(__file__).parent / "data" / "triggers.yaml"
_TOKEN = re.compile(r"[^\W_]+['’]|[^\W_]+|-")
DEFAULT_TARGET_PREPS = ("à", "au", "aux", "avec", "contre", "auprès", "envers", "vers")
# Prepositions that introduce the target, by type, when an entry does not say:
# one meets *with* someone, asks *of* someone, attacks *against* someone.
TYPE_TARGET_PREPS = {
    "CONSULT": ("avec", "à", "au", "aux", "auprès", "chez"),
    "COOPERATE": ("avec", "à", "au", "aux"),
    "AGREE": ("avec", "à", "au", "aux"),
    "SUPPORT": ("à", "au", "aux", "envers"),
    "AID": ("à", "au", "aux"),
    "REQUEST": ("à", "au", "aux", "auprès"),
    "ACCUSE": ("contre", "à", "au", "aux", "envers"),
    "REJECT": ("à", "au", "aux"),
    "THREATEN": ("contre", "à", "au", "aux"),
    "PROTEST": ("contre", "devant"),
    "SANCTION": ("contre", "à", "au", "aux", "avec"),
    "ASSAULT": ("contre", "sur"),
    "COERCE": ("contre",),
    "MOBILIZE": ("contre",),
    "RETREAT": ("de", "du", "des"),
    "CONCEDE": ("à", "au", "aux", "envers"),
}


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: str
    type: str
    mode: str | None
    pos: str  # "verb" | "noun"
    object: frozenset[str] = frozenset()
    with_: frozenset[str] = frozenset()
    reflexive: bool | None = None
    passive_target: bool = True
    status: str | None = None
    target_preps: tuple[str, ...] = DEFAULT_TARGET_PREPS
    subject_is_target: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.lemma.split())

    @property
    def tokens(self) -> tuple[str, ...]:
        """Folded words as spaCy's French tokenizer splits them: hyphens and
        elided articles are tokens of their own ("sit-in" -> sit, -, in)."""
        return tuple(fold(t) for t in _TOKEN.findall(self.lemma))


@dataclass
class TriggerLexicon:
    verbs: dict[str, list[Trigger]] = field(default_factory=dict)
    nouns: dict[str, list[Trigger]] = field(default_factory=dict)  # keyed by first folded word
    longest_noun: int = 1

    def add(self, trigger: Trigger, first: bool = False) -> None:
        table = self.verbs if trigger.pos == "verb" else self.nouns
        keys = {trigger.tokens[0], fold(trigger.lemma)} if trigger.pos == "noun" else {fold(trigger.lemma)}
        for key in keys:
            entries = table.setdefault(key, [])
            entries.insert(0, trigger) if first else entries.append(trigger)
        if trigger.pos == "noun":
            self.longest_noun = max(self.longest_noun, len(trigger.tokens))


def load_triggers(path: str | Path | None = None, extra: str | Path | None = None) -> TriggerLexicon:
    lexicon = TriggerLexicon()
    for trigger in _read(path or DATA):
        lexicon.add(trigger)
    if extra is not None:
        for trigger in reversed(_read(extra)):
            lexicon.add(trigger, first=True)  # user entries are tried first
    return lexicon


@lru_cache(maxsize=4)
def default_triggers(extra: str | None = None) -> TriggerLexicon:
    return load_triggers(extra=extra)


def _read(path: str | Path) -> list[Trigger]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    triggers = []
    for pos, key in (("verb", "verbs"), ("noun", "nouns")):
        for number, item in enumerate(data.get(key) or [], start=1):
            triggers.append(_trigger(item, pos, f"{path}: {key}[{number}]"))
    return triggers


def _trigger(item: dict[str, Any], pos: str, where: str) -> Trigger:
    try:
        lemma, event_type = str(item["lemma"]).strip().lower(), item["type"]
    except (KeyError, TypeError):
        raise ValueError(f"{where}: an entry needs 'lemma' and 'type' ({item!r})") from None
    if event_type not in EVENT_TYPES:
        raise ValueError(f"{where}: unknown PLOVER type {event_type!r}; expected one of {', '.join(EVENT_TYPES)}")
    status = item.get("status")
    if status is not None and status not in STATUSES:
        raise ValueError(f"{where}: unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    return Trigger(
        lemma=lemma,
        type=event_type,
        mode=item.get("mode"),
        pos=pos,
        object=frozenset(fold(str(w)) for w in item.get("object") or ()),
        with_=frozenset(fold(str(w)) for w in item.get("with") or ()),
        reflexive=item.get("reflexive"),
        passive_target=bool(item.get("passive_target", True)),
        status=status,
        # compared with folded words ("à" -> "a"), like every look-up
        target_preps=tuple(fold(str(p)) for p in item.get("target_preps") or TYPE_TARGET_PREPS.get(event_type, DEFAULT_TARGET_PREPS)),
        subject_is_target=bool(item.get("subject_is_target", False)),
    )
