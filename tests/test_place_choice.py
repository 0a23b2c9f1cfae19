"""The place model's options and features (``kibaru.places.choice``), on a
spaCy Doc built by hand, and the choice a trained model makes with them."""

from __future__ import annotations

import numpy as np
import spacy
from spacy.tokens import Doc

from kibaru.models import RoleModel
from kibaru.models.linear import LinearModel
from kibaru.places.choice import choose, option_features, place_options, trigger_token
from kibaru.places.finder import PlaceMention
from kibaru.scene import SentenceScene

VOCAB = spacy.blank("fr").vocab

# "L' armée turque mène une opération dans le nord de la Syrie contre une alliance proche des États-Unis ."
ROWS = [
    ("L'", 1, "det", "DET", "le"),              # 0
    ("armée", 3, "nsubj", "NOUN", "armée"),     # 1
    ("turque", 1, "amod", "ADJ", "turc"),       # 2
    ("mène", 3, "ROOT", "VERB", "mener"),       # 3
    ("une", 5, "det", "DET", "un"),             # 4
    ("opération", 3, "obj", "NOUN", "opération"),  # 5
    ("dans", 8, "case", "ADP", "dans"),         # 6
    ("le", 8, "det", "DET", "le"),              # 7
    ("nord", 3, "obl:mod", "NOUN", "nord"),     # 8
    ("de", 11, "case", "ADP", "de"),            # 9
    ("la", 11, "det", "DET", "le"),             # 10
    ("Syrie", 8, "nmod", "PROPN", "Syrie"),     # 11
    ("contre", 14, "case", "ADP", "contre"),    # 12
    ("une", 14, "det", "DET", "un"),            # 13
    ("alliance", 3, "obl:arg", "NOUN", "alliance"),  # 14
    ("proche", 14, "amod", "ADJ", "proche"),    # 15
    ("des", 17, "case", "ADP", "de"),           # 16
    ("États-Unis", 15, "obl:arg", "PROPN", "États-Unis"),  # 17
    (".", 3, "punct", "PUNCT", "."),            # 18
]

SYRIA = {"name": "Syrie", "country": "SYR", "confidence": 1.0, "ambiguous": False}
USA = {"name": "États-Unis", "country": "USA", "confidence": 1.0, "ambiguous": False}
ANKARA = {"name": "Ankara", "country": "TUR", "confidence": 0.9, "ambiguous": False}


def _doc() -> Doc:
    return Doc(VOCAB, words=[r[0] for r in ROWS], heads=[r[1] for r in ROWS], deps=[r[2] for r in ROWS],
               pos=[r[3] for r in ROWS], lemmas=[r[4] for r in ROWS])


def _mention(doc: Doc, i: int, place: dict, where: bool) -> PlaceMention:
    return PlaceMention(doc[i].text, place, "country", doc[i].idx, where=where)


def _scene(doc: Doc) -> SentenceScene:
    syria, usa = _mention(doc, 11, SYRIA, True), _mention(doc, 17, USA, False)
    return SentenceScene(places=[syria], place=syria, local_country=None, scene_country="SYR", date=None,
                         sets_scene=False, mentions=[syria, usa],
                         carried_place=PlaceMention("Ankara", ANKARA, "city", 0))


def test_options_cover_mentions_the_paragraph_the_sides_and_none_once_each():
    doc = _doc()
    options = place_options(_scene(doc), main=SYRIA, rule_place=SYRIA, sides={"source": None, "target": USA})
    assert [(o.kind, o.key) for o in options] == [
        ("mention", ("Syrie", "SYR")), ("mention", ("États-Unis", "USA")), ("carried", ("Ankara", "TUR")),
        ("none", None)]
    assert options[0].also == ("main",)  # the main place is Syria, already an option
    assert options[1].also == ("target",)
    assert [o.rule for o in options] == [True, False, False, False]


def test_a_place_under_the_trigger_is_told_from_one_under_an_argument():
    doc = _doc()
    sent = doc[:]
    options = place_options(_scene(doc), main=None, rule_place=SYRIA, sides={"source": None, "target": USA})
    trigger = doc[3]
    syria = option_features(options[0], 0, options, trigger, sent, "ASSAULT", "TUR", "USA")
    usa = option_features(options[1], 1, options, trigger, sent, "ASSAULT", "TUR", "USA")
    # "dans le nord de la Syrie": the mention's head (Syrie) hangs from "nord", under the verb
    assert syria["under trigger=2"] == 1.0 and syria["case=de"] == 1.0
    assert syria["rule"] == 1.0 and syria["country=other"] == 1.0 and syria["first mention"] == 1.0
    assert syria["where|mention"] == 1.0
    assert "where|mention" not in usa and usa["country=target"] == 1.0 and usa["after trigger"] == 1.0
    assert usa["under trigger=3"] == 1.0  # États-Unis <- proche <- alliance <- mène
    none = option_features(options[-1], len(options) - 1, options, trigger, sent, "ASSAULT", "TUR", "USA")
    assert none == {"kind=none": 1.0, "kind=none|force": 1.0, "kind=none|mentions=2": 1.0, "none|ASSAULT": 1.0}


def test_the_trigger_word_is_found_from_character_offsets():
    doc = _doc()
    start = 1000 + doc[3].idx  # the sentence's chunk starts at character 1000 of the article
    assert trigger_token(doc[:], 1000, start, start + len("mène"), "ASSAULT").text == "mène"
    assert trigger_token(doc[:], 1000, 5000, 5004, "ASSAULT") is None


def test_the_model_picks_the_best_scoring_option():
    doc = _doc()
    options = place_options(_scene(doc), main=None, rule_place=SYRIA, sides={})
    # a model that likes places under the trigger and dislikes "none"
    vocab = {"under trigger=2": 0, "kind=none": 1}
    linear = LinearModel(classes=["0", "1"], vocab=vocab, weights=np.array([[3.0], [-3.0]]), bias=np.array([0.0]))
    chosen, score = choose(RoleModel(linear), options, doc[3], doc[:], "ASSAULT", "TUR", None)
    assert chosen.key == ("Syrie", "SYR") and score > 0.9
    no_trigger, _ = choose(RoleModel(linear), options, None, doc[:], "ASSAULT", "TUR", None)
    assert no_trigger.kind != "none"  # ties among places: never "none", which the model dislikes


def test_a_country_named_as_someones_is_no_option_on_either_side():
    # "Les manifestants ont demandé l'aide de la Russie": Russia is in an actor's genitive
    russia = {"name": "Russie", "country": "RUS", "confidence": 1.0, "ambiguous": False}
    owned = PlaceMention("Russie", russia, "country", 40, where=False, owned=True)
    assert not owned.sets_the_scene
    scene = SentenceScene(places=[], place=None, local_country=None, scene_country=None, date=None,
                          sets_scene=False, mentions=[owned])
    options = place_options(scene, main=None, rule_place=None, sides={"source": russia, "target": russia})
    assert [o.kind for o in options] == ["none"]
    # the same country as a side, not named as someone's: an option
    free = SentenceScene(places=[], place=None, local_country=None, scene_country=None, date=None, sets_scene=False)
    assert [o.kind for o in place_options(free, None, None, {"source": russia})] == ["source", "none"]


def test_a_sides_country_is_an_option_only_when_the_sentence_names_it():
    from types import SimpleNamespace

    from kibaru.places.choice import side_places

    names = {"MLI": "Mali", "TGO": "Togo", "UKR": "Ukraine", "RUS": "Russie"}
    scene = SimpleNamespace(country_place=lambda iso3: {"name": names[iso3], "country": iso3})
    # a demonym states no place; the country's own name does
    assert side_places(scene, "CONSULT", "MLI", None, "Le ministre malien a rencontré l'ambassadeur.") == \
        {"source": None, "target": None}
    assert side_places(scene, "AID", "TGO", None, "Le Togo a réceptionné ses doses.")["source"]["country"] == "TGO"
    # the target's country only for an act done to a country
    text = "La Russie a lancé un assaut contre l'Ukraine."
    assert side_places(scene, "ASSAULT", "RUS", "UKR", text)["target"]["country"] == "UKR"
    assert side_places(scene, "REQUEST", "RUS", "UKR", text)["target"] is None
