"""`kibaru analyze --actors/--triggers`: users extend the dictionaries without code."""

from __future__ import annotations

import json

from conftest import assert_no_traceback, jsonl, run_kibaru, write

ARTICLE = (
    "Le Ndoukou reçoit son voisin\n"
    "Jean-Baptiste Ndoukou a rencontré mardi à Bamako le président malien. "
    "Le lendemain, le ministre malien a tancé la France pour ses déclarations.\n"
)

USER_ACTORS = """
leaders:
  - name: Jean-Baptiste Ndoukou
    country: CIV
    agent: GOV
    roles: [ministre des Affaires étrangères]
    aliases: [Ndoukou]
"""

USER_TRIGGERS = """
verbs:
  - {lemma: tancer, type: ACCUSE, mode: criticize}
"""


def _events(stdout: str) -> list[dict]:
    (article,) = jsonl(stdout)
    return article["events"]


def test_user_actors_give_an_unknown_person_his_country(tmp_path):
    article = write(tmp_path, "a.txt", ARTICLE)
    plain = run_kibaru("analyze", article)
    extended = run_kibaru("analyze", article, "--actors", write(tmp_path, "actors.yaml", USER_ACTORS))
    assert extended.returncode == 0, extended.stderr
    assert_no_traceback(extended.stderr)
    consult = [e for e in _events(extended.stdout) if e["type"] == "CONSULT"]
    assert consult and consult[0]["source"]["country"] == "CIV"
    assert consult[0]["source"]["name"] == "Jean-Baptiste Ndoukou"
    before = [e for e in _events(plain.stdout) if e["type"] == "CONSULT"]
    assert not before or before[0]["source"]["country"] != "CIV"


def test_user_triggers_add_a_verb(tmp_path):
    article = write(tmp_path, "a.txt", ARTICLE)
    assert not [e for e in _events(run_kibaru("analyze", article).stdout) if e["type"] == "ACCUSE"]
    result = run_kibaru("analyze", article, "--triggers", write(tmp_path, "triggers.yaml", USER_TRIGGERS))
    assert result.returncode == 0, result.stderr
    accuse = [e for e in _events(result.stdout) if e["type"] == "ACCUSE"]
    assert accuse and accuse[0]["source"]["country"] == "MLI" and accuse[0]["target"]["country"] == "FRA"


def test_a_bad_actors_file_is_one_clear_error(tmp_path):
    bad = write(tmp_path, "actors.yaml", "leaders:\n  - name: X\n    country: CIV\n    agent: GOVT\n")
    result = run_kibaru("analyze", write(tmp_path, "a.txt", ARTICLE), "--actors", bad)
    assert result.returncode != 0
    assert_no_traceback(result.stderr)
    assert "GOVT" in result.stderr and "actors.yaml" in result.stderr


def test_a_malformed_narrative_catalogue_is_one_clear_error(tmp_path, seed_path):
    catalogue = tmp_path / "narratives.yaml"
    catalogue.write_text("narratives:\n  - id: broken\n", encoding="utf-8")
    proc = run_kibaru("analyze", seed_path, "--narratives", catalogue)
    assert proc.returncode == 2 and "narratives[0] (broken)" in proc.stderr and "Traceback" not in proc.stderr


def test_a_user_narrative_catalogue_replaces_the_shipped_one(tmp_path, seed_path):
    catalogue = tmp_path / "narratives.yaml"
    catalogue.write_text(
        "narratives:\n"
        "  - id: barkhane-ending\n"
        "    label: The end of Barkhane\n"
        "    description: Reports that the French operation Barkhane is ending.\n"
        "    cues: [fin opération Barkhane]\n"
        "    examples: [La fin de l'opération Barkhane a été annoncée.]\n", encoding="utf-8")
    proc = run_kibaru("analyze", seed_path, "--narratives", catalogue, "--no-progress")
    assert proc.returncode == 0, proc.stderr
    found = [n["id"] for n in json.loads(proc.stdout)["narratives"]]
    assert found == ["barkhane-ending"]
