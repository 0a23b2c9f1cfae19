"""``kibaru train`` → model directory → ``kibaru eval --model`` / ``kibaru analyze --model``,
on a small gold file written for this test (the guidelines' record format)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import assert_no_traceback, jsonl, run_kibaru, write

pytest.importorskip("sklearn", reason="kibaru train needs the [train] extra")

ARTICLES = [
    # no full stop before the next sentence: something for the sentence-break model to learn
    ("Le ministre malien de la Défense a reçu l'ambassadeur de Russie à Bamako", "a reçu", "CONSULT", "MLI", "RUS"),
    ("Le président ivoirien rencontrera son homologue ghanéen à Accra.", "rencontrera", "CONSULT", "CIV", "GHA"),
    ("Des hommes armés ont attaqué un poste de police à Ménaka.", "ont attaqué", "ASSAULT", None, "MLI"),
    ("La police sénégalaise a arrêté trois opposants à Dakar.", "a arrêté", "COERCE", "SEN", "SEN"),
    ("Le président nigérien a rencontré son homologue burkinabè à Niamey.", "a rencontré", "CONSULT", "NER", "BFA"),
    ("Les jeunes ont manifesté devant l'ambassade de France à Ouagadougou.", "ont manifesté", "PROTEST", "BFA", "FRA"),
    ("Le gouvernement togolais a demandé l'aide de la CEDEAO.", "a demandé", "REQUEST", "TGO", "IGO:ECOWAS"),
    ("Des militaires ont tué des civils près de Mopti.", "ont tué", "ASSAULT", "MLI", "MLI"),
    ("La France a suspendu sa coopération militaire avec le Mali.", "a suspendu", "SANCTION", "FRA", "MLI"),
]

PLACES = {"Bamako": "MLI", "Accra": "GHA", "Ménaka": "MLI", "Dakar": "SEN", "Niamey": "NER", "Ouagadougou": "BFA",
          "Mopti": "MLI"}


def gold_record(i: int, sentence: str, trigger: str, kind: str, source: str | None, target: str | None) -> dict:
    side = lambda country: {"text": None, "name": None, "country": country, "agent": None} if country else None  # noqa: E731
    quiet = "La cérémonie s'est achevée dans la soirée."
    town = next((name for name in PLACES if name in sentence), None)
    return {"id": f"t{i}", "title": "", "text": f"{sentence} {quiet}", "lead": [sentence, quiet],
            "events": [{"sentence": 0, "type": kind, "mode_status": "planned" if "ra " in trigger + " " else "occurred",
                        "trigger": trigger,
                        "source": side(source), "target": side(target),
                        "place": {"name": town, "country": PLACES[town]} if town else None, "date": None}]}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("train")
    gold = write(folder, "gold.jsonl", "".join(json.dumps(gold_record(i, *row), ensure_ascii=False) + "\n"
                                               for i, row in enumerate(ARTICLES)))
    out = folder / "models"
    proc = run_kibaru("train", gold, "--out", out, "--folds", "2", "--format", "json")
    return gold, out, proc


def test_train_writes_a_model_directory_and_cross_validated_scores(trained):
    gold, out, proc = trained
    assert_no_traceback(proc.stderr)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert len(summary["folds"]) == 2 and 0.0 <= summary["type_f1"]["mean"] <= 1.0
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["components"]) == {"triggers", "source", "target", "status", "breaks", "places"}
    assert manifest["articles"] == len(ARTICLES) and manifest["cv"]["folds"] == summary["folds"]
    for name in ("triggers", "source", "target", "status", "breaks", "places"):
        assert (out / f"{name}.npz").stat().st_size > 0 and (out / f"{name}.json").stat().st_size > 0
    assert "fold 2/2" in proc.stderr and "models written to" in proc.stderr


def test_training_is_reproducible(trained, tmp_path):
    gold, out, _ = trained
    proc = run_kibaru("train", gold, "--out", tmp_path / "again", "--folds", "2", "--no-cv")
    assert proc.returncode == 0, proc.stderr
    for name in ("triggers", "source", "target", "status", "breaks", "places"):
        assert (tmp_path / "again" / f"{name}.json").read_text() == (out / f"{name}.json").read_text()
        with np.load(out / f"{name}.npz") as first, np.load(tmp_path / "again" / f"{name}.npz") as second:
            assert all(np.array_equal(first[key], second[key]) for key in first.files)


def test_eval_and_analyze_use_the_trained_models(trained, tmp_path):
    gold, out, _ = trained
    proc = run_kibaru("eval", gold, "--model", out, "--json", "--errors", tmp_path / "errors.jsonl")
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    # the models saw these very articles: they code their events
    assert scores["type_f1"] >= 0.7, scores
    assert scores["status_accuracy"] is not None and "confusion" in scores
    for line in (tmp_path / "errors.jsonl").read_text().splitlines():
        assert json.loads(line)["kind"] in ("miss", "false positive", "confused", "wrong dyad")
    article = write(tmp_path, "a.txt", "Titre\nLa police malienne a arrêté deux journalistes à Bamako.\n")
    proc = run_kibaru("analyze", article, "--model", out, "--no-progress")
    assert proc.returncode == 0, proc.stderr
    (coded,) = jsonl(proc.stdout)
    assert [e["type"] for e in coded["events"]] == ["COERCE"]


def test_a_missing_model_directory_is_one_numbered_error(tmp_path, niamey_text):
    proc = run_kibaru("analyze", niamey_text, "--model", tmp_path / "nowhere")
    assert_no_traceback(proc.stderr)
    assert proc.returncode == 2 and "E123" in proc.stderr and "nowhere" in proc.stderr
    proc = run_kibaru("eval", niamey_text, "--model", tmp_path / "nowhere")
    assert proc.returncode == 1


def test_a_bad_gold_file_is_one_numbered_error(tmp_path):
    bad = write(tmp_path, "bad.jsonl", '{"id": "x", "lead": []}\nnot json\n')
    proc = run_kibaru("train", bad, "--out", tmp_path / "m")
    assert_no_traceback(proc.stderr)
    assert proc.returncode == 2 and "E124" in proc.stderr and "bad.jsonl:2" in proc.stderr
    assert not (tmp_path / "m").exists()
