"""Where and when an article's story is, sentence by sentence.

News stories set a scene once ("Le 1er octobre 2020, à Tripoli, …") and the
next sentences act in it. ``Scene`` follows the places and dates an article
mentions so that each event gets:

* the place of its sentence — a town or region before a country — else the
  last place named (the guidelines' "immediate context"), else the article's
  most mentioned place;
* the date of its sentence, else the date that set the scene earlier in the
  same paragraph (a paragraph break, or a span such as "depuis 2014", sets none).

It also tells the actor resolver which country the sentence is set in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from .dates import find_dates
from .doc.analysis import Event
from .places.finder import PlaceMention, find_places

if TYPE_CHECKING:
    from spacy.tokens import Span

# Words before a year that make it the start of a span, not the scene's date.
SPAN_STARTS = ("depuis", "dès", "jusqu'en", "jusqu’en")
# Event types that happen in their target's country when a sentence names several.
TARGET_PLACED = {"CONSULT", "AID", "MOBILIZE"}


@dataclass
class SentenceScene:
    places: list[PlaceMention]
    place: PlaceMention | None  # the sentence's own place, or the one carried over
    local_country: str | None  # a town's or region's country
    scene_country: str | None  # a country named as a place counts too
    date: tuple[str, str] | None  # (value, precision) stated in the sentence
    sets_scene: bool  # the date carries over to the next sentences
    carried: tuple[str, str] | None = None  # the date the paragraph's story carries into this sentence


@dataclass
class Scene:
    gazetteer: object
    countries: Sequence[str] = ()
    published: str | None = None
    year: int | None = None
    places: dict[tuple, dict] = field(default_factory=dict)  # article places, with mention counts
    _place: PlaceMention | None = None
    _local: PlaceMention | None = None
    _date: tuple[str, str] | None = None

    def enter(self, sent: "Span", ents: Sequence["Span"]) -> SentenceScene:
        places = find_places(sent, self.gazetteer, self.countries, ents)
        for mention in places:
            key = (mention.place.get("name"), mention.place.get("country"))
            self.places.setdefault(key, {**mention.place, "mentions": 0})["mentions"] += 1
        # the local setting is a town or region: a country named in passing
        # ("traverser la Manche vers le Royaume-Uni") does not move it
        self._local = next((m for m in places if m.feature != "country"), None) or self._local
        scene = places[0] if places else self._place
        date, sets_scene = self._sentence_date(sent.text)
        return SentenceScene(
            places=places,
            place=places[0] if places else (self._local or self._place),
            local_country=self._local.place.get("country") if self._local else None,
            scene_country=scene.place.get("country") if scene else None,
            date=date,
            sets_scene=sets_scene,
            carried=self._date,
        )

    def place_and_date(self, event: Event, sentence: SentenceScene, text: str) -> None:
        event.place = self._event_place(event, sentence)
        found = sentence.date
        if event.status == "planned":  # a weekday ahead, not behind
            found = self._sentence_date(text, tense="future")[0] or found
        if found is None:
            found = sentence.carried  # a sentence that states no date continues the paragraph's story
        if found is not None:
            event.date, event.date_precision = found

    def leave(self, sent: "Span", sentence: SentenceScene) -> None:
        if sentence.places:
            self._place = sentence.places[0]
        if "\n" in sent.text_with_ws[-2:] or sent.end == len(sent.doc):
            self._date = None  # a new paragraph starts a new scene
        elif sentence.date is not None and sentence.sets_scene:
            self._date = sentence.date

    def main_place(self) -> dict | None:
        best = max(self.places.values(), key=lambda p: p["mentions"], default=None)
        return {k: v for k, v in best.items() if k != "mentions"} if best else None

    def _event_place(self, event: Event, sentence: SentenceScene) -> dict | None:
        """A visit to several countries ("en Égypte, en Ouganda …") happens in
        each target's own country."""
        target = (event.target or {}).get("country")
        if event.type in TARGET_PLACED and target and len(sentence.places) > 1:
            for mention in sentence.places:
                if mention.where and mention.place.get("country") == target:
                    return mention.place
        return sentence.place.place if sentence.place else None

    def _sentence_date(self, text: str, tense: str = "past") -> tuple[tuple[str, str] | None, bool]:
        for mention in find_dates(text, published=self.published, context_year=self.year, tense=tense):
            if mention.value and not mention.habitual:
                span_start = text[: mention.start].rstrip().lower().endswith(SPAN_STARTS)
                return (mention.value, mention.precision), not span_start
        return None, False
