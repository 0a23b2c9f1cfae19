"""Gold records, sentence matching, greedy pairing and the scores."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import Msg

# A system sentence belongs to a lead sentence when at least this share of the
# shorter one's word types are in the other (overlap coefficient). 0.7 accepts
# the repaired text ("l'Ambassadeur" vs the gold's raw "lAmbassadeur", both
# repaired before comparing) and splits that differ by a clause.
MIN_SENTENCE_OVERLAP = 0.7
# ... and the shared words must also be half of the longer one, so that another
# sentence of the article that repeats part of a lead sentence ("ont admis
# avoir brûlé …" after "ont admis avoir tué …") does not land on it.
MIN_SENTENCE_COVER = 0.5

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> set[str]:
    return set(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class GoldArticle:
    id: str
    title: str | None
    text: str
    lead: list[str]
    events: list[dict[str, Any]]
    stance: dict[str, int] = field(default_factory=dict)
    published: str | None = None
    source: str | None = None  # where the text comes from: its outlet or corpus ("LAFAND-MT fr-bam train (…)")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "GoldArticle":
        lead = list(data.get("lead") or [])
        return cls(
            id=data["id"],
            title=data.get("title"),
            text=data.get("text") or " ".join(lead),
            lead=lead,
            events=list(data.get("events") or []),
            stance=dict(data.get("stance") or {}),
            published=data.get("published"),
            source=data.get("source") or data.get("outlet"),
        )


def load_gold(path: str | Path) -> list[GoldArticle]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    records.append(GoldArticle.from_dict(json.loads(line)))
                except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                    raise ValueError(f"{path}:{lineno}: E124 {Msg.E124.format(detail=exc)}") from None
    return records


@dataclass
class Counts:
    system: int = 0
    gold: int = 0
    type_tp: int = 0
    dyad_tp: int = 0
    place_total: int = 0
    place_ok: int = 0
    date_total: int = 0
    date_ok: int = 0
    status_total: int = 0
    status_ok: int = 0
    per_type: dict[str, Counter] = field(default_factory=dict)
    # gold type -> system type -> pairs; MISSING on either side for a miss or a false positive
    confusion: dict[str, Counter] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def bump(self, event_type: str, key: str) -> None:
        self.per_type.setdefault(event_type, Counter())[key] += 1


@dataclass(frozen=True)
class Scores:
    type_p: float
    type_r: float
    type_f1: float
    dyad_p: float
    dyad_r: float
    dyad_f1: float
    place_accuracy: float | None
    date_accuracy: float | None
    status_accuracy: float | None
    system_events: int
    gold_events: int
    place_n: int
    date_n: int
    status_n: int
    per_type: dict[str, dict[str, float]]
    articles: int
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def score_articles(gold: Iterable[GoldArticle], system: dict[str, list[Any]],
                   errors: list[dict[str, Any]] | None = None) -> Scores:
    """``system`` maps a gold article id to the events the coder produced for it
    (``Event`` records, or their contract dicts); ``errors``, when given,
    receives one record per miss, false positive, confused type and wrong dyad
    (``kibaru eval --errors``)."""
    counts = Counts()
    n = 0
    for article in gold:
        n += 1
        events = [e if isinstance(e, dict) else e.to_dict() for e in system.get(article.id, [])]
        predicted = _assign_sentences(article.lead, events)
        for index in range(len(article.lead)):
            gold_events = [e for e in article.events if e.get("sentence") == index]
            before = len(counts.errors)
            _score_sentence(gold_events, predicted.get(index, []), counts)
            for error in counts.errors[before:]:
                error.update(article=article.id, sentence_index=index, sentence=article.lead[index])
    if errors is not None:
        errors.extend(counts.errors)
    return _finish(counts, n)


def _assign_sentences(lead: list[str], events: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    # The gold keeps the source's lost apostrophes ("daudience"); the system's
    # sentences are repaired ("d'audience"). Compare both repaired.
    from ..normalize.apostrophes import repair_apostrophes

    lead_words = [words(repair_apostrophes(s)[0]) for s in lead]
    assigned: dict[int, list[dict[str, Any]]] = {}
    for event in events:
        sentence = words(event.get("sentence") or "")
        trigger = words(event.get("trigger") or "")
        best, best_key = None, (0.0, 0.0)
        for index, gold_words in enumerate(lead_words):
            if not sentence or not gold_words:
                continue
            shared = len(sentence & gold_words)
            overlap = shared / min(len(sentence), len(gold_words))
            if shared / max(len(sentence), len(gold_words)) < MIN_SENTENCE_COVER:
                continue
            has_trigger = len(trigger & gold_words) / len(trigger) if trigger else 0.0
            key = (has_trigger, overlap)
            if overlap >= MIN_SENTENCE_OVERLAP and key > best_key:
                best, best_key = index, key
        if best is not None:
            assigned.setdefault(best, []).append(event)
    return assigned


def _country(actor: dict[str, Any] | None) -> str | None:
    return actor.get("country") if actor else None


def _same_dyad(system: dict[str, Any], gold: dict[str, Any]) -> bool:
    return (
        _country(system.get("source")) == _country(gold.get("source"))
        and _country(system.get("target")) == _country(gold.get("target"))
    )


def _score_sentence(gold: list[dict[str, Any]], system: list[dict[str, Any]], counts: Counts) -> None:
    counts.system += len(system)
    counts.gold += len(gold)
    for event in system:
        counts.bump(event["type"], "system")
    for event in gold:
        counts.bump(event["type"], "gold")
    candidates = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            same_type = s["type"] == g["type"]
            rank = (2 if same_type and _same_dyad(s, g) else 1 if same_type else 0)
            candidates.append((rank, -abs(i - j), i, j))
    used_s: set[int] = set()
    used_g: set[int] = set()
    for rank, _, i, j in sorted(candidates, reverse=True):
        if i in used_s or j in used_g:
            continue
        used_s.add(i)
        used_g.add(j)
        s, g = system[i], gold[j]
        counts.confusion.setdefault(g["type"], Counter())[s["type"]] += 1
        if rank == 0:
            counts.errors.append(_error("confused", g["type"], s, g))
            continue
        if rank == 1:
            counts.errors.append(_error("wrong dyad", g["type"], s, g))
        counts.type_tp += 1
        counts.bump(g["type"], "tp")
        if rank == 2:
            counts.dyad_tp += 1
        if g.get("place"):
            counts.place_total += 1
            counts.place_ok += same_place(s.get("place"), g["place"])
        if g.get("date"):
            counts.date_total += 1
            counts.date_ok += s.get("date") == g["date"]
        if g.get("mode_status"):
            counts.status_total += 1
            counts.status_ok += s.get("status") == g["mode_status"]
    for j, g in enumerate(gold):
        if j not in used_g:
            counts.confusion.setdefault(g["type"], Counter())[MISSING] += 1
            counts.errors.append(_error("miss", g["type"], None, g))
    for i, s in enumerate(system):
        if i not in used_s:
            counts.confusion.setdefault(MISSING, Counter())[s["type"]] += 1
            counts.errors.append(_error("false positive", s["type"], s, None))


# The confusion table's row or column for "no event on that side".
MISSING = "-"


def _error(kind: str, event_type: str, system: dict[str, Any] | None, gold: dict[str, Any] | None) -> dict[str, Any]:
    """One line of ``kibaru eval --errors``: what the coder said and what the gold says."""
    def brief(event: dict[str, Any] | None) -> dict[str, Any] | None:
        if event is None:
            return None
        return {"type": event.get("type"), "trigger": event.get("trigger"), "status": event.get("status") or event.get("mode_status"),
                "source": _country(event.get("source")), "target": _country(event.get("target"))}

    return {"kind": kind, "type": event_type, "system": brief(system), "gold": brief(gold)}


def same_place(system: dict[str, Any] | None, gold: dict[str, Any]) -> bool:
    """Same country, and the same name when the gold gives one (any shared word:
    the gold's "Wimbledon, Londres" accepts "Londres")."""
    if not system or system.get("country") != gold.get("country"):
        return False
    if not gold.get("name"):
        return True
    return bool(words(system.get("name") or "") & words(gold["name"]))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _finish(counts: Counts, n: int) -> Scores:
    def pr(tp: int) -> tuple[float, float, float]:
        p = tp / counts.system if counts.system else 0.0
        r = tp / counts.gold if counts.gold else 0.0
        return p, r, _f1(p, r)

    tp, tr, tf = pr(counts.type_tp)
    dp, dr, df = pr(counts.dyad_tp)
    per_type = {}
    for event_type, c in sorted(counts.per_type.items()):
        p = c["tp"] / c["system"] if c["system"] else 0.0
        r = c["tp"] / c["gold"] if c["gold"] else 0.0
        per_type[event_type] = {"p": p, "r": r, "f1": _f1(p, r), "gold": c["gold"], "system": c["system"]}
    return Scores(
        type_p=tp, type_r=tr, type_f1=tf, dyad_p=dp, dyad_r=dr, dyad_f1=df,
        place_accuracy=counts.place_ok / counts.place_total if counts.place_total else None,
        date_accuracy=counts.date_ok / counts.date_total if counts.date_total else None,
        status_accuracy=counts.status_ok / counts.status_total if counts.status_total else None,
        system_events=counts.system, gold_events=counts.gold,
        place_n=counts.place_total, date_n=counts.date_total, status_n=counts.status_total,
        per_type=per_type, articles=n,
        confusion={g: dict(row) for g, row in sorted(counts.confusion.items())},
    )
