"""Places and dates: the scene of each sentence, then each event's place and date."""

from __future__ import annotations

from ..doc import ArticlePlace, Document
from ..scene import Scene as ArticleScene
from .base import Resources, Stage, register


@register
class Scene(Stage):
    """Where and when each sentence is set (``kibaru.scene``): the places it
    names, else the one carried over; its date, else the paragraph's. The
    countries it is set in guide the actor resolver; the article's places,
    with their mention counts, are the ``places`` layer."""

    name = "scene"
    requires = ("doc.chunks", "doc.title", "doc.sentences", "doc.focus", "article.published")
    assigns = ("doc.scenes", "article.places")

    def __init__(self, resources: Resources) -> None:
        self.gazetteer = resources.gazetteer
        self.lexicon = resources.lexicon

    def __call__(self, doc: Document) -> None:
        article = doc.article
        # place names resolved with the whole article read (kibaru.places.article)
        scene = ArticleScene.of_article(self.gazetteer, self.lexicon, doc.chunks, doc.title, doc.focus,
                                        article.published)
        settings = []
        for sentence in doc.sentences:
            setting = scene.enter(sentence.span, sentence.ents)
            settings.append(setting)
            scene.leave(sentence.span, setting)
        doc.scene, doc.scenes = scene, settings
        article.places = [ArticlePlace.from_dict(place) for place in scene.places.values()]


@register
class EventPlaces(Stage):
    """Each event's place and date from its sentence's scene; an event whose
    sentence has no place happens at the article's most mentioned one. The
    events are final here: frozen into the article's records."""

    name = "event_places"
    requires = ("doc.drafts", "doc.scenes", "doc.sentences")
    assigns = ("article.events",)

    def __call__(self, doc: Document) -> None:
        scene = doc.scene
        for index, event in doc.drafts:
            scene.place_and_date(event, doc.scenes[index], doc.sentences[index].span.text)
        main_place = scene.main_place()
        events = []
        for _, event in doc.drafts:
            event.place = event.place or main_place
            events.append(event.freeze())
        doc.article.events = events
