"""The store on both engines, with articles written by hand (no model needed).

Every test that takes ``db_url`` runs twice: on a SQLite file and on a fresh
database of a real PostgreSQL server.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import stat
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kibaru.doc import Article, Issue, Repair
from kibaru.errors import KibaruError
from kibaru.store import EventQuery, SearchQuery, migrations, open_store, parse_url
from kibaru.store.export import GDELT_COLUMNS, PLOVER_COLUMNS, export
from kibaru.store.rows import content_hash, to_rows
from kibaru.store.writer import StoreWriter


def _side(key, name, country, agent):
    return {"actor": key, "name": name, "country": country, "agent": agent}


def make_article(aid: str, text: str, *, title: str = "Titre", published: str | None = "2021-06-15",
                 events: list[dict] | None = None, outlet: str = "L'Essor", place: tuple = ("Bamako", "MLI")) -> Article:
    return Article(
        id=aid, title=title, text=text, published=published, outlet=outlet, lang="fr", tags=["sécurité"],
        repairs=[Repair("apostrophe", "lambassadeur", "l'ambassadeur")],
        entities=[{"text": "Sadio Camara", "label": "PER", "start": 0, "end": 12, "actor": "sadio-camara"}],
        actors={
            "sadio-camara": {"name": "Sadio Camara", "country": "MLI", "agent": "GOV",
                             "roles": ["ministre de la Défense"], "aliases": ["le ministre Camara", "Camara"]},
            "russie": {"name": "Russie", "country": "RUS", "agent": "GOV", "roles": [], "aliases": []},
        },
        events=events if events is not None else [_event("CONSULT", "MLI", "RUS", date="2021-06-15")],
        places=[{"name": place[0], "country": place[1], "geonameid": 2460596, "lat": 12.65, "lon": -8.0, "mentions": 2}],
        stance={"RUS": 0.5, "FRA": -0.25},
        topic={"label": "politics", "score": 0.9},
        narratives=[{"id": "russia-partner", "score": 0.7, "evidence": ["La Russie est un partenaire."]}],
        warnings=[Issue("W101", "decoded as cp1252 (not UTF-8)", "a.txt")],
        meta={"rubrique": "Défense"}, origin="a.txt",
    )


def _event(kind: str, source: str | None, target: str | None, *, date: str | None = None, status: str = "occurred",
           place_country: str = "MLI") -> dict:
    return {
        "type": kind, "mode": None, "status": status, "sentence": f"Une phrase {kind}.", "sentence_start": 0,
        "trigger": "a reçu",
        "source": _side(source.lower(), f"Acteur {source}", source, "GOV") if source else None,
        "target": _side(target.lower(), f"Acteur {target}", target, "MIL") if target else None,
        "place": {"name": "Bamako", "country": place_country, "geonameid": 2460596, "lat": 12.65, "lon": -8.0},
        "date": date, "date_precision": "day" if date else None, "confidence": 0.8,
        "trigger_start": 3, "trigger_end": 9,
    }


@pytest.fixture
def store(db_url):
    with open_store(db_url) as opened:
        yield opened


def put(store, *articles, settings_hash="s1"):
    store.put([to_rows(a, settings_hash, None) for a in articles])


# --- round trip and replacement ------------------------------------------------------

def test_an_article_reads_back_as_the_same_contract_object(store):
    article = make_article("a1", "Le ministre Sadio Camara a reçu l'ambassadeur de Russie à Bamako.")
    put(store, article)
    assert store.article("a1") == article.to_dict()


def test_listed_events_are_the_contract_events_keys_extras_and_all(store):
    """store.events builds each event straight from its row (rows._plain_from_row),
    not through an Event: it must give what Event.to_dict gives, extra keys,
    a nested place's extra keys, key order and rounding included."""
    from kibaru.doc import Event
    from kibaru.doc import fields as f
    from kibaru.store.rows import event_from_row

    events = [{**_event("CONSULT", "MLI", "RUS", date="2021-06-15"), "confidence": 0.876543,
               "cue": "reçu", "place": {"name": "Bamako", "country": "MLI", "geonameid": 1, "lat": 12.6, "lon": -8.0,
                                        "confidence": 0.9, "ambiguous": False}},
              {**_event("PROTEST", None, None), "place": None}]
    article = make_article("a1", "Le ministre a reçu l'ambassadeur.", events=events)
    put(store, article)
    listed = sorted(store.events(EventQuery()), key=lambda e: e["type"])
    expected = sorted(article.to_dict()["events"], key=lambda e: e["type"])
    for got, want in zip(listed, expected):
        got = {k: v for k, v in got.items() if k not in ("id", "article_id", "day", "article")}
        assert got == want and list(got) == list(want)
    assert listed[0]["confidence"] == 0.88 and listed[0]["cue"] == "reçu" and listed[0]["place"]["confidence"] == 0.9
    for row in store.rows("SELECT * FROM events"):
        assert event_from_row(row) == event_from_row(row, record=True).to_dict()
    # the shortcut holds while every contract field of an event is a column
    assert all(s.stored for r in (Event, *{s.kind for s in f.specs(Event) if f.is_record(s.kind)})
               for s in f.specs(r) if s.contract)


def test_storing_again_replaces_without_duplicating(store):
    put(store, make_article("a1", "Première version : la sécurité au Sahel."))
    put(store, make_article("a1", "Deuxième version : la coopération militaire.",
                            events=[_event("ASSAULT", "MLI", None), _event("PROTEST", None, "FRA")]))
    counts = store.counts()
    assert counts["articles"] == 1
    assert counts["events"] == 2 and counts["aliases"] == 2 and counts["actors"] == 2
    assert store.article("a1")["text"].startswith("Deuxième")
    # the full-text index follows the replacement
    assert [r["id"] for r in store.search(SearchQuery("cooperation"))] == ["a1"]
    assert store.search(SearchQuery("Première")) == []


def test_a_missing_article_is_a_numbered_error(store):
    with pytest.raises(KibaruError) as err:
        store.article("nope")
    assert err.value.code == "E208"


# --- queries ----------------------------------------------------------------------------

@pytest.fixture
def corpus(store):
    put(store,
        make_article("m1", "Le ministre malien de la Défense a reçu l'ambassadeur russe. La sécurité s'améliore.",
                     title="Bamako courtise Moscou", published="2021-06-15",
                     events=[_event("CONSULT", "MLI", "RUS", date="2021-06-15"),
                             _event("REQUEST", "MLI", "RUS", date="2021-06-16", status="planned")]),
        make_article("b1", "Des militaires burkinabè ont été attaqués près de Djibo. Barkhane n'est pas intervenue.",
                     title="Attaque au Burkina Faso", published="2023-02-03", outlet="Le Faso", place=("Djibo", "BFA"),
                     events=[_event("ASSAULT", None, "BFA", place_country="BFA"),
                             _event("SANCTION", "FRA", "MLI", date="2022-02-17")]),
        make_article("n1", "Niamey accueille un sommet de la CEDEAO sur la coopération régionale.",
                     title="Sommet à Niamey", published=None,
                     events=[]))
    return store


def test_events_filter_by_type_dyad_and_dates(corpus):
    rows = corpus.events(EventQuery(types=["consult"], source="mli", target="RUS"))
    assert [(r["type"], r["source"]["country"], r["target"]["country"]) for r in rows] == [("CONSULT", "MLI", "RUS")]
    assert rows[0]["article_id"] == "m1" and rows[0]["day"] == "2021-06-15"
    # an event without its own date takes its article's publication day
    assault = corpus.events(EventQuery(types=["ASSAULT"]))
    assert assault[0]["day"] == "2023-02-03"
    # --since/--until take YYYY, YYYY-MM or a day, and --until includes its whole period
    assert {r["type"] for r in corpus.events(EventQuery(since="2021-06", until="2021-06"))} == {"CONSULT", "REQUEST"}
    assert {r["type"] for r in corpus.events(EventQuery(since="2022"))} == {"ASSAULT", "SANCTION"}
    assert {r["type"] for r in corpus.events(EventQuery(until="2021-06-15"))} == {"CONSULT"}
    # a name instead of a code is looked up in the actor's name
    assert {r["type"] for r in corpus.events(EventQuery(source="acteur fra"))} == {"SANCTION"}
    # --country: either side, or the place
    assert {r["type"] for r in corpus.events(EventQuery(country="BFA"))} == {"ASSAULT"}
    assert {r["type"] for r in corpus.events(EventQuery(status="planned"))} == {"REQUEST"}
    # newest first
    days = [r["day"] for r in corpus.events(EventQuery())]
    assert days == sorted(days, reverse=True)
    assert corpus.count_events(EventQuery(types=["CONSULT", "REQUEST"])) == 2


def test_events_refuse_unknown_types_and_bad_dates(corpus):
    with pytest.raises(KibaruError, match="unknown PLOVER type"):
        EventQuery(types=["MEET"])
    with pytest.raises(KibaruError, match="not a date"):
        EventQuery(since="hier")
    with pytest.raises(KibaruError, match="not a date"):
        EventQuery(until="2021-13")


def test_search_folds_accents_and_case(corpus):
    assert [r["id"] for r in corpus.search(SearchQuery("SECURITE"))] == ["m1"]
    assert {r["id"] for r in corpus.search(SearchQuery("coopération"))} == {"n1"}
    assert [r["id"] for r in corpus.search(SearchQuery("militaires burkinabe"))] == ["b1"]


def test_search_phrases_or_and_exclusion(corpus):
    assert [r["id"] for r in corpus.search(SearchQuery('"ambassadeur russe"'))] == ["m1"]
    assert corpus.search(SearchQuery('"russe ambassadeur"')) == []
    assert {r["id"] for r in corpus.search(SearchQuery("Djibo OR Niamey"))} == {"b1", "n1"}
    assert {r["id"] for r in corpus.search(SearchQuery("Djibo OR Niamey -CEDEAO"))} == {"b1"}


def test_search_filters(corpus):
    assert [r["id"] for r in corpus.search(SearchQuery("Djibo OR Niamey OR ministre", since="2023"))] == ["b1"]
    # --country: an actor of that country (every article here has Russia) or a place in it
    assert {r["id"] for r in corpus.search(SearchQuery("Djibo OR Niamey OR ministre", country="rus"))} == {"m1", "b1", "n1"}
    assert [r["id"] for r in corpus.search(SearchQuery("Djibo OR Niamey OR ministre", country="BFA"))] == ["b1"]
    assert corpus.search(SearchQuery("Djibo OR Niamey OR ministre", country="FRA")) == []
    assert [r["id"] for r in corpus.search(SearchQuery("Djibo OR ministre", outlet="le faso"))] == ["b1"]
    hit = corpus.search(SearchQuery("Djibo"))[0]
    assert "[Djibo]" in hit["snippet"] and hit["title"] == "Attaque au Burkina Faso"


@pytest.mark.parametrize("text", ["'; DROP TABLE articles; --", '"', "milit* OR", "l'armée", "a AND (b", "NEAR(x y)",
                                  "%", "?", "\\"])
def test_search_text_is_never_sql_or_fts_syntax(corpus, text):
    corpus.search(SearchQuery(text))  # no error, whatever it finds
    assert corpus.counts()["articles"] == 3


def test_empty_search_is_refused():
    with pytest.raises(KibaruError, match="empty search"):
        SearchQuery("   ")


def test_actors_ranked_by_articles(corpus):
    rows = corpus.actors(country="MLI")
    assert rows[0]["name"] == "Sadio Camara" and rows[0]["articles"] == 3
    assert all(r["country"] == "MLI" for r in rows)
    assert corpus.actors(name="russ")[0]["name"] == "Russie"


# --- exports ---------------------------------------------------------------------------

def test_exports(corpus, tmp_path):
    assert export(corpus, "events", tmp_path / "e.parquet", "parquet") == 4
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 4 and {"type", "source_country", "place_lat", "article_title"} <= set(table.column_names)
    assert sorted(table.column("type").to_pylist()) == ["ASSAULT", "CONSULT", "REQUEST", "SANCTION"]
    import pyarrow as pa

    assert table.schema.field("day").type == pa.date32() and table.schema.field("confidence").type == pa.float32()
    assert table.schema.field("place_lat").type == pa.float64()
    assert export(corpus, "articles", tmp_path / "a.parquet", "parquet") == 3
    assert pq.read_table(tmp_path / "a.parquet").column("topic").to_pylist() == ["politics"] * 3
    assert export(corpus, "events", tmp_path / "e.csv", "csv", query=EventQuery(types=["CONSULT"])) == 1
    lines = (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,article_id,") and len(lines) == 2


def test_gdelt_export_has_exactly_gdelt_columns(corpus, tmp_path):
    out = tmp_path / "events.tsv"
    assert export(corpus, "events", out, "gdelt") == 4
    # read as GDELT readers do: tab-separated, no header, GDELT 2.0's 61 names
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    assert len(GDELT_COLUMNS) == 61 and all(len(r) == 61 for r in rows)
    consult = next(dict(zip(GDELT_COLUMNS, r)) for r in rows if r[GDELT_COLUMNS.index("EventRootCode")] == "04")
    assert consult["SQLDATE"] == "20210615" and consult["Year"] == "2021"
    assert consult["Actor1Code"] == "MLIGOV" and consult["Actor1CountryCode"] == "MLI"
    assert consult["Actor2Code"] == "RUSMIL"
    assert consult["EventCode"] == "040" and consult["EventBaseCode"] == "040" and consult["QuadClass"] == "1"
    assert float(consult["GoldsteinScale"]) == 1.0  # CAMEO 040 "consult"
    # GDELT's geography uses FIPS country codes: Mali is ML
    assert consult["ActionGeo_FullName"] == "Bamako" and consult["ActionGeo_CountryCode"] == "ML"
    assert consult["ActionGeo_Lat"] == "12.65" and consult["SOURCEURL"] != "m1"
    assault = next(dict(zip(GDELT_COLUMNS, r)) for r in rows if r[GDELT_COLUMNS.index("EventRootCode")] == "18")
    assert float(assault["GoldsteinScale"]) == -9.0 and assault["QuadClass"] == "4"


def test_gdelt_export_adds_plover_columns_only_when_asked(corpus, tmp_path):
    out = tmp_path / "events.tsv"
    assert export(corpus, "events", out, "gdelt", header=True, plover_columns=True) == 4
    with open(out, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter="\t"))
    assert header == [*GDELT_COLUMNS, *PLOVER_COLUMNS] and all(len(r) == 64 for r in rows)
    assert sorted(r[-3] for r in rows) == ["ASSAULT", "CONSULT", "REQUEST", "SANCTION"]
    assert {r[-1] for r in rows} == {"m1", "b1"}


def test_an_export_to_dash_goes_to_standard_output(corpus, tmp_path, capfdbinary):
    assert export(corpus, "events", "-", "csv") == 4
    assert not (Path.cwd() / "-").exists()
    out = capfdbinary.readouterr().out.decode("utf-8")
    rows = list(csv.DictReader(out.splitlines()))
    assert len(rows) == 4 and {r["type"] for r in rows} == {"ASSAULT", "CONSULT", "REQUEST", "SANCTION"}


def test_exported_files_honour_the_umask(corpus, tmp_path):
    previous = os.umask(0o022)
    try:
        export(corpus, "events", tmp_path / "e.csv", "csv")
        os.umask(0o077)
        export(corpus, "events", tmp_path / "private.csv", "csv")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "e.csv").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "private.csv").stat().st_mode) == 0o600


def test_a_failed_export_leaves_no_file(corpus, tmp_path, monkeypatch):
    import kibaru.store.export as exporting

    def broken(*_args, **_kwargs):
        yield {"id": 1}
        raise RuntimeError("disk gone")

    monkeypatch.setattr(exporting, "iter_events", broken)
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "e.csv"
    target.write_text("earlier export\n")
    with pytest.raises(RuntimeError):
        export(corpus, "events", target, "csv")
    assert target.read_text() == "earlier export\n"
    assert [p.name for p in out.iterdir()] == ["e.csv"]


# --- resumable writing -----------------------------------------------------------------

def _read(texts: dict[str, str]) -> list[Article]:
    return [make_article(aid, text) for aid, text in texts.items()]


def test_writer_skips_unchanged_and_replaces_changed(store):
    texts = {f"x{i}": f"Article numéro {i} sur la sécurité." for i in range(10)}
    with StoreWriter(store, "s1", commit_every=3) as writer:
        for article in writer.pending(_read(texts)):
            writer.add(article)
    assert writer.counts["stored"] == 10 and store.counts()["articles"] == 10
    texts["x3"] = "Article numéro 3, corrigé."
    with StoreWriter(store, "s1", commit_every=3) as again:
        coded = list(again.pending(_read(texts)))
        for article in coded:
            again.add(article)
    assert [a.id for a in coded] == ["x3"]
    assert again.counts["skipped"] == 9 and again.counts["replaced"] == 1 and again.counts["stored"] == 0
    assert store.article("x3")["text"] == "Article numéro 3, corrigé."
    # new settings (another kibaru, another --actors file): everything is coded again
    with StoreWriter(store, "s2") as third:
        assert len(list(third.pending(_read(texts)))) == 10
    runs = store.runs()
    assert [r["status"] for r in runs] == ["done", "done", "done"]
    assert runs[1]["skipped"] == 9 and runs[1]["replaced"] == 1


def test_writer_records_failed_inputs_and_repeated_ids(store):
    bad = Article(origin="b.jsonl", errors=[Issue("E106", "not valid JSON: Expecting value", "b.jsonl", 3)])
    articles = [make_article("d1", "Un texte."), bad, make_article("d1", "Un texte.")]
    with StoreWriter(store, "s1") as writer:
        skipped = []
        for article in writer.pending(articles, on_skip=lambda: skipped.append(1)):
            writer.add(article)
    assert writer.counts == {"seen": 3, "stored": 1, "replaced": 0, "skipped": 1, "failed": 1, "events": 1}
    assert len(skipped) == 2
    assert store.rows("SELECT code, input, line FROM run_errors") == [{"code": "E106", "input": "b.jsonl", "line": 3}]


def test_a_crash_keeps_committed_batches_and_a_rerun_completes(store):
    texts = {f"k{i:02d}": f"Article {i}." for i in range(40)}

    def crash_after(n):
        for i, article in enumerate(_read(texts)):
            if i == n:
                raise RuntimeError("killed")
            yield article

    with pytest.raises(RuntimeError):
        with StoreWriter(store, "s1", commit_every=5) as writer:
            for article in writer.pending(crash_after(33)):
                writer.add(article)
    # the writer looks stored copies up 20 at a time and commits every 5: the
    # first 20 were committed; what was still being read was not
    assert store.counts()["articles"] == 20
    assert store.runs()[0]["status"] == "failed"
    # the crashed run's events were never fused
    assert store.scalar("SELECT count(*) FROM events WHERE fused_id IS NULL") == 20
    with StoreWriter(store, "s1", commit_every=5) as rerun:
        for article in rerun.pending(_read(texts)):
            rerun.add(article)
    assert rerun.counts["skipped"] == 20 and rerun.counts["stored"] == 20
    assert store.counts()["articles"] == 40 and store.counts()["events"] == 40
    # ... and the re-run fused them with the rest: one meeting, 40 reports
    assert store.scalar("SELECT count(*) FROM events WHERE fused_id IS NULL") == 0
    assert store.counts()["fused_events"] == 1


def test_content_hash_ignores_coding_but_not_text():
    a = make_article("h", "Texte.")
    b = make_article("h", "Texte.", events=[])
    c = make_article("h", "Texte modifié.")
    assert content_hash(a) == content_hash(b) != content_hash(c)


# --- schema and bad databases -----------------------------------------------------------

def test_new_database_has_every_migration_recorded(store):
    assert store.schema_version() == migrations(store.backend)[-1].version
    assert {"articles", "events", "repairs", "entities", "actors", "aliases", "places", "stance", "topics",
            "narratives", "runs", "schema_migrations"} <= store.table_names()


def test_a_newer_database_is_refused_and_left_alone(db_url):
    with open_store(db_url) as store:
        put(store, make_article("keep", "Un article à garder."))
        store.execute("INSERT INTO schema_migrations VALUES (999, 'from_the_future', 'later')")
    with pytest.raises(KibaruError) as err:
        open_store(db_url)
    assert err.value.code == "E203" and "999" in err.value.message
    with open_store(db_url, check=False) as store:
        assert store.counts()["articles"] == 1


def test_an_older_database_asks_for_an_upgrade(db_url):
    with open_store(db_url) as store:
        store.execute("DELETE FROM schema_migrations")
        store.execute("INSERT INTO schema_migrations VALUES (0, 'older', 'earlier')")
    with pytest.raises(KibaruError) as err:
        open_store(db_url)
    assert err.value.code == "E209" and "kibaru db upgrade" in err.value.message


def test_a_foreign_sqlite_database_is_not_touched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE clients (name TEXT)")
    with pytest.raises(KibaruError) as err:
        open_store(path)
    assert err.value.code == "E206" and "clients" in err.value.message
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["clients"]


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("ceci n'est pas une base de données\n" * 100)
    with pytest.raises(KibaruError) as err:
        open_store(path)
    assert err.value.code == "E206"
    assert path.read_text().startswith("ceci n'est pas")


def test_querying_a_missing_database(tmp_path):
    with pytest.raises(KibaruError) as err:
        open_store(tmp_path / "absent.db", readonly=True)
    assert err.value.code == "E207"
    assert not (tmp_path / "absent.db").exists()


def test_a_read_only_file_is_refused_for_writing_but_can_be_queried(tmp_path):
    path = tmp_path / "ro.db"
    with open_store(path) as store:
        put(store, make_article("r1", "Texte protégé."))
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(KibaruError) as err:
        open_store(path)
    assert err.value.code == "E204" and "not writable" in err.value.message
    with open_store(path, readonly=True) as store:
        assert store.article("r1")["text"] == "Texte protégé."
    assert path.read_bytes() == before


def test_a_read_only_store_cannot_write(tmp_path):
    path = tmp_path / "kibaru.db"
    with open_store(path) as store:
        put(store, make_article("r1", "Texte."))
    with open_store(path, readonly=True) as store:
        with pytest.raises(KibaruError) as err:
            put(store, make_article("r2", "Texte."))
        assert err.value.code == "E204"
        assert store.counts()["articles"] == 1


def test_a_full_database_loses_only_the_last_batch(tmp_path):
    # SQLite's max_page_count stands in for a disk that fills up
    url = f"sqlite:///{tmp_path / 'small.db'}?max_pages=120"
    big = "Le conflit au Sahel s'étend. " * 400
    with open_store(url) as store:
        with StoreWriter(store, "s1", commit_every=2) as first:
            for article in first.pending(make_article(f"f{i}", big + str(i)) for i in range(2)):
                first.add(article)
        before = store.counts()
        with pytest.raises(KibaruError) as err:
            with StoreWriter(store, "s1", commit_every=2) as writer:
                for article in writer.pending(make_article(f"g{i}", big + str(i)) for i in range(40)):
                    writer.add(article)
        assert err.value.code == "E205" and "earlier data is intact" in err.value.message
        after = store.counts()
        # whole batches only: the article count moved in steps of 2, and earlier rows are all there
        assert after["articles"] >= before["articles"] and after["articles"] % 2 == 0
        assert store.article("f0")["text"].startswith("Le conflit")
        assert after["events"] == after["articles"]


@pytest.mark.parametrize("value, fragment", [
    ("mysql://root@localhost/kb", "unknown scheme"),
    ("sqlite://host/file.db", "no host"),
    ("sqlite:///", "no file name"),
    ("sqlite:///a.db?max_pages=lots", "not a number"),
    ("sqlite:///a.db?journal=off", "unknown option"),
    ("postgresql://kb:secret@localhost:port/kb", "port"),
    ("postgresql://kb:secret@localhost", "no database name"),
    ("", "empty"),
])
def test_malformed_database_addresses(value, fragment):
    with pytest.raises(KibaruError) as err:
        parse_url(value)
    assert err.value.code == "E201" and fragment in err.value.message
    assert "secret" not in err.value.describe()


def test_database_addresses():
    assert parse_url("corpus.db").target == "corpus.db"
    assert parse_url(None).target == "kibaru.db"
    assert parse_url("sqlite:////data/kb.db").target == "/data/kb.db"
    assert parse_url("sqlite:///kb.db?max_pages=10").options == {"max_pages": 10}
    pg = parse_url("postgresql://kb:secret@db.example:5433/press")
    assert pg.backend == "postgresql" and pg.display() == "postgresql://kb:***@db.example:5433/press"


def test_an_unreachable_server_is_one_clear_error():
    with pytest.raises(KibaruError) as err:
        open_store("postgresql://kb:secret@127.0.0.1:1/press")
    assert err.value.code == "E202"
    assert "127.0.0.1" in err.value.describe() and "secret" not in err.value.describe()


def test_warnings_and_meta_survive(store):
    put(store, make_article("w1", "Texte."))
    stored = store.article("w1")
    assert stored["warnings"][0]["code"] == "W101" and stored["meta"] == {"rubrique": "Défense"}
    assert json.loads(json.dumps(stored)) == stored


def test_country_filter_pages_match_a_full_scan(store):
    # 30 events over three countries on either side or as the place, some on the same day
    events = []
    for i in range(30):
        side = i % 3
        source, target, place = ("MLI", "FRA", "SEN") if side == 0 else ("FRA", "MLI", "SEN") if side == 1 else ("FRA", "SEN", "MLI")
        events.append(_event("CONSULT" if i % 2 else "ASSAULT", source, target, date=f"2024-01-{1 + i % 28:02d}",
                             place_country=place))
    put(store, make_article("many", "Texte.", events=events))
    everything = store.events(EventQuery(limit=100))
    in_mali = [e for e in everything if "MLI" in (e["source"]["country"], e["target"]["country"],
                                                  e["place"]["country"])]
    pages = [store.events(EventQuery(country="MLI", limit=7, offset=o)) for o in range(0, 35, 7)]
    assert [e["id"] for page in pages for e in page] == [e["id"] for e in in_mali]
    consult = store.events(EventQuery(country="MLI", types=["CONSULT"], limit=5))
    assert [e["id"] for e in consult] == [e["id"] for e in in_mali if e["type"] == "CONSULT"][:5]


def test_sqlite_utils_and_datasette_find_the_full_text_index(corpus):
    if corpus.backend != "sqlite":
        pytest.skip("sqlite-utils reads SQLite databases")
    sqlite_utils = pytest.importorskip("sqlite_utils")
    database = sqlite_utils.Database(corpus.url.target)
    articles = database["articles"]
    assert articles.detect_fts() == "articles_fts"  # what datasette's _search looks for, too
    found = list(articles.search("securite"))  # accents folded by kibaru's tokenizer
    assert [row["id"] for row in found] == ["m1"]
    assert {row["id"] for row in articles.search("Djibo OR Niamey")} == {"b1", "n1"}
    database.close()


def test_the_full_text_index_survives_its_redeclaration(tmp_path):
    """A version-4 database upgraded to 5 (and on) keeps finding what it stored."""
    from kibaru.store.base import migrations as shipped

    db = tmp_path / "old.db"
    with open_store(str(db)) as store:
        put(store, make_article("a1", "La sécurité s'améliore à Gao.", title="Gao"))
    connection = sqlite3.connect(db)
    connection.execute("DROP TABLE articles_fts")
    connection.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
                       "content_rowid='rowid', tokenize = \"unicode61 remove_diacritics 2\")")
    connection.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    connection.execute("DROP TABLE reviews")  # version 6's table and index
    connection.execute("DROP INDEX events_confidence")
    connection.execute("DELETE FROM schema_migrations WHERE version >= 5")
    connection.commit()
    connection.close()
    with open_store(str(db), check=False) as store:
        assert store.schema_version() == 4
        assert [m.version for m in store.upgrade()] == [5, 6] == [m.version for m in shipped("sqlite")][4:]
        assert [r["id"] for r in store.search(SearchQuery("securite"))] == ["a1"]
        put(store, make_article("a2", "Une attaque près de Djibo.", title="Djibo"))
        assert [r["id"] for r in store.search(SearchQuery("djibo"))] == ["a2"]
