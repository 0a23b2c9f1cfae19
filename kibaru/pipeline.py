"""The analysis pipeline: normalised Articles in, coded Articles out.

Stages, in order, each adding one layer to the Article:
parse (spaCy) -> actors (entities, actors) -> events (PLOVER) -> places and
dates of each event. The model and every dictionary are loaded once per
process, by ``Analyzer``; articles are parsed in batches with ``nlp.pipe``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Iterable, Iterator

from .actors.lexicon import ActorLexicon, default_lexicon
from .actors.focus import focus_country
from .actors.resolve import ArticleActors
from .dates import article_year, find_dates
from .doc import Article, Issue
from .doc.analysis import Event
from .events.coder import code_sentence
from .events.lexicon import TriggerLexicon, default_triggers
from .nlp import BATCH_SIZE, Chunk, load_nlp, parse, sentences
from .places.finder import PlaceMention, find_places
from .settings import Settings

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

    def __post_init__(self) -> None:
        self.nlp = load_nlp()
        self.lexicon: ActorLexicon = default_lexicon(self.actors_file)
        self.triggers: TriggerLexicon = default_triggers(self.triggers_file)
        from .places import default_gazetteer

        self.gazetteer = default_gazetteer()

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        iterator = iter(articles)
        while batch := list(islice(iterator, ARTICLES_PER_BATCH)):
            yield from self._batch(batch)

    def _batch(self, batch: list[Article]) -> Iterator[Article]:
        todo = [a for a in batch if self._codable(a)]
        parsed = dict(zip((id(a) for a in todo), parse((a.text for a in todo), batch_size=BATCH_SIZE)))
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
        title_words = [t.text for t in title] if title is not None else []
        lead_words = [t.text for t in islice(chunks[0].doc, FOCUS_TOKENS)] if chunks else []
        focus = focus_country(self.lexicon, title_words, lead_words)
        actors = ArticleActors(self.lexicon, focus)
        year = article_year(article.text)
        places: dict[tuple, dict] = {}
        events: list[Event] = []
        previous_place: PlaceMention | None = None
        previous_date: tuple[str, str] | None = None
        previous_local: PlaceMention | None = None
        countries = [focus] if focus else []
        if title is not None and len(title):
            actors.local_country = None
            actors.end_sentence(actors.read_sentence(title[:], register=False))
        for chunk in chunks:
            actors.chunk_offset = chunk.offset
            # Span.ents rebuilds every entity of the doc: fetch them once per chunk
            doc_ents = list(chunk.doc.ents)
            for sent in sentences(chunk.doc):
                ents = [e for e in doc_ents if e.start >= sent.start and e.end <= sent.end]
                sentence_places = find_places(sent, self.gazetteer, countries, ents)
                # the local setting is a town or region: a country named in passing
                # ("traverser la Manche vers le Royaume-Uni") does not move it
                local = next((m for m in sentence_places if m.feature != "country"), None) or previous_local
                actors.local_country = local.place.get("country") if local else None
                previous_local = local
                sentence = actors.read_sentence(sent, ents=ents)
                for mention in sentence_places:
                    key = (mention.place.get("name"), mention.place.get("country"))
                    entry = places.setdefault(key, {**mention.place, "mentions": 0})
                    entry["mentions"] += 1
                new = code_sentence(sent, sentence, actors, self.triggers, chunk.offset)
                place = sentence_places[0] if sentence_places else (previous_local or previous_place)
                sentence_date = None
                for event in new:
                    event.place = _event_place(event, sentence_places, place)
                    sentence_date = self._date(event, sent.text, article.published, year) or sentence_date
                    if event.date is None and previous_date is not None:
                        # a sentence that states no date continues the paragraph's story
                        event.date, event.date_precision = previous_date
                if not new:
                    sentence_date = self._sentence_date(sent.text, article.published, year)
                if "\n" in sent.text_with_ws[-2:] or sent.end == len(chunk.doc):
                    previous_date = None  # a new paragraph starts a new scene
                elif sentence_date is not None and self._sets_scene(sent.text, article.published, year):
                    previous_date = sentence_date
                events.extend(new)
                actors.end_sentence(sentence)
                if sentence_places:
                    previous_place = sentence_places[0]
        answer_accusations(events)
        main_place = max(places.values(), key=lambda p: p["mentions"], default=None)
        for event in events:
            if event.place is None and main_place is not None:
                event.place = {k: v for k, v in main_place.items() if k != "mentions"}
        article.actors = {ident: actor.to_dict() for ident, actor in actors.actors.items()}
        article.entities = [m.to_dict() for m in actors.mentions]
        article.events = [e.to_dict() for e in events]
        article.places = list(places.values())
        return article

    @staticmethod
    def _date(event: Event, sentence: str, published: str | None, year: int | None) -> tuple[str, str] | None:
        """Date the event from its sentence; returns the date found, if any."""
        tense = "future" if event.status == "planned" else "past"
        found = Analyzer._sentence_date(sentence, published, year, tense)
        if found is not None:
            event.date, event.date_precision = found
        return found

    @staticmethod
    def _sets_scene(sentence: str, published: str | None, year: int | None) -> bool:
        """A date the next sentences share: not a span's start ("depuis 2014")."""
        for mention in find_dates(sentence, published=published, context_year=year):
            if mention.value and not mention.habitual:
                return not sentence[: mention.start].rstrip().lower().endswith(("depuis", "dès", "jusqu'en", "jusqu’en"))
        return False

    @staticmethod
    def _sentence_date(sentence: str, published: str | None, year: int | None, tense: str = "past") -> tuple[str, str] | None:
        for mention in find_dates(sentence, published=published, context_year=year, tense=tense):
            if mention.value and not mention.habitual:
                return mention.value, mention.precision
        return None


def _event_place(event: Event, sentence_places: list[PlaceMention], default: PlaceMention | None) -> dict | None:
    """The sentence's most specific place; but a visit to several countries
    ("en Égypte, en Ouganda …") happens in each target's own country."""
    target_country = (event.target or {}).get("country")
    if event.type in ("CONSULT", "AID", "MOBILIZE") and target_country and len(sentence_places) > 1:
        for mention in sentence_places:
            if mention.place.get("country") == target_country:
                return mention.place
    return default.place if default else None


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


def analyze_articles(articles: Iterable[Article], settings: Settings | None = None, **kwargs) -> Iterator[Article]:
    return Analyzer(settings or Settings(), **kwargs)(articles)
