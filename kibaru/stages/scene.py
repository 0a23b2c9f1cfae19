"""Places and dates: the scene of each sentence, then each event's place and date."""

from __future__ import annotations

from ..doc import ArticlePlace, Document
from ..places.article import public
from ..places.choice import choose, place_options, side_places, trigger_token
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
    """Each event's place and date from its sentence's scene. The place is the
    trained place model's choice among the places its context offers
    (``kibaru.places.choice``) when there is one; else the rules': the
    sentence's place, else the paragraph's, else the article's most mentioned
    one. The events are final here: frozen into the article's records."""

    name = "event_places"
    requires = ("doc.drafts", "doc.scenes", "doc.sentences")
    assigns = ("article.events",)

    def __init__(self, resources: Resources) -> None:
        self.model = resources.models.places
        self.observe = getattr(resources.observe, "places", None)  # training: the gold's events' options

    def __call__(self, doc: Document) -> None:
        scene = doc.scene
        main_place = scene.main_place()
        for index, event in doc.drafts:
            sentence = doc.sentences[index]
            scene.place_and_date(event, doc.scenes[index], sentence.span.text)
            event.place = event.place or main_place
            if self.model is not None:
                sides = side_places(scene, event.type, _country(event.source), _country(event.target),
                                    sentence.span.text)
                options = place_options(doc.scenes[index], main_place, event.place, sides)
                trigger = trigger_token(sentence.span, sentence.offset, event.trigger_start, event.trigger_end,
                                        event.type)
                chosen, score = choose(self.model, options, trigger, sentence.span, event.type,
                                       _country(event.source), _country(event.target))
                event.place = _placed(chosen.place, score) if chosen.place else None
        if self.observe is not None:
            self.observe(doc, main_place)
        doc.article.events = [event.freeze() for _, event in doc.drafts]


def _placed(place: dict, score: float) -> dict:
    """The event's place, as sure as both its name's resolution and the model's
    choice of it (a country chosen because an actor is from it is less sure
    than a town the sentence puts the event in)."""
    place = public(place)
    place["confidence"] = round(min(float(place.get("confidence") or 1.0), score), 2)
    return place


def _country(side: dict | None) -> str | None:
    return side.get("country") if side else None
