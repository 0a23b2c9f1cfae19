"""CLI conventions analysts expect of a tool: a config file, the database from KIBARU_DB,
--format on reports as on queries, shell completion, -v/-q."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import run_kibaru


def test_the_database_comes_from_kibaru_db_when_no_db_is_given(tmp_path):
    from_env = tmp_path / "from-env.db"
    assert run_kibaru("db", "upgrade", env={"KIBARU_DB": str(from_env)}).returncode == 0
    assert from_env.is_file() and not (tmp_path / "kibaru.db").exists()
    stats = run_kibaru("db", "stats", "--format", "json", env={"KIBARU_DB": str(from_env)})
    assert stats.returncode == 0, stats.stderr
    report = json.loads(stats.stdout)
    assert json.loads(run_kibaru("db", "stats", "--json", env={"KIBARU_DB": str(from_env)}).stdout) == report
    table = run_kibaru("db", "stats", "--format", "table", env={"KIBARU_DB": str(from_env)})
    assert table.returncode == 0 and "last runs" in table.stdout and not table.stdout.lstrip().startswith("{")
    assert report["database"] == str(from_env) and report["rows"]["articles"] == 0
    # --db wins over the variable
    given = tmp_path / "given.db"
    assert run_kibaru("db", "upgrade", "--db", given, env={"KIBARU_DB": str(from_env)}).returncode == 0
    assert given.is_file()


def test_a_bad_kibaru_db_is_named_like_a_bad_db_option(tmp_path):
    proc = run_kibaru("db", "stats", env={"KIBARU_DB": "mysql://root:hunter2@localhost/kb"})
    assert proc.returncode == 2 and "E201" in proc.stderr and "hunter2" not in proc.stderr


def test_shell_completion_is_offered():
    script = Path(sys.executable).with_name("kibaru")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kibaru"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIBARU_")}
    proc = subprocess.run([*command, "--show-completion", "bash"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "complete" in proc.stdout and "COMP_WORDS" in proc.stdout
    assert "--install-completion" in run_kibaru("--help").stdout


# --- the config file ----------------------------------------------------------------------------

def test_a_config_file_sets_settings_and_the_database_and_says_where_each_came_from(tmp_path):
    db = tmp_path / "from-file.db"
    config = tmp_path / "kibaru.toml"
    config.write_text(f'db = "{db}"\n\n[kibaru]\nmax_chars = 200\ndetect_duplicates = false\n', encoding="utf-8")
    shown = run_kibaru("--config", config, "config", "show", "--format", "json",
                       env={"KIBARU_DETECT_LANGUAGE": "false"})
    assert shown.returncode == 0, shown.stderr
    rows = {row["name"]: row for row in json.loads(shown.stdout)}
    assert rows["max_chars"]["value"] == 200 and rows["max_chars"]["from"] == f"config file {config}"
    assert rows["detect_language"]["value"] is False and rows["detect_language"]["from"] == "environment KIBARU_DETECT_LANGUAGE"
    assert rows["repair_apostrophes"]["value"] is True and rows["repair_apostrophes"]["from"] == "default"
    assert rows["db"]["value"] == str(db) and rows["db"]["from"] == f"config file {config}"
    # the commands use it: the database named in the file, the limit on article size
    assert run_kibaru("--config", config, "db", "upgrade").returncode == 0 and db.is_file()
    article = tmp_path / "long.txt"
    article.write_text("Un titre\n\n" + "Le ministre a reçu l'ambassadeur. " * 20 + "\n", encoding="utf-8")
    read = run_kibaru("read", article, env={"KIBARU_CONFIG": str(config)})
    assert "E105" in read.stdout + read.stderr
    assert "E105" not in (run_kibaru("read", article).stdout + run_kibaru("read", article).stderr)


def test_the_environment_and_flags_win_over_the_config_file(tmp_path):
    config = tmp_path / "kibaru.toml"
    config.write_text('db = "from-file.db"\nmax_chars = 200\n', encoding="utf-8")
    shown = run_kibaru("config", "show", "--format", "json", "--db", tmp_path / "flag.db",
                       env={"KIBARU_CONFIG": str(config), "KIBARU_MAX_CHARS": "300"})
    rows = {row["name"]: row for row in json.loads(shown.stdout)}
    assert rows["max_chars"]["value"] == 300 and rows["db"]["from"] == "command line"


def test_a_kibaru_toml_in_the_current_folder_is_read(tmp_path):
    (tmp_path / "kibaru.toml").write_text("minhash_permutations = 64\n", encoding="utf-8")
    rows = {r["name"]: r for r in json.loads(run_kibaru("config", "show", "--format", "json", cwd=tmp_path).stdout)}
    assert rows["minhash_permutations"]["value"] == 64 and rows["minhash_permutations"]["from"] == "config file kibaru.toml"


def test_a_bad_config_file_is_one_numbered_line(tmp_path):
    for text, detail in (("max_char = 5\n", "unknown setting 'max_char'"),
                         ('max_chars = "many"\n', "max_chars: Input should be a valid integer"),
                         ("near_duplicate_threshold = 1.5\n", "near_duplicate_threshold: Input should be less than"),
                         ('db = 5\n', "db must be str"),
                         ("max_chars = \n", "not valid TOML")):
        config = tmp_path / "kibaru.toml"
        config.write_text(text, encoding="utf-8")
        proc = run_kibaru("--config", config, "db", "stats")
        assert proc.returncode == 2 and "E125" in proc.stderr and detail in proc.stderr, proc.stderr
        assert str(config) in proc.stderr and "Traceback" not in proc.stderr
    missing = run_kibaru("--config", tmp_path / "nowhere.toml", "config", "show")
    assert missing.returncode == 2 and "nowhere.toml" in missing.stderr


def test_a_bad_environment_variable_is_one_numbered_line_naming_it(tmp_path):
    for variable, value, detail in (("KIBARU_MAX_CHARS", "lots", "valid integer"),
                                    ("KIBARU_DETECT_DUPLICATES", "maybe", "valid boolean"),
                                    ("KIBARU_MAX_CHARS", "-5", "greater than 0")):
        proc = run_kibaru("read", tmp_path, env={variable: value})
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert f"environment {variable}: E126" in proc.stderr and detail in proc.stderr, proc.stderr


def test_environment_values_are_parsed_as_pydantic_reads_them():
    from kibaru.settings import Settings

    assert Settings() == Settings.model_construct()  # the defaults, whatever the environment says
    env = {"KIBARU_DETECT_DUPLICATES": "off", "KIBARU_MAX_CHARS": "5000", "KIBARU_NEAR_DUPLICATE_THRESHOLD": "0.8"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        settings, sources = Settings.resolve(max_chars=None, repair_apostrophes=False)
        assert Settings() == Settings.model_construct()
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    assert (settings.detect_duplicates, settings.max_chars, settings.near_duplicate_threshold) == (False, 5000, 0.8)
    assert settings.repair_apostrophes is False and sources["repair_apostrophes"] == "command line"
    assert sources["max_chars"] == "environment KIBARU_MAX_CHARS" and sources["detect_language"] == "default"
    assert hash(settings) == hash(settings.with_(max_chars=None))  # hashable, as pipeline keys need


# --- -v / -q ------------------------------------------------------------------------------------

BROKEN_FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Le Républicain</title><item>'
               "<title>Le ministre reçoit</title><description>Le ministre de la Défense a reçu "
               "l'ambassadeur de Russie à Bamako.</description></item>")  # never closed: W102


def test_quiet_keeps_errors_and_drops_warnings(tmp_path):
    feed = tmp_path / "une.rss"
    feed.write_text(BROKEN_FEED, encoding="utf-8")
    missing = tmp_path / "absent.txt"
    normal = run_kibaru("read", feed)
    assert normal.returncode == 0 and "W102" in normal.stderr
    quiet = run_kibaru("-q", "read", feed)
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert quiet.stdout == normal.stdout  # the data is the same; only stderr is quieter
    failing = run_kibaru("-q", "read", feed, missing)
    assert failing.returncode == 1 and "absent.txt" in failing.stderr and "W102" not in failing.stderr


def test_verbose_says_what_is_read_and_counts_the_undated(tmp_path):
    feed = tmp_path / "une.rss"
    feed.write_text(BROKEN_FEED, encoding="utf-8")
    verbose = run_kibaru("-v", "read", feed)
    assert verbose.returncode == 0
    lines = verbose.stderr.splitlines()
    assert any(line.startswith("kibaru.corpus reading") and "une.rss" in line for line in lines), verbose.stderr
    assert any("W102" in line for line in lines)
    assert any(line.startswith("W104 1 article has no publication date") for line in lines)
    assert "reading" not in run_kibaru("read", feed).stderr


def test_quiet_drops_the_summary_line_of_an_export(tmp_path):
    db = tmp_path / "k.db"
    assert run_kibaru("db", "upgrade", "--db", db).returncode == 0
    out = tmp_path / "events.csv"
    normal = run_kibaru("export", "events", out, "--db", db)
    assert normal.returncode == 0 and "0 events written to" in normal.stderr
    quiet = run_kibaru("-q", "export", "events", out, "--db", db)
    assert quiet.returncode == 0 and quiet.stderr == "" and out.read_text(encoding="utf-8").startswith("id,")
    verbose = run_kibaru("-v", "export", "events", out, "--db", db)
    assert f"kibaru.store database: {db}" in verbose.stderr


# --- CSV from read and analyze ------------------------------------------------------------------

def test_read_and_analyze_write_csv_that_standard_readers_open(tmp_path, seed_path):
    import csv
    import io

    import pyarrow.csv as pacsv

    from kibaru.store.export import EVENT_COLUMNS

    seed = seed_path
    read = run_kibaru("read", seed, "--format", "csv")
    assert read.returncode == 0, read.stderr
    (row,) = list(csv.DictReader(io.StringIO(read.stdout)))
    assert row["text"].startswith("Le Ministre de la Défense") and int(row["words"]) > 400
    assert row["warnings"] == "W104" and row["errors"] == ""
    analyzed = run_kibaru("analyze", seed, "--format", "csv")
    jsonl = run_kibaru("analyze", seed)
    assert analyzed.returncode == 0, analyzed.stderr
    (tmp_path / "events.csv").write_text(analyzed.stdout, encoding="utf-8")
    table = pacsv.read_csv(tmp_path / "events.csv")
    assert table.column_names == [name for name, _ in EVENT_COLUMNS]  # those of kibaru export events
    events = json.loads(jsonl.stdout)["events"]
    assert table.num_rows == len(events) > 5
    assert table.column("type").to_pylist() == [e["type"] for e in events]
    assert table.column("target_country").to_pylist() == [(e["target"] or {}).get("country") for e in events]
    # no event at all: the header is still whole
    empty = tmp_path / "empty.txt"
    empty.write_text("Météo\n\nIl a plu à Bamako.\n", encoding="utf-8")
    header = run_kibaru("analyze", empty, "--format", "csv").stdout.splitlines()
    assert header == [",".join(name for name, _ in EVENT_COLUMNS)]
