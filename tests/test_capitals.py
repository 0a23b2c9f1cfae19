"""A capital named by description ("la capitale russe", "dans la capitale")
places an event in that city (``kibaru.places.capitals``)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

import kibaru
from kibaru.actors.lexicon import default_lexicon
from kibaru.places.capitals import capital_spots


@pytest.fixture(scope="module")
def lexicon():
    return default_lexicon()


def _doc(words, heads, deps, pos, lemmas, morphs=None):
    """A parsed sentence built by hand: the module reads lemmas, parts of
    speech, dependencies and number, nothing else."""
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
               morphs=morphs or [""] * len(words))


def _visit(last_words, last_heads, last_deps, last_pos, last_lemmas, morph="Gender=Fem|Number=Sing"):
    # "une visite dans la capitale …": visite(0) dans(1) la(2) capitale(3) …
    words = ["une", "visite", "dans", "la", "capitale", *last_words]
    heads = [1, 1, 4, 4, 1, *last_heads]
    deps = ["det", "ROOT", "case", "det", "nmod", *last_deps]
    pos = ["DET", "NOUN", "ADP", "DET", "NOUN", *last_pos]
    lemmas = ["un", "visite", "dans", "le", "capitale", *last_lemmas]
    morphs = ["", "", "", "", morph, *[""] * len(last_words)]
    return _doc(words, heads, deps, pos, lemmas, morphs)[:]


def test_a_nationality_adjective_names_the_country(lexicon):
    sent = _visit(["russe"], [4], ["amod"], ["ADJ"], ["russe"])
    spots = capital_spots(sent, lexicon, focus="MLI", countries=["RUS"])
    assert [(s.text, s.country, s.start, s.where) for s in spots] == [("Moscou", "RUS", 4, True)]


def test_a_country_in_the_genitive_names_the_country(lexicon):
    sent = _visit(["du", "Niger"], [6, 4], ["case", "nmod"], ["ADP", "PROPN"], ["de", "Niger"])
    assert [(s.text, s.country) for s in capital_spots(sent, lexicon, focus=None, countries=["NER"])] \
        == [("Niamey", "NER")]


def test_the_economic_capital(lexicon):
    sent = _visit(["économique", "du", "Cameroun"], [4, 7, 4], ["amod", "case", "nmod"], ["ADJ", "ADP", "PROPN"],
                  ["économique", "de", "Cameroun"])
    assert [(s.text, s.country) for s in capital_spots(sent, lexicon, focus=None, countries=["CMR"])] \
        == [("Douala", "CMR")]


def test_a_bare_capital_is_the_focus_countrys(lexicon):
    sent = _visit([], [], [], [], [])
    assert [s.text for s in capital_spots(sent, lexicon, focus="SDN", countries=[])] == ["Khartoum"]
    # no focus: the only country the sentence names; two countries: no telling which
    assert [s.text for s in capital_spots(sent, lexicon, focus=None, countries=["TGO", "TGO"])] == ["Lomé"]
    assert capital_spots(sent, lexicon, focus=None, countries=["TGO", "BEN"]) == []


def test_other_capitals_are_not_a_countrys(lexicon):
    regional = _visit(["régionale"], [4], ["amod"], ["ADJ"], ["régional"])
    assert capital_spots(regional, lexicon, focus="UKR", countries=[]) == []
    cinema = _visit(["du", "cinéma"], [6, 4], ["case", "nmod"], ["ADP", "NOUN"], ["de", "cinéma"])
    assert capital_spots(cinema, lexicon, focus="BFA", countries=[]) == []
    plural = _visit([], [], [], [], [], morph="Gender=Fem|Number=Plur")
    assert capital_spots(plural, lexicon, focus="BFA", countries=[]) == []


def test_a_capital_the_sentence_names_is_left_to_the_name(lexicon):
    # "… dans la capitale Khartoum": the name is a place mention of its own
    sent = _visit(["Khartoum"], [4], ["appos"], ["PROPN"], ["Khartoum"])
    assert capital_spots(sent, lexicon, focus="SDN", countries=[]) == []


def _places(text: str) -> list[tuple[str, str | None]]:
    events = [e.to_dict() for e in kibaru.analyze(text, published="2021-06-15").events]
    return [(e["type"], (e["place"] or {}).get("name")) for e in events]


@pytest.mark.slow
def test_events_in_a_capital_named_by_description():
    assert ("CONSULT", "Moscou") in _places(
        "La signature a été précédée d'une visite du ministre malien des Affaires étrangères dans la capitale russe.")
    assert ("COERCE", "Douala") in _places(
        "Des policiers ont arrêté dix voleurs dans la capitale économique du Cameroun.")
    assert ("PROTEST", "Khartoum") in _places(
        "Des manifestants soudanais sont descendus dans les rues de la capitale lundi.")


@pytest.mark.slow
def test_a_capital_named_after_a_comma_is_a_place():
    # the parser attaches "Khartoum" to "rues", not to "capitale": the comma
    # after the place noun still makes it an apposition
    assert _places("Des manifestants sont descendus dans les rues de la capitale, Khartoum, et d'autres villes.") \
        == [("PROTEST", "Khartoum")]
