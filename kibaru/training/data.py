"""Training instances from gold articles: each candidate word of each
annotated sentence, with its features and the gold's answer.

Gold articles are normalised and parsed exactly as ``kibaru analyze`` would
(same normaliser, same batched parse), then coded by the pipeline with an
observer that records every candidate word the learned coder looks at. Only
words inside the gold's lead sentences are kept: the rest of an article is
not annotated, so its silence is no evidence of "no event".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from ..doc import Article
from ..eval.scoring import GoldArticle
from ..actors.fold import fold
from ..doc.analysis import STATUSES
from ..events.features import CANDIDATE_POS, NON_HEAD_DEPS, SentenceView, status_features
from ..events.learned import NO_EVENT
from ..nlp import Chunk, load_nlp, parse
from ..normalize import Normalizer
from ..settings import Settings
from ..events.arguments import is_passive
from ..events.coder import trigger_events
from ..events.learned import reading
from ..events.roles import option_features, options
from ..events.status import status_of
from ..eval.scoring import same_place
from ..events.heads import trigger_head
from ..places import choice
from .gold import AlignedArticle, AlignedEvent, align
from .rows import rows_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..doc import Document
    from ..models import Models
    from ..models.linear import LinearModel


@dataclass
class ParsedArticle:
    """A gold record as the pipeline sees it: normalised, parsed, aligned."""

    article: Article
    chunks: list[Chunk]
    title: "Doc | None"
    gold: AlignedArticle


def normalise_gold(records: Sequence[GoldArticle], settings: Settings | None = None) -> list[Article]:
    normalizer = Normalizer(settings or Settings())
    return [normalizer(Article(id=r.id, title=r.title, text=r.text, published=r.published, outlet=r.source,
                               origin=f"gold:{r.id}"))
            for r in records]


def parse_gold(records: Sequence[GoldArticle], articles: Sequence[Article] | None = None,
               breaks: "LinearModel | None" = None) -> list[ParsedArticle]:
    """Parse gold articles (normalised unless ``articles`` are given) as the pipeline would."""
    articles = articles or normalise_gold(records)
    nlp = load_nlp()
    titles = list(nlp.pipe(a.title or "" for a in articles))
    parsed = []
    for record, article, chunks, title in zip(records, articles, parse((a.text for a in articles), breaks=breaks), titles):
        parsed.append(ParsedArticle(article, chunks, title, align(record, article.text)))
    return parsed


@dataclass
class TriggerData:
    """Candidate words: their features, vectors, gold labels and article (for folds)."""

    features: list[dict[str, float]] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)  # "article:offset" of each word's sentence
    missed: int = 0  # gold events whose trigger could not be put on a candidate word

    def subset(self, keep: set[str]) -> "TriggerData":
        return rows_of(self, [a in keep for a in self.articles])


@dataclass
class RoleData:
    """Options of gold events (see ``events.roles``), labelled for both roles."""

    features: list[dict[str, float]] = field(default_factory=list)
    source: list[int] = field(default_factory=list)
    target: list[int] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    events: list[int] = field(default_factory=list)  # which gold event each option is of

    def subset(self, keep: set[str]) -> "RoleData":
        return rows_of(self, [a in keep for a in self.articles])


@dataclass
class StatusData:
    features: list[dict[str, float]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)

    def subset(self, keep: set[str]) -> "StatusData":
        return rows_of(self, [a in keep for a in self.articles])


@dataclass
class PlaceData:
    """The place options of gold events (see ``places.choice``), labelled."""

    features: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    unplaced: list[bool] = field(default_factory=list)  # an option of an event the gold does not place
    unreachable: int = 0  # gold places no option names (not in the sentence, the paragraph or the article's main place)

    def subset(self, keep: set[str], unplaced: bool = True) -> "PlaceData":
        return rows_of(self, [a in keep and (unplaced or not u) for a, u in zip(self.articles, self.unplaced)])


class Collector:
    """The pipeline's observer during training: labels each candidate word."""

    def __init__(self) -> None:
        self.triggers = TriggerData()
        self.roles = RoleData()
        self.status = StatusData()
        self.places_data = PlaceData()
        self.gold: AlignedArticle | None = None
        self._event_count = 0

    def subset(self, keep: set[str]) -> "Collector":
        out = Collector()
        out.triggers = self.triggers.subset(keep)
        out.roles = self.roles.subset(keep)
        out.status = self.status.subset(keep)
        out.places_data = self.places_data.subset(keep)
        return out

    def __call__(self, view: SentenceView, tokens: list, features: list, vectors: list) -> None:
        if self.gold is None:
            return
        offset = view.actors.chunk_offset
        heads = self._heads(view, offset)
        for token_i, event in heads.values():
            self._roles(view, token_i, event, offset)
        types: dict[int, str] = {}
        for i, event in heads.values():
            types.setdefault(i, event.gold["type"])
        for token, feats, vec in zip(tokens, features, vectors):
            start = offset + token.idx
            if self.gold.lead_at(start, start + len(token.text)) is None:
                continue
            self.triggers.features.append(feats)
            self.triggers.vectors.append(vec)
            self.triggers.labels.append(types.get(token.i, NO_EVENT))
            self.triggers.articles.append(self.gold.record.id)
            self.triggers.sentences.append(f"{self.gold.record.id}:{offset + view.sent.start_char}")

    def places(self, doc: "Document", main_place: dict | None) -> None:
        """Label the place options of each gold event of an article, once its
        sentences' scenes are known (called by the event_places stage)."""
        if self.gold is None:
            return
        spans = [(s.offset + s.span.start_char, s.offset + s.span.end_char) for s in doc.sentences]
        for event in self.gold.events:
            if event.trigger is None:
                continue
            index = next((i for i, (a, b) in enumerate(spans) if event.trigger.overlaps(a, b)), None)
            if index is None:
                continue
            sentence, setting = doc.sentences[index], doc.scenes[index]
            gold = event.gold
            draft = SimpleNamespace(type=gold["type"], target=gold.get("target"))
            rule_place = doc.scene.event_place(draft, setting) or main_place
            sides = choice.side_places(doc.scene, gold["type"], (gold.get("source") or {}).get("country"),
                                       (gold.get("target") or {}).get("country"), sentence.span.text)
            options = choice.place_options(setting, main_place, rule_place, sides)
            gold_place = gold.get("place") or None
            labels = [int(same_place(o.place, gold_place)) if gold_place else int(o.place is None) for o in options]
            if not any(labels):
                self.places_data.unreachable += 1
                continue
            trigger = choice.trigger_token(sentence.span, sentence.offset, event.trigger.start, event.trigger.end,
                                    gold["type"])
            source = (gold.get("source") or {}).get("country")
            target = (gold.get("target") or {}).get("country")
            for i, (option, label) in enumerate(zip(options, labels)):
                self.places_data.features.append(choice.option_features(option, i, options, trigger, sentence.span,
                                                                 gold["type"], source, target))
                self.places_data.labels.append(label)
                self.places_data.articles.append(self.gold.record.id)
                self.places_data.unplaced.append(gold_place is None)

    def _roles(self, view: SentenceView, i: int, event, offset: int) -> None:
        token = view.sent.doc[i]
        found = reading(token, event.gold["type"], view)
        rule_status = status_of(token, found.entry.status)
        if event.gold.get("mode_status") in STATUSES:
            self.status.features.append(status_features(token, rule_status, event.gold["type"]))
            self.status.labels.append(event.gold["mode_status"])
            self.status.articles.append(self.gold.record.id)
        coded = trigger_events(view.sent, view.sentence, view.actors, found, rule_status, offset)
        passive = is_passive(token)
        gold_source = (event.gold.get("source") or {}).get("country")
        gold_target = (event.gold.get("target") or {}).get("country")
        for option in options(view, token, coded):
            self.roles.features.append(option_features(option, event.gold["type"], passive, view))
            self.roles.source.append(int(option.country == gold_source))
            self.roles.target.append(int(option.country == gold_target))
            self.roles.articles.append(self.gold.record.id)
            self.roles.events.append(self._event_count)
        self._event_count += 1

    def _heads(self, view: SentenceView, offset: int) -> dict[int, tuple[int, "AlignedEvent"]]:
        """Each gold event of this sentence by the token that heads its trigger
        (several events on one word: all of them, keyed by the event)."""
        sent = view.sent
        heads: dict = {}
        first, last = offset + sent.start_char, offset + sent.end_char
        for event in self.gold.events:
            span = event.trigger
            if span is None or not span.overlaps(first, last):
                continue
            tokens = [t for t in sent if span.overlaps(offset + t.idx, offset + t.idx + len(t.text)) and not t.is_punct]
            head = trigger_head(tokens, event.gold["type"], view)
            if head is None:
                self.triggers.missed += 1
                continue
            heads[id(event)] = (head.i, event)
        return heads


def collect(parsed: Iterable[ParsedArticle], models: "Models | None" = None) -> Collector:
    """Run the pipeline over parsed gold articles and record every candidate."""
    from ..models import Models
    from ..pipeline import Pipeline

    collector = Collector()
    analyzer = Pipeline(models=models or Models(), observe=collector)
    for item in parsed:
        collector.gold = item.gold
        analyzer.code(item.article, item.chunks, item.title)
    collector.gold = None
    return collector
