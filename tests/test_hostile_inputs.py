"""Issue 15, case by case: no input, request or kill can stop a run, lose an
article, leave a process behind, or get a 500.

Each numbered failure of the issue is a test here (the number in its name).
Every bad input gives a named error or warning, the other articles are
stored, and nothing hangs: the CLI runs have timeouts, the API answers 4xx.
The fuzz tests (tests/test_fuzz.py) try the same readers and parameters with
generated inputs.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import REPO, _clean_env, assert_no_traceback, jsonl, read_all, run_kibaru, write
from kibaru.doc import Article
from kibaru.errors import KibaruError
from kibaru.normalize.apostrophes import repair_apostrophes
from kibaru.store import open_store
from kibaru.store.rows import to_rows
from kibaru.store.writer import StoreWriter
from kibaru.web import WebSettings, create_app
from test_store import _event, make_article

LOCAL = "http://127.0.0.1"  # the test client speaks to the server by one of its own names


def _sentence(i: int) -> str:
    return f"Le ministre malien a reçu le jour {i} à Bamako l'ambassadeur du Niger pour parler de sécurité."


def _csv(rows: list[tuple[str, str]], header: str = "id,title,text") -> str:
    return header + "\n" + "".join(f"{i},{t}\n" for i, t in rows)


def _store(url: str, articles: list[Article], warnings: list | None = None) -> StoreWriter:
    with open_store(url) as store:
        with StoreWriter(store, "hostile", on_warning=(warnings.append if warnings is not None else None)) as writer:
            for article in writer.pending(articles):
                writer.add(article)
    return writer


# --- 1. one JSONL line must not abort the batch ---------------------------------------------

HOSTILE_JSONL = "\n".join([
    json.dumps({"id": "ok-1", "text": _sentence(1)}),
    '{"id": "surrogate", "text": "Un texte avec une moitié de caractère \\ud800 au milieu."}',
    json.dumps({"id": "tags-5", "text": _sentence(2), "tags": 5}),
    '{"id": "deep", "text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}",
    json.dumps({"id": "nul", "title": "Titre\u0000nul", "text": "Un texte\u0000 avec un octet nul."}),
    json.dumps({"id": "ok-2", "text": _sentence(3)}),
]) + "\n"


def test_1_hostile_jsonl_lines_are_results_not_crashes(tmp_path, db_url):
    path = write(tmp_path, "lignes.jsonl", HOSTILE_JSONL)
    articles = read_all(path)
    by_id = {a.id: a for a in articles if a.id}
    assert [a.origin for a in articles] == [f"{path}:{n}" for n in range(1, 7)]
    # the lone surrogate becomes U+FFFD: printable and storable
    assert "\ufffd" in by_id["surrogate"].text and by_id["surrogate"].errors == []
    json.dumps(by_id["surrogate"].to_dict(), ensure_ascii=False).encode("utf-8")
    assert by_id["tags-5"].tags == ["5"] and by_id["tags-5"].errors == []
    (deep,) = [a for a in articles if a.origin == f"{path}:4"]
    assert [(e.code, e.line) for e in deep.errors] == [("E106", 4)] and "nested" in deep.errors[0].message
    assert "\x00" not in by_id["nul"].text + by_id["nul"].title
    writer = _store(db_url, articles)
    assert writer.counts["stored"] == 5 and writer.counts["failed"] == 1


# --- 2. NUL bytes: stored in PostgreSQL with the rest of the batch -----------------------------

def test_2_nul_bytes_in_csv_and_json_do_not_lose_the_batch(tmp_path, postgres_url):
    rows = [(str(i), f"Titre {i},{_sentence(i)}") for i in range(30)]
    rows[7] = ("7", "Titre\x00 7,Un texte avec\x00 un octet nul au milieu.")
    csv_path = write(tmp_path, "nul.csv", _csv(rows))
    json_path = write(tmp_path, "nul.jsonl", json.dumps({"id": "j\u0000nul", "text": "Un\u0000 texte JSON."}) + "\n")
    articles = read_all(csv_path, json_path)
    assert len(articles) == 31 and not any(a.errors for a in articles)
    writer = _store(postgres_url, articles)
    assert writer.counts["stored"] == 31 and writer.counts["failed"] == 0
    with open_store(postgres_url, readonly=True) as store:
        assert store.article("7")["text"] == "Un texte avec  un octet nul au milieu.".replace("  ", " ")
        assert store.article("j nul")["text"] == "Un texte JSON."


@pytest.mark.slow
def test_2_nul_bytes_over_the_api_are_stored(postgres_url):
    token = "jeton-de-test-0123"
    body = {"articles": [{"id": "api-nul", "text": "Le ministre\u0000 a reçu l'ambassadeur à Bamako."},
                         {"id": "api-ok", "text": _sentence(9)}]}
    with TestClient(create_app(WebSettings(db=postgres_url, token=token)), base_url=LOCAL) as client:
        response = client.post("/api/analyze", json=body, headers={"authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.text
        assert response.json()["stored"] == 2
        assert client.get("/api/articles/api-nul").json()["text"] == "Le ministre a reçu l'ambassadeur à Bamako."


# --- 3. an unclosed quote in CSV ---------------------------------------------------------------

def test_3_unclosed_quote_is_named_and_the_rows_after_it_are_read(tmp_path):
    rows = [(str(i), f"Titre {i},{_sentence(i)}") for i in range(1, 31)]
    rows[9] = ("10", f'"Titre 10,{_sentence(10)}')  # opened, never closed
    path = write(tmp_path, "guillemet.csv", _csv(rows))
    articles = read_all(path)
    errors = [a for a in articles if a.errors]
    assert [(e.errors[0].code, e.errors[0].line) for e in errors] == [("E120", 11)]
    assert errors[0].errors[0].input == str(path)
    good = [a for a in articles if not a.errors]
    assert [a.id for a in good] == [str(i) for i in range(1, 31) if i != 10]
    # a quoted cell that spans lines on purpose is still one cell
    multi = write(tmp_path, "paragraphes.csv", 'id,text\n1,"Premier paragraphe.\nSecond paragraphe."\n2,Fin.\n')
    assert [a.text for a in read_all(multi)] == ["Premier paragraphe.\nSecond paragraphe.", "Fin."]


def test_3_cli_exit_status_says_a_row_was_refused(tmp_path):
    path = write(tmp_path, "guillemet.csv", _csv([("1", "A,Un texte."), ("2", '"B,Un autre texte.'), ("3", "C,Fin.")]))
    proc = run_kibaru("read", path)
    assert proc.returncode == 1
    assert_no_traceback(proc.stderr)
    assert re.search(rf"error: {re.escape(str(path))}:3: E120 unbalanced quote", proc.stderr), proc.stderr
    assert [a["id"] for a in jsonl(proc.stdout) if not a["errors"]] == ["1", "3"]


# --- 4. ids reused across inputs -----------------------------------------------------------------

def test_4_duplicate_ids_across_inputs_are_all_stored_and_said(tmp_path, db_url):
    a = write(tmp_path, "a.csv", _csv([(str(i), f"A{i},{_sentence(i)}") for i in range(1, 6)]))
    b = write(tmp_path, "b.csv", _csv([(str(i), f"B{i},{_sentence(i + 100)}") for i in range(1, 6)]))
    warnings: list = []
    writer = _store(db_url, read_all(a, b), warnings)
    assert writer.counts["stored"] == 10 and writer.counts["skipped"] == 0
    assert [w.code for w in warnings] == ["W203"] * 5
    assert "also the id of another article" in warnings[0].message and str(a) in warnings[0].message
    # a re-run finds everything stored: nothing coded again, nothing lost
    again = _store(db_url, read_all(a, b))
    assert again.counts["skipped"] == 10 and again.counts["stored"] == again.counts["replaced"] == 0
    # later, another file's id 3 is another article: stored beside, not over, the first
    c = write(tmp_path, "c.csv", _csv([("3", f"C3,{_sentence(300)}")]))
    later: list = []
    _store(db_url, read_all(c), later)
    assert [w.code for w in later] == ["W203"]
    with open_store(db_url, readonly=True) as store:
        assert store.article("3")["text"] == _sentence(3)
        assert store.counts()["articles"] == 11
    # the same id and text twice is a duplicate: said, stored once
    twice = write(tmp_path, "twice.jsonl", (json.dumps({"id": "t", "text": _sentence(7)}) + "\n") * 2)
    dup: list = []
    writer = _store(db_url, read_all(twice), dup)
    assert [w.code for w in dup] == ["W202"] and writer.counts["stored"] == 1


# --- 5. gzip bombs -----------------------------------------------------------------------------

def _peak_rss_mb_of(args: list[str], timeout: float) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``kibaru ARGS`` from a fresh Python, so that the peak memory of children is this run's."""
    script = ("import json, resource, subprocess, sys, time\n"
              "t = time.perf_counter()\n"
              f"p = subprocess.run([sys.executable, '-m', 'kibaru', *{args!r}], capture_output=True)\n"
              "print(json.dumps([p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace'),"
              " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, time.perf_counter() - t]))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO,
                         env=_clean_env(), timeout=timeout)
    code, stdout, stderr, rss, seconds = json.loads(out.stdout)
    return subprocess.CompletedProcess(args, code, stdout, stderr), rss, seconds


def test_5_gzip_bombs_are_bounded_in_time_memory_and_message(tmp_path):
    line_bomb = tmp_path / "ligne.warc.gz"  # ~80 KB inflating to one 80 MB "line"
    line_bomb.write_bytes(gzip.compress(b"a" * 80_000_000, 9))
    proc, rss, seconds = _peak_rss_mb_of(["read", str(line_bomb)], timeout=120)
    assert proc.returncode == 1 and seconds < 60
    assert_no_traceback(proc.stderr)
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"error: {line_bomb}: E113") and len(line) < 400, line[:500]
    assert rss < 600, f"peak memory {rss:.0f} MB"


# --- 6. FIFOs and symlinks to devices ---------------------------------------------------------

def test_6_fifo_and_dev_zero_symlink_do_not_hang(tmp_path):
    folder = tmp_path / "entrees"
    folder.mkdir()
    os.mkfifo(folder / "tube.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "zero.jsonl").symlink_to("/dev/zero")  # the progress estimate counts JSONL lines
    write(folder, "bon.txt", f"Un titre\n{_sentence(1)}\n")
    proc = run_kibaru("read", folder, "--progress")  # with the estimate of articles
    assert proc.returncode == 1
    assert_no_traceback(proc.stderr)
    for name, kind in (("tube.txt", "named pipe"), ("zero.txt", "character device"), ("zero.jsonl", "character device")):
        assert re.search(rf"error: {re.escape(str(folder / name))}: E102 cannot read: .*{kind}", proc.stderr), proc.stderr
    assert [a["title"] for a in jsonl(proc.stdout) if not a["errors"]] == ["Un titre"]


# --- 7. an unreadable subfolder, walked last --------------------------------------------------

def test_7_unreadable_subfolder_walked_last_is_an_error(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", f"Titre\n{_sentence(1)}\n")
    (tmp_path / "zz-secret").mkdir()
    write(tmp_path / "zz-secret", "b.txt", f"Titre\n{_sentence(2)}\n")
    if os.geteuid() == 0:  # root reads any folder: refuse it as the file system would refuse another user
        real = os.scandir

        def scandir(path="."):
            if str(path).endswith("zz-secret"):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        (tmp_path / "zz-secret").chmod(0)
    try:
        articles = read_all(tmp_path)
    finally:
        (tmp_path / "zz-secret").chmod(0o755)
    assert [a.title for a in articles if not a.errors] == ["Titre"]
    (failed,) = [a for a in articles if a.errors]
    assert failed.errors[0].code == "E102" and failed.errors[0].input.endswith("zz-secret")


# --- 8. short cp1252 text -----------------------------------------------------------------------

def test_8_short_cp1252_text_reads_as_french(tmp_path):
    path = write(tmp_path, "court.txt", b"Visite\nLe ministre a rencontr\xe9 l\x92ambassadeur du Tchad \xe0 Niamey.\n")
    (article,) = read_all(path)
    assert article.text == "Le ministre a rencontré l’ambassadeur du Tchad à Niamey."
    # no encoding warning (W101); W104, "no publication date", is about the source, not the bytes
    assert [w.code for w in article.warnings if w.code != "W104"] == []
    assert [r.from_ for r in article.repairs if r.kind == "encoding"] == ["cp1252"]


def test_8_a_statistical_guess_is_a_warning(tmp_path):
    path = write(tmp_path, "russe.txt", "Новости\nПрезидент встретился с послом Франции в Бамако.\n".encode("cp1251"))
    (article,) = read_all(path)
    assert article.errors == [] and "Президент" in article.text
    assert [w.code for w in article.warnings] == ["W101"]


# --- 9. apostrophes -----------------------------------------------------------------------------

@pytest.mark.parametrize("broken, fixed", [
    # elided acronyms
    ("Le directeur général de lOMS a lancé un appel.", "Le directeur général de l'OMS a lancé un appel."),
    ("Le sommet de lUA se tiendra à Addis-Abeba.", "Le sommet de l'UA se tiendra à Addis-Abeba."),
    ("Les casques bleus de lONU quittent le Mali.", "Les casques bleus de l'ONU quittent le Mali."),
    ("Une coalition dONG dénonce les exactions.", "Une coalition d'ONG dénonce les exactions."),
    # elision before an accented vowel
    ("Les auteurs du coup dÉtat ont pris la parole.", "Les auteurs du coup d'État ont pris la parole."),
    ("Une série dévénements graves a secoué la région.", "Une série d'événements graves a secoué la région."),
    ("La tenue délections libres est repoussée.", "La tenue d'élections libres est repoussée."),
    # a capitalised elided noun at the start of a sentence
    ("La délégation est arrivée. Lémir a reçu les ministres.", "La délégation est arrivée. L'émir a reçu les ministres."),
    ("Lémir du Qatar est attendu à Niamey.", "L'émir du Qatar est attendu à Niamey."),
    # names with an inner apostrophe
    ("Le ministre NGuessan est arrivé à NZérékoré.", "Le ministre N'Guessan est arrivé à N'Zérékoré."),
    ("La délégation a quitté NDjamena pour Abéché.", "La délégation a quitté N'Djamena pour Abéché."),
])
def test_9_lost_apostrophes_of_the_missed_classes(broken, fixed):
    assert repair_apostrophes(broken)[0] == fixed


@pytest.mark.parametrize("text", [
    "Le directeur de l'OMS a parlé.", "La NBA et le FMI.", "Il a vu Lamine Diallo et Daoud Lamine.",
    "La démission du ministre a été annoncée.", "Le délire des uns, le décret des autres.",
    "Les anticorps mAbs et les kDa.", "Le Nigeria et la Namibie.",
])
def test_9_nothing_else_is_touched(text):
    assert repair_apostrophes(text) == (text, [])


# --- 10. killing the main process leaves no worker ----------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.slow
def test_10_sigkill_of_the_main_process_takes_the_workers_with_it(tmp_path, masakhanews_test):
    db = tmp_path / "kill.db"
    proc = subprocess.Popen([sys.executable, "-m", "kibaru", "analyze", str(masakhanews_test), "--workers", "2",
                             "--db", str(db), "--no-progress"], cwd=REPO, env=_clean_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            # the workers: the main process's children running Python (not the resource tracker)
            workers = [c for c in _children(proc.pid)
                       if b"resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes()]
            if len(workers) >= 2:
                break
            time.sleep(0.2)
        assert len(workers) >= 2, "the run never started its two workers"
        time.sleep(1.0)  # well into their start-up
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        gone_by = time.monotonic() + 15
        while time.monotonic() < gone_by and any(_alive(w) for w in workers):
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "workers still running 15 s after the main process died"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever is left of the test's own process group
        except ProcessLookupError:
            pass
    # the next run says the killed one was killed, and marks it so
    small = write(tmp_path, "petit.jsonl", json.dumps({"id": "p1", "text": _sentence(1)}) + "\n")
    rerun = run_kibaru("analyze", small, "--db", db, "--no-progress")
    assert rerun.returncode == 0, rerun.stderr
    assert "W204" in rerun.stderr and "killed before it finished" in rerun.stderr
    with open_store(db, readonly=True) as store:
        assert [r["status"] for r in store.runs()] == ["done", "killed"]


# --- 11. two first runs on an empty database ---------------------------------------------------

def test_11_two_first_runs_do_not_race_on_the_schema(db_url, tmp_path):
    """Tries of two runs starting together on a new, empty database: three on
    PostgreSQL, thirty on SQLite (where switching a new file to WAL lost about
    one race in thirty before it waited for the other run)."""
    sqlite = db_url.endswith(".db")
    urls = [db_url] + [str(tmp_path / f"race{n}.db") if sqlite else _new_pg(db_url, n)
                       for n in range(1, 30 if sqlite else 3)]
    try:
        for url in urls:
            errors: list[BaseException] = []
            barrier = threading.Barrier(2)

            def first_run(name: str) -> None:
                try:
                    barrier.wait()
                    with open_store(url) as store:
                        with StoreWriter(store, "race") as writer:
                            for article in writer.pending([make_article(name, _sentence(1))]):
                                writer.add(article)
                except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
                    errors.append(exc)

            threads = [threading.Thread(target=first_run, args=(f"r{n}",)) for n in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
            assert errors == [], [getattr(e, "describe", lambda: str(e))() for e in errors]
            with open_store(url, readonly=True) as store:
                assert store.counts()["articles"] == 2 and store.counts()["runs"] == 2
    finally:
        if not db_url.endswith(".db"):
            import psycopg

            with psycopg.connect(db_url, autocommit=True) as conn:
                for url in urls[1:]:
                    conn.execute(f'DROP DATABASE IF EXISTS "{url.rpartition("/")[2]}" WITH (FORCE)')


def _new_pg(url: str, attempt: int) -> str:
    import psycopg

    base, _, name = url.rpartition("/")
    fresh = f"{name}_race{attempt}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        conn.execute(f'CREATE DATABASE "{fresh}"')
    return f"{base}/{fresh}"


# --- 12. a slow query holds up no one, and has a time limit ------------------------------------

@pytest.fixture
def web_db(tmp_path):
    path = tmp_path / "web.db"
    with open_store(path) as store:
        store.put([to_rows(a, "s", None) for a in (
            make_article("m1", _sentence(1), events=[_event("CONSULT", "MLI", "RUS", date="2021-06-15")]),
            make_article("https://lemali.ml/2021/06/visite", _sentence(2), title="Une id qui est une URL"),
            make_article("js", _sentence(3), title="Lien piégé"),
        )])
        store.execute("UPDATE articles SET url = 'javascript:alert(document.cookie)' WHERE id = 'js'")
    return str(path)


def test_12_a_slow_search_does_not_stall_other_clients(web_db, monkeypatch):
    from kibaru.store.sqlite import SQLiteStore

    plain = SQLiteStore.search

    def slow(self, query):
        time.sleep(1.5)
        return plain(self, query)

    monkeypatch.setattr(SQLiteStore, "search", slow)
    with TestClient(create_app(WebSettings(db=web_db)), base_url=LOCAL) as client:
        searches = [threading.Thread(target=client.get, args=("/api/search?q=a",)) for _ in range(3)]
        for t in searches:
            t.start()
        time.sleep(0.2)
        start = time.perf_counter()
        assert client.get("/api/stats").status_code == 200
        waited = time.perf_counter() - start
        for t in searches:
            t.join()
    assert waited < 0.7, f"/api/stats waited {waited:.2f} s behind the searches"


def test_12_queries_keep_a_bounded_number_of_connections(web_db):
    from kibaru.web.app import LISTING_THREADS, QUERY_THREADS

    app = create_app(WebSettings(db=web_db))
    with TestClient(app, base_url=LOCAL) as client:
        def burst():
            for path in ("/api/stats", "/api/search?q=Bamako", "/", "/articles/m1", "/api/events"):
                assert client.get(path).status_code == 200
        threads = [threading.Thread(target=burst) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # one per query or listing thread, and the one opened at start-up to check the database
        assert len(app.state.stores._all) <= QUERY_THREADS + LISTING_THREADS + 1


def test_12_queries_have_a_time_limit(web_db, db_url, monkeypatch):
    heavy = {"sqlite": "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c",
             "postgresql": "SELECT pg_sleep(5)"}
    with open_store(db_url) as store:
        store.set_query_timeout(0.2)
        start = time.perf_counter()
        with pytest.raises(KibaruError) as err:
            store.scalar(heavy[store.backend])
        assert err.value.code == "E212" and time.perf_counter() - start < 3
        store.set_query_timeout(None)
        assert store.scalar("SELECT 1") == 1
    # over the API: 503, in the one error shape
    from kibaru.store import aggregates

    monkeypatch.setattr(aggregates, "stats", lambda store: store.scalar(heavy["sqlite"]))
    with TestClient(create_app(WebSettings(db=web_db, query_timeout=0.2)), base_url=LOCAL) as client:
        response = client.get("/api/stats")
        assert response.status_code == 503 and response.json()["error"]["code"] == "E212"


# --- 13. offsets, NUL, source=%00 ----------------------------------------------------------------

@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_13_hostile_query_parameters_are_4xx(web_db, backend, request):
    url = web_db
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_url")
        with open_store(url) as store:
            store.put([to_rows(make_article("m1", _sentence(1)), "s", None)])
    with TestClient(create_app(WebSettings(db=url)), base_url=LOCAL) as client:
        for path in ("/api/articles", "/api/search?q=Bamako&", "/api/events", "/api/events?fused=true&", "/"):
            joiner = "" if path.endswith("&") else ("&" if "?" in path else "?")
            response = client.get(f"{path}{joiner}offset={2**63}")
            assert response.status_code == 422, (path, response.text)
        for target in ("/api/search?q=%00", "/api/search?q=Bamako%00", "/api/events?source=%00",
                       "/api/events?article=%00", "/?q=%00", "/api/actors?name=a%00b"):
            response = client.get(target)
            assert response.status_code == 400, (target, response.status_code, response.text)
        assert client.get("/articles/%00").status_code == 404
        assert client.get("/api/events?source=MLI").status_code == 200


# --- 14. Host header and DNS rebinding ----------------------------------------------------------

def test_14_only_the_servers_own_names_are_answered(web_db):
    with TestClient(create_app(WebSettings(db=web_db)), base_url=LOCAL) as client:
        evil = client.get("/api/articles?limit=1", headers={"host": "evil.example"})
        assert evil.status_code == 400 and evil.json()["error"]["code"] == "invalid_host"
        assert client.get("/", headers={"host": "evil.example:8000"}).status_code == 400
        ok = client.get("/api/articles?limit=1", headers={"host": "localhost:8000"})
        assert ok.status_code == 200 and ok.json()["next"].startswith("http://localhost:8000/api/articles")
    app = create_app(WebSettings(db=web_db, allowed_hosts=("127.0.0.1", "*.kibaru.example")))
    with TestClient(app, base_url="http://news.kibaru.example") as client:
        assert client.get("/api/stats").status_code == 200


def test_14_trusted_hosts_follow_host_and_allow_host():
    from kibaru.web.app import trusted_hosts

    assert set(trusted_hosts("127.0.0.1")) == {"127.0.0.1", "localhost", "::1"}
    assert "news.example" in trusted_hosts("127.0.0.1", ("news.example",))
    import socket

    assert socket.gethostname() in trusted_hosts("0.0.0.0")


# --- 15. the token before the body -------------------------------------------------------------

def test_15_an_unauthenticated_bad_body_gets_401_not_the_schema(web_db):
    with TestClient(create_app(WebSettings(db=web_db, token="jeton-de-test-0123")), base_url=LOCAL) as client:
        for body in ({"articles": "pas une liste"}, {"nothing": 1}):
            response = client.post("/api/analyze", json=body)
            assert response.status_code == 401 and "articles" not in response.text
        broken = client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"})
        assert broken.status_code == 401
        authed = client.post("/api/analyze", content=b"{not json",
                             headers={"content-type": "application/json", "authorization": "Bearer jeton-de-test-0123"})
        assert authed.status_code == 422 and authed.json()["error"]["code"] == "invalid_request"


# --- 16. javascript: URLs ----------------------------------------------------------------------

def test_16_only_http_urls_become_links(web_db):
    with TestClient(create_app(WebSettings(db=web_db)), base_url=LOCAL) as client:
        page = client.get("/articles/js").text
        assert "javascript:" not in re.findall(r'href="([^"]*)"', page).__str__()
        assert "source: javascript:alert(document.cookie)" in page  # shown as text
        assert 'href="https://' not in page


# --- 17. ids with slashes ------------------------------------------------------------------------

def test_17_ids_with_slashes_reach_the_page_and_the_api(web_db):
    ident = "https://lemali.ml/2021/06/visite"
    with TestClient(create_app(WebSettings(db=web_db)), base_url=LOCAL) as client:
        for encoded in ("https%3A%2F%2Flemali.ml%2F2021%2F06%2Fvisite", "https:/lemali.ml/2021/06/visite".replace(
                ":/", "%3A%2F%2F", 1)):
            assert client.get(f"/api/articles/{encoded}").json()["id"] == ident
            page = client.get(f"/articles/{encoded}")
            assert page.status_code == 200 and "Une id qui est une URL" in page.text
            assert 'href="/api/articles/https%3A%2F%2Flemali.ml%2F2021%2F06%2Fvisite"' in page.text
        listing = client.get("/").text
        assert 'href="/articles/https%3A%2F%2Flemali.ml%2F2021%2F06%2Fvisite"' in listing


# --- 18. --port out of range ---------------------------------------------------------------------

def test_18_a_port_out_of_range_is_refused(web_db):
    proc = run_kibaru("serve", "--db", web_db, "--port", "99999")
    assert proc.returncode == 2
    assert "Invalid value for '--port'" in proc.stderr and "65535" in proc.stderr
    assert_no_traceback(proc.stderr)


# --- 19. passwords in the run log ----------------------------------------------------------------

def test_19_the_password_never_reaches_the_run_log(postgres_url):
    with_password = postgres_url.replace("://postgres@", "://postgres:s3cret-pw@")
    with open_store(with_password) as store:
        command = " ".join(["kibaru", "analyze", "x", "--db", with_password])
        with StoreWriter(store, "s", command=command):
            pass
        assert "s3cret" not in store.runs()[0]["command"] and "postgres:***@" in store.runs()[0]["command"]
        # a run recorded by an earlier kibaru, before commands were redacted
        store.execute("UPDATE runs SET command = ? WHERE id = ?", (command, store.runs()[0]["id"]))
    proc = run_kibaru("db", "stats", "--db", with_password, "--json")
    assert proc.returncode == 0, proc.stderr
    assert "s3cret" not in proc.stdout + proc.stderr and "postgres:***@" in proc.stdout


# --- all of it in one run: the CLI, the database, exit status ---------------------------------------

@pytest.mark.slow
def test_every_bad_input_in_one_run_the_rest_stored(tmp_path, postgres_url):
    folder = tmp_path / "hostile"
    folder.mkdir()
    write(folder, "lignes.jsonl", HOSTILE_JSONL)
    rows = [(str(i), f"Titre {i},{_sentence(i)}") for i in range(1, 31)]
    rows[4] = ("5", "Titre\x00 5,Un texte avec\x00 un octet nul.")
    rows[9] = ("10", f'"Titre 10,{_sentence(10)}')
    write(folder, "rangees.csv", _csv(rows))
    write(folder, "a.csv", _csv([(f"d{i}", f"A{i},{_sentence(i + 40)}") for i in range(1, 6)]))
    write(folder, "b.csv", _csv([(f"d{i}", f"B{i},{_sentence(i + 50)}") for i in range(1, 6)]))
    write(folder, "court.txt", b"Visite\nLe ministre a rencontr\xe9 l\x92ambassadeur du Tchad \xe0 Niamey.\n")
    (folder / "bombe.warc.gz").write_bytes(gzip.compress(b"a" * 30_000_000, 9))
    os.mkfifo(folder / "tube.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    db = postgres_url.replace("://postgres@", "://postgres:s3cret-pw@")
    proc = run_kibaru("analyze", folder, "--db", db, "--no-progress")
    assert proc.returncode == 1, proc.stderr
    assert_no_traceback(proc.stderr)
    expected = [(f"{folder / 'lignes.jsonl'}:4", "E106"), (f"{folder / 'rangees.csv'}:11", "E120"),
                (str(folder / "bombe.warc.gz"), "E113"), (str(folder / "tube.txt"), "E102"),
                (str(folder / "zero.txt"), "E102")]
    for where, code in expected:
        assert f"error: {where}: {code} " in proc.stderr, (where, code, proc.stderr)
    assert proc.stderr.count("W203") == 5
    # 5 JSONL lines + 29 CSV rows + 10 re-used ids + 1 cp1252 text
    assert "45 articles stored" in proc.stderr, proc.stderr
    assert "s3cret" not in proc.stderr
    with open_store(postgres_url, readonly=True) as store:
        assert store.counts()["articles"] == 45
        assert "s3cret" not in store.runs()[0]["command"]
        assert "l’ambassadeur du Tchad à Niamey" in store.article(
            next(r["id"] for r in store.rows("SELECT id FROM articles WHERE title = 'Visite'")))["text"]
