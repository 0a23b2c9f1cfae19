"""``kibaru read`` end to end, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json

import pytest

from conftest import NIAMEY_TITLE, assert_no_traceback, jsonl, read_all, run_kibaru, write
from kibaru.about import __version__
from kibaru.doc import Article

CONTRACT_FIELDS = [
    "id", "title", "tags", "author", "outlet", "url", "published", "lang", "text", "repairs",
    "entities", "actors", "events", "places", "stance", "topic", "narratives", "duplicate_of", "errors",
]


@pytest.fixture(scope="module")
def seed_output(seed_path):
    proc = run_kibaru("read", "../shared/seed/000_adf4cb344ef422a1.txt", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    (article,) = jsonl(proc.stdout)
    return proc, article


def test_seed_title_tags_author_outlet(seed_output):
    _, article = seed_output
    assert article["title"] == "Coopération militaire: Bamako courtise Moscou"
    assert article["tags"] == [
        "Coopération militaire", "russie", "mali moscou", "bamako",
        "ambassadeur de russie à Bamako", "au Mali", "ministre sadio camara",
    ]
    assert article["author"] == "Aboubacar BERTHE"
    assert article["outlet"] == "le serment du Mali"
    assert article["lang"] == "fr"
    assert article["errors"] == []


def test_seed_body_has_no_title_tags_byline_or_source(seed_output):
    _, article = seed_output
    text = article["text"]
    assert text.startswith("Le Ministre de la Défense et des Anciens Combattants")
    assert text.endswith("Les regards se tournent vers la Russie considérée comme la solution.")
    for furniture in ("Aboubacar BERTHE", "Source:", "serment du Mali", "Coopération militaire-russie"):
        assert furniture not in text


def test_seed_output_follows_the_contract(seed_output):
    proc, article = seed_output
    assert list(article)[: len(CONTRACT_FIELDS)] == CONTRACT_FIELDS
    assert all(set(r) == {"kind", "from", "to"} for r in article["repairs"])
    assert Article.from_dict(article).to_dict() == article  # round trip
    assert proc.stderr == ""


def test_same_article_read_twice_gets_the_same_id(seed_path, tmp_path):
    copy = write(tmp_path, "copie.txt", seed_path.read_bytes())
    first, second = read_all(seed_path, copy)
    assert first.id == second.id
    assert second.duplicate_of == first.id


# --- standard input ---------------------------------------------------------------


def test_stdin_jsonl():
    lines = (
        '{"id": "s1", "title": "Sommet à Lomé", "text": "Les ministres de la région se sont réunis à Lomé pour évoquer la sécurité maritime dans le golfe de Guinée."}\n'
        "pas du json\n"
        '{"text": "Le Togo et le Bénin renforcent leur coopération contre la piraterie et les trafics."}\n'
    )
    proc = run_kibaru("read", "-", input=lines.encode("utf-8"))
    assert proc.returncode == 1
    assert_no_traceback(proc.stderr)
    assert proc.stderr.strip() == "error: <stdin>:2: E106 not valid JSON: Expecting value (column 1)"
    first, bad, third = jsonl(proc.stdout)
    assert first["id"] == "s1" and first["title"] == "Sommet à Lomé" and first["lang"] == "fr"
    assert bad["errors"][0]["code"] == "E106"
    assert third["text"].startswith("Le Togo et le Bénin") and len(third["id"]) == 16


def test_stdin_and_files_together(niamey_text):
    proc = run_kibaru("read", niamey_text, "-", input=b'{"id": "z", "text": "Le Niger et le Tchad signent un accord."}\n')
    assert proc.returncode == 0, proc.stderr
    assert [a["title"] or a["id"] for a in jsonl(proc.stdout)] == [NIAMEY_TITLE, "z"]


# --- table, version, help ---------------------------------------------------------------


def test_table_format(seed_path, tmp_path):
    empty = write(tmp_path, "vide.txt", b"")
    proc = run_kibaru("read", seed_path, empty, "--format", "table")
    assert proc.returncode == 1
    assert_no_traceback(proc.stderr)
    out = proc.stdout
    for column in ("id", "title", "outlet", "lang", "words", "repairs", "errors"):
        assert column in out
    assert "le serment du Mali" in out and "Coopération militaire" in out
    assert "E103" in out and "E103" in proc.stderr
    with pytest.raises(json.JSONDecodeError):
        json.loads(out.splitlines()[0] or "x")


def test_version():
    proc = run_kibaru("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"kibaru {__version__}"


def test_help():
    proc = run_kibaru("--help")
    assert proc.returncode == 0
    assert "read" in proc.stdout and "Usage" in proc.stdout
    proc = run_kibaru("read", "--help")
    assert proc.returncode == 0
    for option in ("--format", "--max-chars", "--no-repair", "--no-dedup"):
        assert option in proc.stdout


def test_unknown_option_is_a_usage_error():
    proc = run_kibaru("read", "--formt", "table")
    assert proc.returncode == 2
    assert_no_traceback(proc.stderr)
    assert "--formt" in proc.stderr


# --- MasakhaNEWS --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def masakhanews_run(masakhanews_test):
    proc = run_kibaru("read", "../shared/data/masakhanews-fra/test.tsv")
    return proc, jsonl(proc.stdout)


def test_masakhanews_all_422_articles(masakhanews_run):
    proc, articles = masakhanews_run
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc.stderr)
    assert len(articles) == 422
    assert all(a["errors"] == [] for a in articles)
    assert all(a["title"] and a["text"] for a in articles)
    assert all(a["url"].startswith("https://www.bbc.com/") for a in articles)
    assert {a["meta"]["category"] for a in articles} == {"business", "health", "politics", "sports", "technology"}
    assert sum(a["lang"] == "fr" for a in articles) >= 415


def test_masakhanews_ids_are_stable(masakhanews_run, masakhanews_test):
    _, first = masakhanews_run
    second = read_all(masakhanews_test)
    ids = [a["id"] for a in first]
    assert len(set(ids)) == 422
    assert ids == [a.id for a in second]
