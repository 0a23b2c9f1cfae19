"""CLI conventions analysts expect of a tool: the database from KIBARU_DB,
--format on reports as on queries, shell completion."""

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
