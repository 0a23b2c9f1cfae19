"""kibaru.eval.scoring on tiny hand-made gold and system records (no model needed).

Scoring rules (../shared/gold/GUIDELINES.md): a system event belongs to the lead
sentence its evidence sentence overlaps; within a sentence events are paired
greedily; type F1 counts the same type, dyad F1 the same type and the same
source and target countries; place and date accuracy are over matched events
whose gold has a place / date.
"""

from __future__ import annotations

import json

import pytest

from kibaru.eval import load_gold, score_articles
from kibaru.eval.scoring import GoldArticle

S0 = "Le ministre malien de la Défense a reçu mardi à Bamako l'ambassadeur de Russie."
S1 = "Les deux hommes ont discuté de la coopération militaire entre les deux pays."
S2 = "Des manifestants ont organisé un sit-in devant l'ambassade de France à Bamako."

MLI = {"text": "le ministre malien", "name": None, "country": "MLI", "agent": "GOV"}
RUS = {"text": "l'ambassadeur de Russie", "name": None, "country": "RUS", "agent": "GOV"}
FRA = {"text": "la France", "name": None, "country": "FRA", "agent": "GOV"}
CVL = {"text": "des manifestants", "name": None, "country": "MLI", "agent": "CVL"}
BAMAKO = {"name": "Bamako", "country": "MLI"}


def gold_article(events, lead=(S0, S1, S2), ident="a1", **extra) -> GoldArticle:
    return GoldArticle.from_dict({"id": ident, "title": "Titre", "lead": list(lead), "events": events, **extra})


def gold_event(sentence, event_type, source, target, place=None, date=None) -> dict:
    return {"sentence": sentence, "type": event_type, "mode_status": "occurred", "trigger": "x",
            "source": source, "target": target, "place": place, "date": date}


def system_event(sentence, event_type, source, target, place=None, date=None, trigger="") -> dict:
    return {"type": event_type, "status": "occurred", "sentence": sentence, "trigger": trigger,
            "source": source, "target": target, "place": place, "date": date}


def score(gold_events, system_events, **kwargs):
    gold = gold_article(gold_events, **kwargs)
    return score_articles([gold], {gold.id: system_events})


# --- type and dyad F1 -----------------------------------------------------------------
def test_perfect_match():
    scores = score(
        [gold_event(0, "CONSULT", MLI, RUS, BAMAKO, "2021-06-15"), gold_event(2, "PROTEST", CVL, FRA, BAMAKO)],
        [system_event(S0, "CONSULT", MLI, RUS, {**BAMAKO, "lat": 12.6, "lon": -8.0}, "2021-06-15"),
         system_event(S2, "PROTEST", CVL, FRA, BAMAKO)],
    )
    assert scores.type_f1 == 1.0
    assert scores.dyad_f1 == 1.0
    assert (scores.type_p, scores.type_r) == (1.0, 1.0)
    assert scores.place_accuracy == 1.0 and scores.place_n == 2
    assert scores.date_accuracy == 1.0 and scores.date_n == 1
    assert (scores.system_events, scores.gold_events, scores.articles) == (2, 2, 1)


def test_wrong_type_scores_zero():
    scores = score([gold_event(0, "CONSULT", MLI, RUS)], [system_event(S0, "COOPERATE", MLI, RUS)])
    assert scores.type_f1 == 0.0
    assert scores.dyad_f1 == 0.0
    assert (scores.system_events, scores.gold_events) == (1, 1)


def test_right_type_wrong_dyad():
    scores = score([gold_event(0, "CONSULT", MLI, RUS)], [system_event(S0, "CONSULT", MLI, FRA)])
    assert scores.type_f1 == 1.0
    assert scores.dyad_f1 == 0.0


def test_dyad_direction_matters():
    scores = score([gold_event(0, "CONSULT", MLI, RUS)], [system_event(S0, "CONSULT", RUS, MLI)])
    assert scores.type_f1 == 1.0
    assert scores.dyad_f1 == 0.0


def test_dyad_compares_countries_not_names_or_agents():
    system_source = {"actor": "sadio-camara", "name": "Sadio Camara", "country": "MLI", "agent": "MIL"}
    scores = score([gold_event(0, "CONSULT", MLI, RUS)], [system_event(S0, "CONSULT", system_source, RUS)])
    assert scores.dyad_f1 == 1.0


def test_missing_target_is_a_different_dyad():
    scores = score([gold_event(0, "CONSULT", MLI, RUS)], [system_event(S0, "CONSULT", MLI, None)])
    assert scores.type_f1 == 1.0
    assert scores.dyad_f1 == 0.0
    both_null = score([gold_event(0, "ASSAULT", None, None)], [system_event(S0, "ASSAULT", None, None)])
    assert both_null.dyad_f1 == 1.0


def test_extra_system_event_lowers_precision_only():
    scores = score([gold_event(0, "CONSULT", MLI, RUS)],
                   [system_event(S0, "CONSULT", MLI, RUS), system_event(S0, "AGREE", MLI, RUS)])
    assert scores.type_p == 0.5
    assert scores.type_r == 1.0
    assert scores.type_f1 == pytest.approx(2 / 3)


def test_missing_system_output_lowers_recall():
    gold = gold_article([gold_event(0, "CONSULT", MLI, RUS)])
    scores = score_articles([gold], {})
    assert (scores.type_p, scores.type_r, scores.type_f1) == (0.0, 0.0, 0.0)
    assert scores.gold_events == 1 and scores.system_events == 0


def test_greedy_pairing_prefers_same_dyad():
    # two CONSULT gold events in one sentence; the system finds both, in the other order
    scores = score(
        [gold_event(0, "CONSULT", MLI, RUS), gold_event(0, "CONSULT", RUS, MLI)],
        [system_event(S0, "CONSULT", RUS, MLI), system_event(S0, "CONSULT", MLI, RUS)],
    )
    assert scores.type_f1 == 1.0
    assert scores.dyad_f1 == 1.0


def test_one_system_event_matches_one_gold_event():
    scores = score([gold_event(0, "CONSULT", MLI, RUS), gold_event(0, "CONSULT", MLI, RUS)],
                   [system_event(S0, "CONSULT", MLI, RUS)])
    assert (scores.type_p, scores.type_r) == (1.0, 0.5)


def test_per_type_table():
    scores = score([gold_event(0, "CONSULT", MLI, RUS), gold_event(2, "PROTEST", CVL, FRA)],
                   [system_event(S0, "CONSULT", MLI, RUS), system_event(S2, "REQUEST", CVL, FRA)])
    assert scores.per_type["CONSULT"]["f1"] == 1.0
    assert scores.per_type["PROTEST"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "gold": 1, "system": 0}
    assert scores.per_type["REQUEST"]["system"] == 1
    assert json.dumps(scores.to_dict())  # serialisable for --json


# --- sentence matching by overlap ------------------------------------------------------
def test_event_on_the_wrong_sentence_does_not_count():
    scores = score([gold_event(0, "CONSULT", MLI, RUS)], [system_event(S1, "CONSULT", MLI, RUS)])
    assert scores.type_f1 == 0.0
    assert scores.per_type["CONSULT"]["gold"] == 1


def test_sentence_matched_despite_repaired_apostrophes():
    gold_s0 = S0.replace("l'ambassadeur", "lambassadeur")  # the gold keeps the source's lost apostrophe
    scores = score([gold_event(0, "CONSULT", MLI, RUS)], [system_event(S0, "CONSULT", MLI, RUS)],
                   lead=(gold_s0, S1, S2))
    assert scores.type_f1 == 1.0


def test_sentence_matched_when_split_differently():
    # the system's sentence stops at a clause the gold sentence continues
    clause = "Le ministre malien de la Défense a reçu mardi à Bamako l'ambassadeur de Russie"
    longer = clause + ", accompagné d'une forte délégation de conseillers militaires."
    scores = score([gold_event(0, "CONSULT", MLI, RUS)], [system_event(clause + ".", "CONSULT", MLI, RUS)],
                   lead=(longer, S1, S2))
    assert scores.type_f1 == 1.0


def test_short_unrelated_sentence_not_matched():
    # shares a few words with S0 but is mostly something else
    other = "Le ministre a ensuite quitté la salle sous les applaudissements des journalistes présents."
    scores = score([gold_event(0, "CONSULT", MLI, RUS)], [system_event(other, "CONSULT", MLI, RUS)])
    assert scores.type_f1 == 0.0
    assert scores.system_events == 0  # outside the lead: not scored at all


def test_similar_sentences_each_keep_their_events():
    a = "Le Mali a accusé la France de violer son espace aérien au nord du pays."
    b = "Le Mali a remercié la France de protéger son espace aérien au nord du pays."
    scores = score([gold_event(0, "ACCUSE", MLI, FRA), gold_event(1, "SUPPORT", MLI, FRA)],
                   [system_event(b, "SUPPORT", MLI, FRA, trigger="a remercié"),
                    system_event(a, "ACCUSE", MLI, FRA, trigger="a accusé")],
                   lead=(a, b))
    assert scores.type_f1 == 1.0


# --- place and date accuracy ------------------------------------------------------------
@pytest.mark.parametrize("system_place, ok", [
    ({"name": "Bamako", "country": "MLI", "lat": 12.65, "lon": -8.0}, True),
    ({"name": "Kati", "country": "MLI"}, False),            # same country, another town
    ({"name": "Bamako", "country": "SEN"}, False),          # wrong country
    (None, False),                                          # no place given
])
def test_place_accuracy(system_place, ok):
    scores = score([gold_event(0, "CONSULT", MLI, RUS, place=BAMAKO)],
                   [system_event(S0, "CONSULT", MLI, RUS, place=system_place)])
    assert scores.place_n == 1
    assert scores.place_accuracy == (1.0 if ok else 0.0)


def test_place_gold_with_country_only_accepts_any_name():
    scores = score([gold_event(0, "CONSULT", MLI, RUS, place={"name": None, "country": "MLI"})],
                   [system_event(S0, "CONSULT", MLI, RUS, place={"name": "Kati", "country": "MLI"})])
    assert scores.place_accuracy == 1.0


def test_place_gold_name_with_two_words_accepts_either():
    gold_place = {"name": "Koulouba, Bamako", "country": "MLI"}
    scores = score([gold_event(0, "CONSULT", MLI, RUS, place=gold_place)],
                   [system_event(S0, "CONSULT", MLI, RUS, place={"name": "Bamako", "country": "MLI"})])
    assert scores.place_accuracy == 1.0


def test_place_and_date_only_on_matched_events():
    # the only gold event with a place/date is missed (wrong type): no accuracy to report
    scores = score([gold_event(0, "CONSULT", MLI, RUS, BAMAKO, "2021-06-15")],
                   [system_event(S0, "ASSAULT", MLI, RUS, BAMAKO, "2021-06-15")])
    assert scores.place_accuracy is None and scores.place_n == 0
    assert scores.date_accuracy is None and scores.date_n == 0


@pytest.mark.parametrize("system_date, ok", [
    ("2021-06-15", True),
    ("2021-06-16", False),
    ("2021-06", False),  # less precise than the gold
    (None, False),
])
def test_date_accuracy(system_date, ok):
    scores = score([gold_event(0, "CONSULT", MLI, RUS, date="2021-06-15")],
                   [system_event(S0, "CONSULT", MLI, RUS, date=system_date)])
    assert scores.date_n == 1
    assert scores.date_accuracy == (1.0 if ok else 0.0)


def test_accuracies_average_over_events():
    scores = score(
        [gold_event(0, "CONSULT", MLI, RUS, BAMAKO, "2021-06-15"), gold_event(2, "PROTEST", CVL, FRA, BAMAKO, "2021-06-14")],
        [system_event(S0, "CONSULT", MLI, RUS, BAMAKO, "2021-06-15"),
         system_event(S2, "PROTEST", CVL, FRA, {"name": "Dakar", "country": "SEN"}, None)],
    )
    assert (scores.place_accuracy, scores.place_n) == (0.5, 2)
    assert (scores.date_accuracy, scores.date_n) == (0.5, 2)


# --- several articles, and reading gold files --------------------------------------------
def test_scores_pool_over_articles():
    first = gold_article([gold_event(0, "CONSULT", MLI, RUS)], ident="a1")
    second = gold_article([gold_event(2, "PROTEST", CVL, FRA)], ident="a2")
    system = {"a1": [system_event(S0, "CONSULT", MLI, RUS)], "a2": [system_event(S2, "PROTEST", CVL, RUS)]}
    scores = score_articles([first, second], system)
    assert scores.articles == 2
    assert scores.type_f1 == 1.0
    assert scores.dyad_f1 == 0.5


def test_events_of_one_article_do_not_match_another():
    first = gold_article([gold_event(0, "CONSULT", MLI, RUS)], ident="a1")
    second = gold_article([], ident="a2")
    scores = score_articles([first, second], {"a2": [system_event(S0, "CONSULT", MLI, RUS)]})
    assert scores.type_f1 == 0.0


def test_load_gold(tmp_path):
    record = {"id": "g1", "title": "Titre", "lead": [S0], "events": [gold_event(0, "CONSULT", MLI, RUS)],
              "published": "2021-06-16"}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n\n", encoding="utf-8")
    (article,) = load_gold(path)
    assert article.id == "g1"
    assert article.text == S0  # no full text: the lead stands for it
    assert article.published == "2021-06-16"
    assert article.events[0]["type"] == "CONSULT"


def test_load_gold_bad_line_names_the_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "g1", "lead": [S0]}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.jsonl:2"):
        load_gold(path)
