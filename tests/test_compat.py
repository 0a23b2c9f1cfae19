"""Optional dependencies: a missing extra is one numbered message naming it."""

from __future__ import annotations

import sys

import pytest

from conftest import run_kibaru
from kibaru.compat import EXTRAS, available, require
from kibaru.errors import KibaruError


def test_a_missing_module_names_the_extra_that_installs_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed: importing it fails
    with pytest.raises(KibaruError) as error:
        require("psycopg", "a PostgreSQL database")
    assert error.value.code == "E001"
    assert error.value.message == "a PostgreSQL database needs psycopg, which is not installed: " \
                                  "pip install 'kibaru[postgres]'"


def test_a_postgresql_address_without_the_driver_is_e001(monkeypatch):
    from kibaru.store import open_store

    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(KibaruError, match=r"kibaru\[postgres\]") as error:
        open_store("postgresql://kb@127.0.0.1:1/none")
    assert error.value.code == "E001"


def test_every_extra_module_is_installed_for_the_tests():
    # the README's install command installs every extra: none is missing here
    assert [module for module in EXTRAS if not available(module)] == []
    assert set(EXTRAS.values()) == {"web", "postgres", "parquet", "spark"}


def test_the_core_imports_no_extra():
    """Reading, normalising and coding import none of the extras."""
    code = ("import sys, kibaru, kibaru.pipeline, kibaru.store, kibaru.store.writer; "
            "from kibaru.compat import EXTRAS; "
            "print(sorted(m for m in EXTRAS if m in sys.modules))")
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_serve_without_the_web_extra_says_what_to_install(tmp_path):
    # a stub that makes "import fastapi" fail in the child process
    (tmp_path / "fastapi.py").write_text("raise ImportError('not installed')\n")
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "kibaru", "serve", "--db", str(tmp_path / "x.db")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2 and "pip install 'kibaru[web]'" in proc.stderr, proc.stderr
    assert run_kibaru("--version").returncode == 0
