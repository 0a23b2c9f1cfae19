"""Where and when an article's story is, sentence by sentence.

News stories set a scene once ("Le 1er octobre 2020, à Tripoli, …") and the
next sentences act in it. ``Scene`` follows the places and dates an article
mentions so that each event gets:

* the place of its own sentence — a town or region before a country; a country
  the sentence names only as someone's ("l'aide de la Russie", "l'ambassadeur
  de Russie") is not where anything happens — else the place of the sentence it
  continues (the last place named in its paragraph, or the brief's dateline:
  "Niger: …"), else nothing here (the pipeline may still give the article's
  main place);
* the date of its sentence, else the date that set the scene earlier in the
  same paragraph. A paragraph break, a dateline, a span ("depuis 2014"), a
  background clause ("En 2012, des groupes armés avaient occupé …") and a
  horizon ("d'ici 2025") set none; a horizon or a birth date ("né le 5 juillet
  1998") never dates an event at all.

Relative dates ("lundi", "hier", "le 24 décembre") are resolved against the
publication date only. Without one, a day and month take a year only from the
scene their paragraph has set; a year written anywhere else in the article is
never borrowed.

Place mentions are resolved for the whole article before the first sentence
is coded (``places/article.py``), so that a name is read with every country and
place the article names. The scene also tells the actor resolver which country
the sentence is set in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from .dates import find_dates
from .doc.analysis import Event
from .places.article import ArticlePlaces, listed, public
from .places.finder import FEATURE_RANK, PlaceMention

if TYPE_CHECKING:
    from spacy.tokens import Span

# Words before a year that make it the start of a span, not the scene's date.
SPAN_STARTS = ("depuis", "dès", "jusqu'en", "jusqu’en")
# Words before a date that make it a horizon or a deadline, never an event's
# date: "d'ici 2025", "à l'horizon 2030", "d'ici à la fin de l'année".
HORIZONS = ("d'ici", "d’ici", "d'ici à", "d’ici à", "d'ici au", "d’ici au", "horizon", "à l'horizon", "à l’horizon")
# A birth date dates a person, not an event: "né le 5 juillet 1998", "née en 1970".
BIRTH = re.compile(r"\bn[ée]e?s?(?:\s+(?:le|en|au|vers))?$", re.IGNORECASE)
# A clause in the pluperfect ("avaient occupé", "était tombé") tells the
# background of the story: its date is its own and sets no scene.
PLUPERFECT_AUX = {"avait", "avaient", "était", "étaient", "s'était", "s'étaient"}
# Event types that happen in their target's country when a sentence names several.
TARGET_PLACED = {"CONSULT", "AID", "MOBILIZE"}
# An attack on a country happens in it ("un assaut militaire contre l'Ukraine"),
# when its sentence names no place of its own.
IN_TARGET_COUNTRY = {"ASSAULT"}



@dataclass
class SentenceScene:
    places: list[PlaceMention]
    place: PlaceMention | None  # the sentence's own place, or the one carried over
    local_country: str | None  # a town's or region's country
    scene_country: str | None  # a country named as a place counts too
    date: tuple[str, str] | None  # (value, precision) stated in the sentence
    sets_scene: bool  # the date carries over to the next sentences
    mentions: list[PlaceMention] = field(default_factory=list)  # every place it names, as someone's too
    carried_place: PlaceMention | None = None  # the place the paragraph set before it
    carried: tuple[str, str] | None = None  # the date the paragraph's story carries into this sentence


@dataclass
class Scene:
    gazetteer: object
    countries: Sequence[str] = ()
    published: str | None = None
    lexicon: object = None
    places: dict[tuple, dict] = field(default_factory=dict)  # article places, with mention counts
    _settings: dict[tuple, int] = field(default_factory=dict)  # mentions where something can happen
    _best_mention: dict[tuple, dict] = field(default_factory=dict)  # the surest mention of each place
    _article: ArticlePlaces | None = None
    _place: PlaceMention | None = None  # the paragraph's place, for the sentences that continue it
    _local: PlaceMention | None = None
    _date: tuple[str, str] | None = None

    @classmethod
    def of_article(cls, gazetteer, lexicon, chunks: Iterable, title: "Span | None", focus: str | None,
                   published: str | None) -> "Scene":
        """A scene whose place names are resolved with the whole article read."""
        from .nlp import sentences

        scene = cls(gazetteer, [focus] if focus else [], published, lexicon)
        scene._article = ArticlePlaces(gazetteer, lexicon, focus)
        pairs = []
        for chunk in chunks:
            ents = list(chunk.doc.ents)
            for sent in sentences(chunk.doc):
                pairs.append((sent, [e for e in ents if e.start >= sent.start and e.end <= sent.end]))
        scene._article.survey(pairs, title)
        return scene

    def enter(self, sent: "Span", ents: Sequence["Span"]) -> SentenceScene:
        if self._article is None:
            self._article = ArticlePlaces(self.gazetteer, self.lexicon, self.countries[0] if self.countries else None)
        mentions = self._article.mentions(sent, ents)
        for mention in mentions:
            key = (mention.place.get("name"), mention.place.get("country"))
            self.places.setdefault(key, {**listed(mention.place), "mentions": 0})["mentions"] += 1
            if mention.sets_the_scene:
                self._settings[key] = self._settings.get(key, 0) + 1
                known = self._best_mention.get(key)
                if known is None or mention.place.get("confidence", 0) > known.get("confidence", 0):
                    self._best_mention[key] = public(mention.place)
        places = sorted((m for m in mentions if m.sets_the_scene),
                        key=lambda m: (FEATURE_RANK.get(m.feature, 3), not m.where, not m.dateline, m.start))
        if any(m.dateline for m in places):
            self._place, self._local, self._date = None, None, None  # a new brief starts
        # the local setting is a town or region: a country named in passing
        # ("traverser la Manche vers le Royaume-Uni") does not move it
        self._local = next((m for m in places if m.feature != "country"), None) or self._local
        own = places[0] if places else None
        date, sets_scene = self._sentence_date(sent)
        return SentenceScene(
            places=places,
            place=own or self._place,
            local_country=self._local.place.get("country") if self._local else None,
            scene_country=(own or self._place).place.get("country") if (own or self._place) else None,
            date=date,
            sets_scene=sets_scene,
            carried=self._date,
            mentions=list(mentions),
            carried_place=self._place,
        )

    def place_and_date(self, event: Event, sentence: SentenceScene, text: str) -> None:
        place = self.event_place(event, sentence)
        event.place = public(place) if place else None
        found = sentence.date
        if event.status == "planned":  # a weekday ahead, not behind
            found = self._text_date(text, sentence.carried, tense="future")[0] or found
        if found is None:
            found = sentence.carried  # a sentence that states no date continues the paragraph's story
        if found is not None:
            event.date, event.date_precision = found

    def leave(self, sent: "Span", sentence: SentenceScene) -> None:
        if sentence.places:
            self._place = sentence.places[0]
        if "\n" in sent.text_with_ws[-2:] or sent.end == len(sent.doc):
            self._date = None  # a new paragraph starts a new scene
            self._place = None
        elif sentence.date is not None and sentence.sets_scene:
            self._date = sentence.date

    def main_place(self) -> dict | None:
        """The place the article names most often as where things happen (none
        when it names none: the focus country is not a stated place)."""
        best = max(self._settings, key=lambda k: self._settings[k], default=None)
        return dict(self._best_mention[best]) if best else None

    def country_place(self, iso3: str | None) -> dict | None:
        """The place record of a country, from its French name."""
        names = getattr(self.lexicon, "countries", {}) if self.lexicon is not None else {}
        name = names.get(iso3) if iso3 else None
        resolution = self.gazetteer.resolve(name) if name else None
        if resolution is None or resolution.place.country != iso3:
            return None
        return public(resolution.to_dict())

    def event_place(self, event: Event, sentence: SentenceScene) -> dict | None:
        """A visit to several countries ("en Égypte, en Ouganda …") happens in
        each target's own country."""
        target = (event.target or {}).get("country")
        if event.type in TARGET_PLACED and target and len(sentence.places) > 1:
            for mention in sentence.places:
                if mention.where and mention.place.get("country") == target:
                    return mention.place
        if event.type in IN_TARGET_COUNTRY and not sentence.places and target \
                and (event.target or {}).get("actor") == target.lower():  # the country itself, not its people
            return self.country_place(target) or (sentence.place.place if sentence.place else None)
        return sentence.place.place if sentence.place else None

    # --- dates ---------------------------------------------------------------

    def _sentence_date(self, sent: "Span") -> tuple[tuple[str, str] | None, bool]:
        date, sets_scene = self._text_date(sent.text, self._date)
        if date is not None and sets_scene and _background(sent):
            sets_scene = False
        return date, sets_scene

    def _text_date(self, text: str, story: tuple[str, str] | None,
                   tense: str = "past") -> tuple[tuple[str, str] | None, bool]:
        """The sentence's first date that can date its events, and whether it
        sets the scene; ``story``: the date the paragraph has set, if any."""
        story_year = int(story[0][:4]) if story else None
        for mention in find_dates(text, published=self.published, context_year=story_year, tense=tense):
            if not mention.value or mention.habitual:
                continue
            before = text[: mention.start].rstrip().lower()
            if before.endswith(HORIZONS) or BIRTH.search(before):
                continue
            return (mention.value, mention.precision), not before.endswith(SPAN_STARTS)
        return None, False


def _background(sent: "Span") -> bool:
    """A sentence whose main clause is in the pluperfect ("avaient occupé")."""
    for token in sent:
        if token.dep_ == "ROOT":
            return any(c.dep_.startswith("aux") and c.lower_.replace("’", "'") in PLUPERFECT_AUX
                       for c in token.children)
    return False
