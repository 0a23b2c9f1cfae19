"""Article stance toward countries (kibaru.stance, issue 6).

Every French sentence here was written for these tests. Model-free tests check
the lexicon files and the arithmetic; ``slow`` tests parse sentences with the
spaCy model and run the whole coder (``kibaru.analyze``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import read_one
from kibaru.doc import Ref
from kibaru.doc.analysis import EVENT_TYPES
from kibaru.stance import NEUTRAL_BAND, StanceDataError, sign, sign_accuracy
from kibaru.stance.lexicon import DATA, inflections, read_lexicon, read_polarity
from kibaru.stance.score import Evidence, side_weight


# --- the data files ------------------------------------------------------------


def test_shipped_lexicons_load_and_cover_every_event_type():
    lexicon = read_lexicon()
    assert set(lexicon.events) == set(EVENT_TYPES)
    assert lexicon.words["échec"].polarity < 0 < lexicon.words["solution"].polarity
    assert lexicon.words["critiquer"].applies == "object"  # the critic is not the one criticised
    assert lexicon.words["échouer"].applies == "subject"
    assert lexicon.modifiers["pas"][0] == "negator"
    assert lexicon.modifiers["très"][0] == "intensifier"
    assert lexicon.requests["départ"] < 0 < lexicon.requests["aide"]
    assert all(-1 <= p.polarity <= 1 for p in lexicon.words.values())


def test_every_polarity_line_says_where_it_comes_from():
    for line in (DATA / "polarity.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t")
            assert len(cells) >= 4 and cells[3].split(":")[0].split(" ")[0] in ("kibaru", "pattern-fr"), line


def test_inflections_cover_plural_and_feminine():
    assert {"mitigé", "mitigés", "mitigée", "mitigées"} <= set(inflections("mitigé"))
    assert "désastreuse" in inflections("désastreux") or "désastreuses" in inflections("désastreux")
    assert "néocoloniaux" in inflections("néocolonial")


def test_a_bad_polarity_file_says_which_line(tmp_path: Path):
    bad = tmp_path / "mine.tsv"
    bad.write_text("# mine\nbravoure\t0.6\tany\tnotes\nlâcheté\ttrès négatif\n", encoding="utf-8")
    with pytest.raises(StanceDataError, match=r"mine.tsv:3: polarity must be a number"):
        read_polarity(bad)
    bad.write_text("lâcheté\t-0.6\tboth\n", encoding="utf-8")
    with pytest.raises(StanceDataError, match="applies must be one of"):
        read_polarity(bad)
    bad.write_text("lâcheté\t-1.6\n", encoding="utf-8")
    with pytest.raises(StanceDataError, match=r"in \[-1.0, 1.0\]"):
        read_polarity(bad)


def test_a_user_polarity_file_adds_and_replaces(tmp_path: Path):
    mine = tmp_path / "mine.tsv"
    mine.write_text("bravoure\t0.6\tany\tmine\néchec\t-0.5\tany\tmine\n", encoding="utf-8")
    lexicon = read_lexicon([mine])
    assert lexicon.words["bravoure"].polarity == 0.6
    assert lexicon.words["échec"].polarity == -0.5
    assert "fiasco" in lexicon.words


# --- arithmetic ------------------------------------------------------------------


def test_scores_shrink_thin_evidence_and_drop_countries_below_the_minimum():
    evidence = Evidence()
    evidence.add("FRA", -0.8, 1.0, "échec")
    evidence.add("FRA", -0.6, 1.0, "ACCUSE")
    evidence.add("RUS", 0.9, 0.5, "solution")  # too little evidence
    evidence.add("MLI", 0.1, 1.0, "CONSULT")
    evidence.add("MLI", -0.1, 1.0, "CONSULT")
    scores = evidence.scores()
    assert scores["FRA"] == round(-1.4 / 2.5, 2)
    assert "RUS" not in scores
    assert scores["MLI"] == 0.0 and str(scores["MLI"]) == "0.0"  # never "-0.0"
    assert list(scores) == ["FRA", "MLI"]  # strongest first


def test_non_state_actors_do_not_speak_for_their_country():
    assert side_weight(Ref(country="MLI", agent="REB")) == (None, 0.0)
    assert side_weight(Ref(country="MLI", agent="UAF")) == (None, 0.0)
    assert side_weight(Ref(country="MLI", agent="GOV")) == ("MLI", 1.0)
    assert side_weight(Ref(country="MLI", agent="CVL")) == ("MLI", 0.5)
    assert side_weight(Ref(country="IGO:ECOWAS", agent="IGO")) == ("IGO:ECOWAS", 1.0)
    assert side_weight(None) == (None, 0.0)


def test_sign_accuracy_counts_the_neutral_band_and_missing_countries_as_neutral():
    assert NEUTRAL_BAND == 0.15
    assert [sign(0.8), sign(-0.2), sign(0.14), sign(-0.149), sign(None)] == [1, -1, 0, 0, 0]
    result = sign_accuracy([
        ({"RUS": 1, "FRA": -1}, {"RUS": 0.3, "FRA": 0.1}),  # FRA wrong
        ({"LBY": 0}, {"LBY": -0.1}),  # right: inside the band
        ({"USA": 0}, {}),  # right: not scored = neutral
    ])
    assert result == {"pairs": 4, "correct": 3, "scored": 3, "accuracy": 0.75}


# --- on parsed French ----------------------------------------------------------------


def stance(analyze, text: str) -> dict[str, float]:
    return analyze(text).stance


@pytest.mark.slow
def test_failure_words_make_a_country_negative(analyze):
    scores = stance(analyze, "La France a échoué au Sahel. L'échec de la France est patent. "
                             "Paris a essuyé un véritable fiasco dans la région.")
    assert scores["FRA"] < -0.4, scores


@pytest.mark.slow
def test_negated_failure_is_not_a_failure(analyze):
    scores = stance(analyze, "La France n'a pas échoué au Sahel. Ce n'est pas un échec pour la France. "
                             "La France a réussi sa mission selon l'état-major.")
    assert scores["FRA"] > 0.15, scores


@pytest.mark.slow
def test_negation_and_intensifiers_change_a_word_polarity(analyze):
    from kibaru.nlp import load_nlp
    from kibaru.stance import load_lexicon

    lexicon = load_lexicon()
    nlp = load_nlp()

    def value(text: str, word: str) -> float:
        doc = nlp(text)
        token = next(t for t in doc if t.text == word)
        polar = lexicon.word_hashes.get(token.lemma) or lexicon.word_hashes[token.lower]
        return lexicon.modify(token, polar.polarity)

    plain = value("Cette politique est efficace.", "efficace")
    assert plain > 0
    assert value("Cette politique n'est pas efficace.", "efficace") < 0
    assert value("Cette politique est peu efficace.", "efficace") < 0
    assert value("Cette politique est très efficace.", "efficace") > plain
    assert value("C'est un échec.", "échec") < 0
    assert value("C'est un véritable échec.", "échec") < value("C'est un échec.", "échec")
    # "de plus en plus" is not "ne ... plus"
    assert value("La mission est de plus en plus critiquée.", "critiquée") < 0


@pytest.mark.slow
def test_criticism_falls_on_its_object_not_on_the_critic(analyze):
    scores = stance(analyze, "Le Niger accuse la France d'ingérence dans ses affaires intérieures. "
                             "Le gouvernement nigérien dénonce l'arrogance de Paris.")
    assert scores["FRA"] < -0.3, scores
    assert scores.get("NER", 0.0) > -0.15, scores


@pytest.mark.slow
def test_praise_and_aid_make_the_benefactor_positive(analyze):
    scores = stance(analyze, "Le président nigérien a salué l'aide de la Chine. "
                             "Le Niger a remercié la Chine pour son soutien constant. "
                             "Pékin a livré des vivres aux populations sinistrées du Niger.")
    assert scores["CHN"] > 0.3, scores


@pytest.mark.slow
def test_what_a_request_asks_for_decides_how_it_presents_its_addressee(analyze):
    away = stance(analyze, "À Bamako, des milliers de manifestants maliens réclament le départ des soldats français. "
                           "Les associations maliennes exigent aussi le retrait de la force française.")
    assert away["FRA"] < 0, away
    helped = stance(analyze, "Les autorités maliennes ont sollicité l'aide de la Russie contre les terroristes. "
                             "Les associations demandent l'intervention de la Russie.")
    assert helped["RUS"] > 0, helped


@pytest.mark.slow
def test_attacks_by_armed_groups_do_not_count_against_the_country(analyze):
    scores = stance(analyze, "Des jihadistes ont attaqué un village du centre du Mali. "
                             "Les terroristes ont tué dix civils et incendié des greniers. "
                             "Des hommes armés ont enlevé trois bergers maliens.")
    assert scores.get("MLI", 0.0) > -0.15, scores


def explain(text: str):
    """The stance evidence of a text, from its actors' mentions only (no events)."""
    from kibaru.actors.lexicon import default_lexicon
    from kibaru.actors.resolve import ArticleActors
    from kibaru.doc import SentenceContext
    from kibaru.nlp import parse, sentences
    from kibaru.stance import score_stance

    chunks = next(parse([text]))
    actors = ArticleActors(default_lexicon(), None)
    for chunk in chunks:
        for sent in sentences(chunk.doc):
            actors.end_sentence(actors.read_sentence(sent, context=SentenceContext(chunk.offset)))
    records = {ident: actor.freeze() for ident, actor in actors.actors.items()}
    return score_stance(chunks, actors.mentions, records, [], explain=True)[1]


@pytest.mark.slow
def test_evaluations_inside_quotes_count_half(analyze):
    evidence = explain("Le ministre a déclaré : « La France a échoué au Sahel ». La France a échoué au Niger.")
    weights = sorted(w for p, w, why in evidence.items["FRA"] if why == "échouer")
    assert weights == [0.5, 1.0], evidence.items["FRA"]


@pytest.mark.slow
def test_an_adjective_evaluates_the_noun_it_qualifies_not_every_actor_nearby(analyze):
    evidence = explain("Selon des analystes avisés, le Mali et la Russie vont signer un accord.")
    assert not any(why == "avisé" for items in evidence.items.values() for _, _, why in items), evidence.items


# --- the seed article ------------------------------------------------------------------


@pytest.mark.slow
def test_seed_presents_russia_favourably_and_france_unfavourably(analyze, seed_path):
    article = analyze(read_one(seed_path))
    assert article.stance["RUS"] > 0, article.stance
    assert article.stance["FRA"] < 0, article.stance
    assert all(-1 <= v <= 1 and round(v, 2) == v for v in article.stance.values())
