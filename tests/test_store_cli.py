"""End to end: ``kibaru analyze --db`` on real articles (the seed and BBC Afrique
articles from MasakhaNEWS), on SQLite and PostgreSQL; killed and resumed;
then the query and export commands on what was stored."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, run_kibaru
from kibaru.store import migrations, open_store

pytestmark = pytest.mark.slow

# 99 BBC articles and the seed: two parse batches of the analyzer (64 each), so
# a run can be killed between its first commit and its last.
SAMPLE = 99


def _write_sample(source: Path, dest: Path, n: int) -> None:
    csv.field_size_limit(10**9)
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))[:n]
    with open(dest, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, masakhanews_test, seed_path) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    _write_sample(masakhanews_test, folder / "bbc-afrique.tsv", SAMPLE)
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    return folder


def _analyze(corpus: Path, db: str) -> subprocess.CompletedProcess:
    proc = run_kibaru("analyze", corpus, "--db", db, "--no-progress")
    assert proc.returncode == 0, proc.stderr
    return proc


def _profile(db: str) -> dict:
    """What must be identical between two stores of the same corpus."""
    with open_store(db, readonly=True) as store:
        counts = store.counts()
        counts.pop("runs")
        return {
            "counts": counts,
            "ids": sorted(r["id"] for r in store.rows("SELECT id FROM articles")),
            "types": sorted((r["type"], r["n"]) for r in store.rows("SELECT type, count(*) AS n FROM events GROUP BY type")),
            "dyads": sorted((r["article_id"], r["seq"], r["type"], r["source_country"] or "", r["target_country"] or "")
                            for r in store.rows("SELECT article_id, seq, type, source_country, target_country FROM events")),
        }


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[str, dict]:
    db = str(tmp_path_factory.mktemp("reference") / "kibaru.db")
    proc = _analyze(corpus, db)
    assert f"{SAMPLE + 1} articles stored" in proc.stderr
    return db, _profile(db)


def test_sqlite_and_postgresql_store_the_same_corpus(corpus, reference, postgres_url):
    _, expected = reference
    _analyze(corpus, postgres_url)
    assert expected["counts"]["articles"] == SAMPLE + 1
    assert expected["counts"]["events"] > 200
    assert _profile(postgres_url) == expected


def test_a_rerun_skips_everything(corpus, reference):
    db, expected = reference
    proc = _analyze(corpus, db)
    assert f"0 articles stored, 0 replaced, {SAMPLE + 1} unchanged" in proc.stderr
    assert _profile(db) == expected
    runs = json.loads(run_kibaru("db", "stats", "--db", db, "--json").stdout)["runs"]
    assert [r["status"] for r in runs[:2]] == ["done", "done"]
    assert runs[0]["skipped"] == SAMPLE + 1 and runs[1]["stored"] == SAMPLE + 1


@pytest.mark.parametrize("workers", ["1", "2"])
def test_killed_with_sigkill_then_rerun_gives_the_counts_of_an_uninterrupted_run(corpus, reference, tmp_path, workers):
    _, expected = reference
    db = tmp_path / "killed.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIBARU_")}
    # its own process group: SIGKILL goes to the run and its worker processes at once
    proc = subprocess.Popen([sys.executable, "-m", "kibaru", "analyze", str(corpus), "--db", str(db), "--no-progress",
                             "--workers", workers],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    stored = 0
    deadline = time.monotonic() + 180
    try:
        # kill as soon as the first batch is committed: the run is then mid-way
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                except sqlite3.OperationalError:
                    stored = 0  # schema not created yet
                if stored:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read().decode()}"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert 0 < stored < SAMPLE + 1
    with open_store(str(db), readonly=True) as store:
        at_kill = store.counts()["articles"]
        assert store.runs()[0]["status"] == "running" and store.runs()[0]["finished_at"] is None
    assert at_kill < SAMPLE + 1

    rerun = run_kibaru("analyze", corpus, "--db", db, "--no-progress", "--workers", workers)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{SAMPLE + 1 - at_kill} articles stored, 0 replaced, {at_kill} unchanged" in rerun.stderr
    assert _profile(str(db)) == expected


def test_queries_on_the_stored_corpus(reference):
    db, _ = reference
    events = json.loads(run_kibaru("events", "--db", db, "--type", "CONSULT", "--source", "MLI", "--target", "RUS",
                                   "--format", "json").stdout)
    meeting = [e for e in events if e["day"] == "2021-06-15"]
    assert meeting and meeting[0]["source"]["name"] == "Sadio Camara"
    assert meeting[0]["target"]["name"] == "Igor Gromyko"
    seed_id = meeting[0]["article_id"]

    hits = json.loads(run_kibaru("search", "--db", db, "Barkhane Moscou", "--format", "json").stdout)
    assert hits[0]["id"] == seed_id
    # accents folded, case folded
    assert seed_id in {h["id"] for h in json.loads(run_kibaru("search", "--db", db, "COOPERATION MILITAIRE", "-f", "json").stdout)}

    table = run_kibaru("events", "--db", db, "--type", "PROTEST", "--country", "MLI")
    assert table.returncode == 0 and "PROTEST" in table.stdout

    actors = run_kibaru("actors", "--db", db, "--country", "MLI", "--top", "5", "--format", "csv").stdout.splitlines()
    assert actors[0] == "name,country,agent,articles" and len(actors) == 6

    # CSV rows all have the record schema's columns, whether or not the first event has a target
    as_json = json.loads(run_kibaru("events", "--db", db, "--limit", "100000", "--format", "json").stdout)
    listed = run_kibaru("events", "--db", db, "--limit", "100000", "--format", "csv").stdout
    rows = list(csv.DictReader(listed.splitlines()))
    assert len(rows) == len(as_json) and any(e["target"] is None for e in as_json)
    for column in ("source_country", "target_country", "target_name", "place_name", "place_lat", "date_precision"):
        assert column in rows[0], column
    assert sum(1 for r in rows if r["target_country"]) == sum(1 for e in as_json if e["target"] and e["target"]["country"])

    article = json.loads(run_kibaru("article", seed_id, "--db", db).stdout)
    assert article["id"] == seed_id and article["author"] == "Aboubacar BERTHE"
    assert any(e["type"] == "SANCTION" and e["source"]["country"] == "FRA" for e in article["events"])


def test_stored_article_is_what_analyze_prints(reference, seed_path):
    db, _ = reference
    printed = json.loads(run_kibaru("analyze", seed_path, "--no-progress").stdout)
    stored = json.loads(run_kibaru("article", printed["id"], "--db", db).stdout)
    printed["origin"] = stored["origin"]  # the same file, read from another folder
    assert stored == printed


def test_exports_of_the_stored_corpus(reference, tmp_path):
    import pyarrow.parquet as pq

    db, expected = reference
    out = tmp_path / "events.parquet"
    proc = run_kibaru("export", "events", out, "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert pq.read_table(out).num_rows == expected["counts"]["events"]
    gdelt = tmp_path / "events.tsv"
    assert run_kibaru("export", "events", gdelt, "--db", db, "--type", "ASSAULT").returncode == 0
    rows = [line.split("\t") for line in gdelt.read_text(encoding="utf-8").splitlines()]
    assert rows and all(len(r) == 61 and r[26] == "180" and r[28] == "18" and r[30] == "-9.0" for r in rows)
    # "-" writes to standard output, read back with the standard reader
    listed = run_kibaru("export", "events", "-", "--format", "csv", "--db", db, "--type", "ASSAULT")
    assert listed.returncode == 0, listed.stderr
    assert len(list(csv.DictReader(listed.stdout.splitlines()))) == len(rows)
    assert "written to standard output" in listed.stderr
    articles = tmp_path / "articles.csv"
    assert run_kibaru("export", "articles", articles, "--db", db).returncode == 0
    with open(articles, encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == expected["counts"]["articles"]


# --- bad databases: one clear line, exit 2, nothing touched ---------------------------------

def test_malformed_db_address(seed_path):
    proc = run_kibaru("analyze", seed_path, "--db", "mysql://root:hunter2@localhost/kb")
    assert proc.returncode == 2
    assert "E201" in proc.stderr and "unknown scheme 'mysql'" in proc.stderr
    assert "hunter2" not in proc.stderr and "Traceback" not in proc.stderr


def test_unreachable_postgresql(seed_path):
    proc = run_kibaru("analyze", seed_path, "--db", "postgresql://kb:hunter2@127.0.0.1:1/press")
    assert proc.returncode == 2
    assert "E202 cannot connect" in proc.stderr and "127.0.0.1" in proc.stderr
    assert "hunter2" not in proc.stderr and "Traceback" not in proc.stderr


def test_query_on_a_missing_database(tmp_path):
    proc = run_kibaru("events", "--db", tmp_path / "nothing.db")
    assert proc.returncode == 2 and "E207" in proc.stderr
    assert not (tmp_path / "nothing.db").exists()


def test_unknown_article_and_bad_filters(reference):
    db, _ = reference
    missing = run_kibaru("article", "no-such-id", "--db", db)
    assert missing.returncode == 2 and "E208 no article with id 'no-such-id'" in missing.stderr
    bad = run_kibaru("events", "--db", db, "--type", "MEETING")
    assert bad.returncode == 2 and "E211" in bad.stderr and "CONSULT" in bad.stderr
    assert run_kibaru("events", "--db", db, "--since", "yesterday").returncode == 2


def test_a_newer_database_is_refused_by_every_command(tmp_path, seed_path):
    db = tmp_path / "future.db"
    open_store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', 'later')")
    for args in (["analyze", seed_path], ["events"], ["search", "Mali"], ["db", "upgrade"]):
        proc = run_kibaru(*args, "--db", db)
        assert proc.returncode == 2 and "E203" in proc.stderr, (args, proc.stderr)


def test_db_upgrade_and_stats(tmp_path):
    db = tmp_path / "new.db"
    latest = migrations("sqlite")[-1]
    first = run_kibaru("db", "upgrade", "--db", db)
    assert first.returncode == 0 and "applied 0001_initial" in first.stdout
    assert f"applied {latest.version:04d}_{latest.name}" in first.stdout
    again = run_kibaru("db", "upgrade", "--db", db)
    assert f"schema up to date (version {latest.version})" in again.stdout
    stats = json.loads(run_kibaru("db", "stats", "--db", db, "--json").stdout)
    assert stats["schema_version"] == latest.version and stats["rows"]["articles"] == 0


def test_a_read_only_database_file(tmp_path, seed_path):
    db = tmp_path / "archive.db"
    open_store(db).close()
    db.chmod(0o444)
    before = db.read_bytes()
    proc = run_kibaru("analyze", seed_path, "--db", db)
    assert proc.returncode == 2 and "E204 read-only" in proc.stderr and "Traceback" not in proc.stderr
    assert db.read_bytes() == before
    # queries still work on it
    assert run_kibaru("events", "--db", db).returncode == 0
