"""Where an event happens: the place of the sentence, not a country named as
someone's origin ("l'ambassadeur de Russie")."""

from __future__ import annotations

import pytest

import kibaru

pytestmark = pytest.mark.slow


def _places(text: str) -> list[tuple[str, str | None]]:
    events = [e.to_dict() for e in kibaru.analyze(text, published="2024-03-13").events]
    return [(e["type"], (e["place"] or {}).get("name")) for e in events]


def test_an_envoy_of_a_country_does_not_move_the_meeting_there():
    assert _places("Le ministre sénégalais des Affaires étrangères a reçu lundi à Dakar l'ambassadeur de Chine "
                   "au Sénégal.") == [("CONSULT", "Dakar")]


def test_a_visit_to_several_countries_happens_in_the_target_country():
    events = _places("Le président nigérien s'est rendu en Égypte puis au Tchad, où il a rencontré le président "
                     "tchadien Mahamat Idriss Déby.")
    assert ("CONSULT", "Tchad") in events


def test_a_seat_of_power_is_a_place_after_a_preposition_and_an_actor_as_subject():
    assert _places("Le Président du Faso, Roch Marc Christian Kaboré, a reçu jeudi à Kosyam les lettres de "
                   "créance de neuf ambassadeurs.") == [("CONSULT", "Kosyam")]
    article = kibaru.analyze("Kosyam a annoncé la nomination d'un nouveau ministre de la Défense.")
    assert [p["name"] for p in article.to_dict()["places"]] == []
    assert "kosyam" in article.actors
