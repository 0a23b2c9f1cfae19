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
