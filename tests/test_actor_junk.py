"""Actors an analyst can trust (issue 13): no actor made of a discourse verb,
a topic or a fragment of an institution's name; one actor for a country and
its government."""

from __future__ import annotations

import pytest

from conftest import actors_of, entities_of, events_of
from kibaru.corpus import read

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_article(analyze, seed_path):
    return analyze(next(iter(read([seed_path]))))


def test_no_junk_actor_in_the_seed(seed_article):
    names = {a["name"] for a in actors_of(seed_article).values()}
    aliases = {alias for a in actors_of(seed_article).values() for alias in a["aliases"]}
    for junk in ("Rappelons", "Coopération militaire", "Anciens Combattants", "Combattants"):
        assert junk not in names and junk not in aliases
    assert not any(a["agent"] == "REB" and "Combattants" in a["aliases"] for a in actors_of(seed_article).values())


def test_youth_movements_in_front_of_an_embassy_are_not_the_embassys_country(seed_article):
    movements = [a for a in actors_of(seed_article).values() if "mouvements de jeunes" in a["aliases"]]
    assert [(a["country"], a["agent"]) for a in movements] == [("MLI", "CVL")]


def test_a_country_and_its_government_are_one_actor(seed_article):
    governments = [(key, a["name"]) for key, a in actors_of(seed_article).items()
                   if a["country"] == "MLI" and a["agent"] == "GOV" and a["name"] in ("Mali", None)]
    assert governments == [("mli", "Mali")]
    assert "autorités" in actors_of(seed_article)["mli"]["aliases"]
    sides = [side for e in events_of(seed_article) for side in (e["source"], e["target"])
             if side and side["country"] == "MLI" and side["agent"] == "GOV" and side["name"] != "Sadio Camara"]
    assert sides and all((s["actor"], s["name"]) == ("mli", "Mali") for s in sides)
    assert {e["actor"] for e in entities_of(seed_article)} <= set(actors_of(seed_article))


@pytest.mark.parametrize("text, junk", [
    ("Notons que le président malien a reçu l'ambassadeur de France à Bamako.", "Notons"),
    ("Coopération sécuritaire: le Niger et le Tchad ont signé un accord à Niamey.", "Coopération sécuritaire"),
])
def test_discourse_words_and_topics_are_not_actors(analyze, text, junk):
    article = analyze(text, published="2022-04-05")
    assert junk not in {a["name"] for a in actors_of(article).values()}
