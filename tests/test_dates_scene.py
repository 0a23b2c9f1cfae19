"""Dates an analyst can trust (issue 13): relative dates against the
publication date only, no year borrowed from elsewhere in the article,
horizons and background years never dating a present event."""

from __future__ import annotations

import pytest

from conftest import events_of

pytestmark = pytest.mark.slow


def _dates(article) -> list[tuple[str, str | None, str | None]]:
    return [(e["type"], e["date"], e["date_precision"]) for e in events_of(article)]


def test_a_weekday_resolves_across_a_month_boundary(analyze):
    # published Wednesday 2 March 2022: "lundi" is Monday 28 February
    article = analyze("Des hommes armés ont attaqué lundi un poste de police à Djibo.", published="2022-03-02")
    assert _dates(article) == [("ASSAULT", "2022-02-28", "day")]


def test_a_day_and_month_without_a_year_takes_the_publication_year_across_new_year(analyze):
    article = analyze("Le 30 décembre, des jihadistes ont attaqué un convoi près de Diffa.", published="2022-01-04")
    assert _dates(article) == [("ASSAULT", "2021-12-30", "day")]


def test_a_horizon_never_dates_an_event(analyze):
    article = analyze("Le gouvernement malien a promis d'organiser des élections d'ici 2025. Les militaires ont "
                      "arrêté deux opposants à Bamako.", published="2021-09-10")
    assert all(e["date"] != "2025" for e in events_of(article))
    assert all(e["date"] is None for e in events_of(article))


def test_a_background_year_does_not_date_the_present_story(analyze):
    article = analyze("En 2012, des groupes armés avaient occupé le nord du Mali. L'armée malienne a attaqué "
                      "un camp jihadiste près de Tombouctou.", published="2022-03-10")
    present = [e for e in events_of(article) if "Tombouctou" in e["sentence"]]
    assert present and all(e["date"] is None for e in present)


def test_a_birth_date_is_not_the_date_of_the_trial(analyze):
    article = analyze("Fodé Ouédraogo (né le 5 juillet 1998 à Mopti) a été condamné à 20 ans de prison par la "
                      "Cour d'assises.", published="2021-06-25")
    assert all(e["date"] != "1998-07-05" for e in events_of(article))


def test_without_a_publication_date_no_year_is_borrowed_from_elsewhere(analyze):
    # Inatès and Sanam were attacked in December 2019; "depuis 2015" is background
    text = ("Des jihadistes ont attaqué le 10 décembre le camp militaire d'Inatès, au Niger. Depuis 2015, le pays "
            "fait face à des attaques. Le 25 décembre, des hommes armés ont tué 14 soldats à Sanam.")
    article = analyze(text)
    attacks = {e["sentence"].split()[-1].rstrip("."): (e["date"], e["date_precision"]) for e in events_of(article)
               if "Inatès" in e["sentence"] or "Sanam" in e["sentence"]}
    assert attacks == {"Niger": (None, None), "Sanam": (None, None)}


def test_a_year_the_paragraph_states_dates_the_days_that_follow(analyze):
    article = analyze("Le 10 décembre 2019, des jihadistes ont attaqué le camp d'Inatès. Le 25 décembre, des "
                      "hommes armés ont tué 14 soldats à Sanam.")
    assert _dates(article) == [("ASSAULT", "2019-12-10", "day"), ("ASSAULT", "2019-12-25", "day")]


def test_last_may_needs_a_publication_date(analyze):
    article = analyze("Le 24 mai dernier, le colonel Goïta avait fait arrêter le président Bah N'Daw. Des "
                      "élections sont promises en février 2022.")
    assert all(e["date"] != "2022-05-24" for e in events_of(article))
