"""kibaru.models: the numpy linear model, the model directory and its errors.

Small models are built by hand (weights written out), so that what a
prediction must be can be worked out on paper.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from kibaru.models import RULES, Models, ModelError, RoleModel, TriggerModel, load_models, read_models
from kibaru.models.linear import LinearModel, prune_vocab


def three_class() -> LinearModel:
    # classes O, ASSAULT, CONSULT; features "a" -> ASSAULT, "c" -> CONSULT
    weights = np.array([[0.0, 3.0, 0.0], [0.0, 0.0, 3.0]])
    return LinearModel(["O", "ASSAULT", "CONSULT"], {"a": 0, "c": 1}, weights, np.array([2.0, 0.0, 0.0]))


def test_probabilities_follow_the_weights():
    model = three_class()
    p = model.proba({"a": 1.0})
    assert max(p, key=p.get) == "ASSAULT"
    assert sum(p.values()) == pytest.approx(1.0)
    # softmax of logits (2, 3, 0)
    z = np.exp([2.0, 3.0, 0.0])
    assert p["ASSAULT"] == pytest.approx(z[1] / z.sum())


def test_unseen_features_are_ignored():
    model = three_class()
    assert model.proba({"never seen": 1.0}) == model.proba({})
    assert model.best({})[0] == "O"


def test_temperature_flattens_probabilities():
    model = three_class()
    sharp = model.proba({"a": 1.0})["ASSAULT"]
    model.temperature = 4.0
    assert model.proba({"a": 1.0})["ASSAULT"] < sharp


def test_binary_model_keeps_one_column():
    model = LinearModel(["0", "1"], {"x": 0}, np.array([[2.0]]), np.array([-1.0]))
    p = model.proba_array({"x": 1.0})
    assert p.shape == (2,)
    assert p[1] == pytest.approx(1 / (1 + np.exp(-1.0)))


def test_dense_part_uses_the_vector():
    model = LinearModel(["O", "X"], {}, np.zeros((0, 1)), np.array([0.0]), dense=np.array([[1.0], [-1.0]]))
    assert model.proba_array({}, np.array([1.0, 0.0]))[1] > 0.7
    assert model.proba_array({}, np.array([0.0, 1.0]))[1] < 0.3


def test_save_and_load_give_the_same_predictions(tmp_path):
    model = LinearModel(["O", "ASSAULT"], {"a": 0, "b": 1}, np.array([[1.5], [-0.5]]), np.array([0.25]),
                        dense=np.array([[0.5], [0.1]]), temperature=1.3, meta={"c": 1.0})
    model.save(tmp_path / "m")
    again = LinearModel.load(tmp_path / "m")
    x, v = {"a": 1.0, "b": 2.0}, np.array([0.3, -0.2])
    assert np.allclose(again.proba_array(x, v), model.proba_array(x, v), atol=1e-6)
    assert again.classes == model.classes and again.meta == {"c": 1.0} and again.temperature == 1.3


def test_prune_vocab_keeps_features_seen_often_enough():
    vocab = prune_vocab([{"a": 1, "b": 1}, {"a": 1}, {"c": 1}], min_count=2)
    assert vocab == {"a": 0}


def test_trigger_model_thresholds():
    trigger = TriggerModel(three_class(), threshold=0.5)
    assert trigger.decide({"a": 1.0})[0] == "ASSAULT"
    assert trigger.decide({})[0] == "O"
    # a stricter threshold on "no event" keeps only surer events
    assert TriggerModel(three_class(), threshold=0.2).decide({"a": 1.0})[0] == "O"
    p = trigger.proba({"c": 1.0})
    assert trigger.best_type(p)[0] == "CONSULT" and trigger.p_type(p, "CONSULT") == pytest.approx(p[2])
    assert trigger.p_type(p, "SANCTION") == 0.0


def test_models_directory_round_trip(tmp_path):
    role = LinearModel(["0", "1"], {"tag=mention": 0}, np.array([[1.0]]), np.array([0.0]))
    models = Models(triggers=TriggerModel(three_class(), 0.7, 0.95), source=RoleModel(role), target=RoleModel(role),
                    status=three_class(), breaks=role, places=RoleModel(role), fill_threshold=0.3,
                    manifest={"articles": 3})
    models.save(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["format"] == 1 and manifest["articles"] == 3
    again = read_models(tmp_path)
    assert again.learned and again.triggers.threshold == 0.7 and again.triggers.rule_threshold == 0.95
    assert again.fill_threshold == 0.3
    assert again.source.score({"tag=mention": 1.0}) == pytest.approx(models.source.score({"tag=mention": 1.0}))
    assert again.status is not None and again.breaks is not None
    assert again.places.score({"tag=mention": 1.0}) == pytest.approx(models.places.score({"tag=mention": 1.0}))


def test_the_event_words_are_saved_with_the_trigger_model(tmp_path):
    words = frozenset({"lemma=attaque", "word=attaques", "lemma=rencontrer"})
    Models(triggers=TriggerModel(three_class(), 0.7, 0.95, words)).save(tmp_path)
    again = read_models(tmp_path).triggers
    assert again.words == words
    assert again.knows(["lemma=attaque", "word=une"]) and not again.knows(["lemma=table", "word=table"])
    assert TriggerModel(three_class()).knows(["lemma=table"])  # a model without the list scores every word
    (tmp_path / "trigger_words.json").write_text("[not json")
    with pytest.raises(ModelError, match="E123.*trigger_words.json"):
        read_models(tmp_path)


def test_event_words_are_the_lemmas_and_words_of_the_gold_events():
    from kibaru.training.run import event_words

    features = [{"lemma=attaque": 1.0, "word=attaque": 1.0, "pos=NOUN": 1.0}, {"lemma=table": 1.0, "word=tables": 1.0}]
    assert event_words(features, ["ASSAULT", "O"]) == {"lemma=attaque", "word=attaque"}


def test_not_a_model_directory_is_a_numbered_error(tmp_path):
    with pytest.raises(ModelError, match="E123") as info:
        read_models(tmp_path)
    assert str(tmp_path) in str(info.value)
    with pytest.raises(ModelError, match="no such directory"):
        load_models(str(tmp_path / "missing"))
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 99}))
    with pytest.raises(ModelError, match="format 99"):
        read_models(tmp_path)


def test_rules_means_no_statistical_model():
    assert not load_models(RULES).learned


def test_the_shipped_models_load():
    models = load_models()
    assert models.learned and models.source and models.target and models.status and models.breaks and models.places
    assert models.manifest["articles"] >= 500  # trained on ../shared/gold/train.jsonl
    assert 0.0 < models.triggers.threshold <= 1.0
    assert models.triggers.words and "lemma=attaque" in models.triggers.words


def test_scoring_many_instances_at_once_matches_one_by_one():
    model = LinearModel(["O", "ASSAULT", "CONSULT"], {"a": 0, "c": 1}, np.array([[0.0, 3.0, 0.0], [0.0, 0.5, 3.0]]),
                        np.array([2.0, 0.0, 0.0]), dense=np.array([[1.0, 0.0, -1.0], [0.0, 2.0, 0.0]]),
                        temperature=1.5)
    instances = [{"a": 1.0}, {}, {"never seen": 1.0, "c": 1.0}, {"a": 0.5, "c": 2.0}]
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.0, 0.0]])
    many = model.proba_many(instances, vectors)
    assert many.shape == (4, 3)
    for row, feats, vec in zip(many, instances, vectors):
        assert row == pytest.approx(model.proba_array(feats, vec))
    assert model.proba_many([], np.zeros((0, 2))).shape == (0, 3)


def test_scoring_many_of_a_binary_model_gives_two_columns():
    model = LinearModel(["0", "1"], {"x": 0}, np.array([[2.0]]), np.array([-1.0]))
    many = model.proba_many([{"x": 1.0}, {}])
    assert many[:, 1] == pytest.approx([1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(1.0))])
