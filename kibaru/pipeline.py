"""The analysis pipeline: normalised Articles in, coded Articles out.

Stages, in order, each adding one layer to the Article:
parse (spaCy) -> actors (entities, actors) -> events (PLOVER) -> places and
dates of each event. The model and every dictionary are loaded once per
process, by ``Analyzer``; articles are parsed in batches with ``nlp.pipe``.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from itertools import islice
from typing import Iterable, Iterator

from .actors.lexicon import ActorLexicon, default_lexicon
from .actors.focus import focus_country
from .actors.resolve import ArticleActors
from .doc import Article, Issue
from .doc.analysis import Event
from .events.coder import code_sentence
from .events.learned import LearnedCoder, Observer
from .events.lexicon import TriggerLexicon, default_triggers
from .models import Models, load_models
from .narratives import find_narratives
from .nlp import Chunk, load_nlp, parse, sentences
from .scene import Scene
from .settings import Settings
from .stance import score_stance
from .topics import classify as classify_topic

# Languages the coder reads; others are kept, marked and not coded.
CODED_LANGUAGES = {"fr", None}
ARTICLES_PER_BATCH = 64
# The first ~500 words set an article's focus country, with the headline.
FOCUS_TOKENS = 600


@dataclass
class Analyzer:
    settings: Settings
    actors_file: str | None = None
    triggers_file: str | None = None
    narratives_file: str | None = None  # a narrative catalogue instead of the shipped one
    model_dir: str | None = None  # models trained with `kibaru train` instead of the shipped ones
    models: Models | None = None  # already loaded models (training and cross-validation)
    observe: Observer | None = None  # sees each sentence's candidates (training)
    places_file: str | None = None  # the user's places (--places), on top of the gazetteer

    def __post_init__(self) -> None:
        self.nlp = load_nlp()
        self.lexicon: ActorLexicon = default_lexicon(self.actors_file)
        self.triggers: TriggerLexicon = default_triggers(self.triggers_file)
        if self.models is None:
            self.models = load_models(self.model_dir)
        self.coder = LearnedCoder(self.models, self.triggers, self.observe) if self.models.learned or self.observe else None
        from .places import default_gazetteer

        self.gazetteer = default_gazetteer(self.places_file)
        # The model, lexicons and gazetteer are a few million long-lived objects:
        # move them out of the garbage collector's sight, or every full
        # collection during a long run walks them all again.
        gc.freeze()

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        iterator = iter(articles)
        while batch := list(islice(iterator, ARTICLES_PER_BATCH)):
            yield from self._batch(batch)

    def _batch(self, batch: list[Article]) -> Iterator[Article]:
        todo = [a for a in batch if self._codable(a)]
        parsed = dict(zip((id(a) for a in todo), parse((a.text for a in todo), breaks=self.models.breaks)))
        # Headlines are not coded, but they introduce the actors that the first
        # sentences refer to ("Six civils tués …" / "Ils ont été tués …").
        titles = dict(zip((id(a) for a in todo), self.nlp.pipe(a.title or "" for a in todo)))
        for article in batch:
            chunks = parsed.get(id(article))
            if chunks is not None:
                self.code(article, chunks, titles.get(id(article)))
            yield article

    def _codable(self, article: Article) -> bool:
        if article.errors or not article.text.strip():
            return False
        if article.lang not in CODED_LANGUAGES:
            article.warnings.append(Issue("W201", f"not coded: the article is in '{article.lang}', kibaru codes French",
                                          article.origin))
            return False
        return True

    def code(self, article: Article, chunks: list[Chunk], title=None) -> Article:
        # The topic first: a business or health story reports few political events.
        article.topic = classify_topic(article.title, article.text)
        focus = self._focus(article, chunks, title)
        actors = ArticleActors(self.lexicon, focus)
        scene = Scene.of_article(self.gazetteer, self.lexicon, chunks, title, focus, article.published)
        if title is not None and len(title):
            actors.end_sentence(actors.read_sentence(title[:], register=False))
        events: list[Event] = []
        topic = article.topic.get("label") if article.topic else None
        index = 0
        for chunk in chunks:
            actors.chunk_offset = chunk.offset
            # Span.ents rebuilds every entity of the doc: fetch them once per chunk
            doc_ents = list(chunk.doc.ents)
            for sent in sentences(chunk.doc):
                ents = [e for e in doc_ents if e.start >= sent.start and e.end <= sent.end]
                events.extend(self._code_sentence(sent, ents, actors, scene, chunk.offset, index, topic))
                index += 1
        answer_accusations(events)
        main_place = scene.main_place()
        for event in events:
            event.place = event.place or main_place
        article.actors = actors.export()
        article.entities = actors.export_mentions()
        article.events = [e.to_dict() for e in events]
        article.places = list(scene.places.values())
        # Across the article: stance, narratives, topic (their lexicons, catalogue
        # and model are loaded once per process, by cached loaders).
        article.stance = score_stance(chunks, actors, events)
        article.narratives = find_narratives(chunks, self.narratives_file)
        return article

    def _code_sentence(self, sent, ents, actors: ArticleActors, scene: Scene, offset: int, index: int,
                       topic: str | None) -> list[Event]:
        setting = scene.enter(sent, ents)
        actors.local_country, actors.scene_country = setting.local_country, setting.scene_country
        sentence = actors.read_sentence(sent, ents=ents)
        if self.coder is not None:
            new = self.coder.code(sent, sentence, actors, offset, index, topic)
        else:
            new = code_sentence(sent, sentence, actors, self.triggers, offset)
        for event in new:
            scene.place_and_date(event, setting, sent.text)
        actors.end_sentence(sentence)
        scene.leave(sent, setting)
        return new

    def _focus(self, article: Article, chunks: list[Chunk], title) -> str | None:
        title_words = [t.text for t in title] if title is not None else []
        lead_words = [t.text for t in islice(chunks[0].doc, FOCUS_TOKENS)] if chunks else []
        return focus_country(self.lexicon, title_words, lead_words)


def answer_accusations(events: list[Event]) -> None:
    """A denial with no named addressee answers the last accusation against its
    source ("La France rejette catégoriquement les accusations" -> the accuser)."""
    for index, event in enumerate(events):
        if event.type != "REJECT" or event.target is not None or event.source is None:
            continue
        for earlier in reversed(events[:index]):
            if earlier.type == "ACCUSE" and earlier.source and earlier.target \
                    and earlier.target.get("country") == event.source.get("country"):
                event.target = dict(earlier.source)
                break
