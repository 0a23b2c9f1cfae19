"""One event from many reports: fusion rules on hand-made reports, then the
whole path (analyze --db, fusion, events --fused) on articles written here."""

from __future__ import annotations

import json

import pytest

from conftest import run_kibaru
from kibaru.store import EventQuery, migrations, open_store
from kibaru.store.fusion import cluster, fuse, fused_events, report
from kibaru.store.rows import block_key, to_rows
from test_store import _event, make_article


def row(i, *, type="CONSULT", source="MLI", target="RUS", day="2024-03-12", date="2024-03-12", precision="day",
        place=("Bamako", "MLI", 12.6, 2460596), sentence="Le ministre a reçu l'ambassadeur à Bamako.",
        source_name="Sadio Camara", target_name="Igor Gromyko", article=None):
    name, country, lat, geonameid = place if place else (None, None, None, None)
    return {"id": i, "article_id": article or f"a{i}", "outlet": f"o{i}", "type": type, "day": day, "date": date,
            "date_precision": precision if date else None, "source_country": source, "source_name": source_name,
            "target_country": target, "target_name": target_name, "place_name": name, "place_country": country,
            "place_lat": lat, "place_lon": lat, "place_geonameid": geonameid, "sentence": sentence}


def sizes(rows):
    return sorted(len(c.reports) for c in cluster([report(r) for r in rows]))


def test_same_day_same_dyad_fuses_even_worded_differently():
    assert sizes([row(1), row(2, sentence="Audience au ministère avec le diplomate."),
                  row(3, sentence="Rencontre entre les deux hommes.")]) == [3]


def test_a_month_later_is_another_event():
    assert sizes([row(1), row(2, day="2024-04-15", date="2024-04-15")]) == [1, 1]


def test_undated_reports_join_a_dated_one_when_they_share_words():
    # published two days later, no date in the sentence, same story
    undated = row(2, day="2024-03-14", date=None, sentence="Le ministre Sadio Camara a reçu l'ambassadeur Igor Gromyko.")
    assert sizes([row(1, sentence="Le ministre Sadio Camara a reçu l'ambassadeur russe Igor Gromyko à Bamako."),
                  undated]) == [2]
    # ... but not when they share nothing
    assert sizes([row(1), row(2, day="2024-03-14", date=None, sentence="Visite de courtoisie sans lendemain.")]) == [1, 1]


def test_two_towns_are_two_events():
    assert sizes([row(1), row(2, place=("Gao", "MLI", 16.3, 2457163))]) == [1, 1]
    # a country-level place (the coder's fallback) does not contradict a town
    assert sizes([row(1), row(2, place=("Mali", "MLI", 17.6, 2453866))]) == [2]


def test_different_people_on_one_side_are_different_events():
    assert sizes([row(1), row(2, source_name="Abdoulaye Diop")]) == [1, 1]
    assert sizes([row(1), row(2, source_name=None)]) == [2]


def test_symmetric_types_fuse_both_directions_others_do_not():
    flipped = row(2, source="RUS", target="MLI", source_name="Igor Gromyko", target_name="Sadio Camara")
    assert block_key("CONSULT", "RUS", "MLI") == block_key("CONSULT", "MLI", "RUS")
    assert sizes([row(1), flipped]) == [2]
    assert block_key("ACCUSE", "RUS", "MLI") != block_key("ACCUSE", "MLI", "RUS")


def test_a_chain_cannot_drift_across_weeks():
    # each undated report overlaps the next, but not all of them one another
    days = ["2024-03-01", "2024-03-05", "2024-03-09", "2024-03-13"]
    rows = [row(i, day=d, date=None, sentence="Le ministre a reçu l'ambassadeur russe.") for i, d in enumerate(days)]
    assert max(sizes(rows)) < 4


def test_fuse_in_the_store_and_refuse_report_filters_on_fused(db_url):
    with open_store(db_url) as store:
        store.put([to_rows(make_article(aid, "Texte.", published="2024-03-13",
                                        events=[_event("CONSULT", "MLI", "RUS", date="2024-03-12")]), "s", None)
                   for aid in ("r1", "r2", "r3")])
        counts = fuse(store)
        assert counts == {"reports": 3, "fused": 1}
        fused = fused_events(store, EventQuery(types=["CONSULT"], source="MLI"))
        assert [(f["reports"], f["articles"], f["first_day"]) for f in fused] == [(3, 3, "2024-03-12")]
        assert store.scalar("SELECT count(DISTINCT fused_id) FROM events") == 1
        # re-running gives the same result (no duplicates)
        assert fuse(store) == counts and store.counts()["fused_events"] == 1
        from kibaru.errors import KibaruError
        with pytest.raises(KibaruError, match="single reports"):
            fused_events(store, EventQuery(status="planned"))


def test_upgrading_a_version_1_database_keeps_its_data(tmp_path):
    path = tmp_path / "v1.db"
    store = open_store(path, check=False, create=True)  # an empty file, no schema yet
    store._apply(migrations("sqlite")[0])
    store.put([to_rows(make_article("old", "Un article stocké par kibaru 0.1."), "s", None)])
    store.close()
    from kibaru.errors import KibaruError
    with pytest.raises(KibaruError) as err:
        open_store(path)
    assert err.value.code == "E209"
    proc = run_kibaru("db", "upgrade", "--db", path)
    assert proc.returncode == 0 and "applied 0002_fused_events" in proc.stdout
    latest = migrations("sqlite")[-1]
    assert f"applied {latest.version:04d}_{latest.name}" in proc.stdout
    with open_store(path) as store:
        assert store.schema_version() == latest.version and store.article("old")["text"].startswith("Un article")


# --- end to end -------------------------------------------------------------------------

REPORTS = [
    {"id": "essor-audience", "outlet": "L'Essor", "published": "2024-03-13",
     "title": "Défense : le ministre reçoit l'ambassadeur de Russie",
     "text": "Le ministre malien de la Défense, Sadio Camara, a reçu mardi à Bamako l'ambassadeur de Russie au Mali, "
             "Igor Gromyko. Les deux hommes ont échangé sur la coopération militaire entre les deux pays."},
    {"id": "maliweb-entretien", "outlet": "Maliweb", "published": "2024-03-12",
     "title": "Bamako et Moscou renforcent leurs liens",
     "text": "L'ambassadeur russe Igor Gromyko a été reçu en audience ce mardi par le colonel Sadio Camara, ministre "
             "de la Défense, dans son bureau de Bamako. Au menu des échanges : la formation des militaires maliens et "
             "la livraison d'équipements."},
    {"id": "sahel-tribune-rencontre", "outlet": "Sahel Tribune", "published": "2024-03-14",
     "title": "Coopération militaire : rencontre entre Sadio Camara et le diplomate russe",
     "text": "Le 12 mars 2024, le ministre de la Défense Sadio Camara a rencontré à Bamako l'ambassadeur de la "
             "Fédération de Russie, Igor Gromyko, pour faire le point sur la coopération militaire."},
    {"id": "essor-avril", "outlet": "L'Essor", "published": "2024-04-17",
     "title": "Nouvelle audience pour le diplomate russe",
     "text": "Le ministre de la Défense Sadio Camara a de nouveau reçu lundi à Bamako l'ambassadeur de Russie, "
             "Igor Gromyko, pour préparer la visite d'une délégation militaire russe."},
]


@pytest.mark.slow
def test_three_reports_of_one_meeting_and_another_meeting_a_month_later(tmp_path):
    source = tmp_path / "reports.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in REPORTS) + "\n", encoding="utf-8")
    db = tmp_path / "kibaru.db"
    proc = run_kibaru("analyze", source, "--db", db, "--no-progress")
    assert proc.returncode == 0, proc.stderr
    fused = json.loads(run_kibaru("events", "--fused", "--db", db, "--type", "CONSULT", "--format", "json").stdout)
    meetings = [f for f in fused if {f["source_country"], f["target_country"]} == {"MLI", "RUS"}]
    assert [(m["first_day"], m["reports"], m["articles"], m["outlets"]) for m in meetings] == [
        ("2024-04-15", 1, 1, 1),
        ("2024-03-12", 3, 3, 3),
    ]
    # every report of the March meeting points to the same fused event
    with open_store(db, readonly=True) as store:
        ids = store.rows("SELECT DISTINCT e.fused_id FROM events e WHERE e.type = 'CONSULT' "
                         "AND e.article_id IN ('essor-audience', 'maliweb-entretien', 'sahel-tribune-rencontre') "
                         "AND e.target_country IS NOT NULL")
        assert len(ids) == 1
    # a re-run changes nothing
    again = run_kibaru("analyze", source, "--db", db, "--no-progress")
    assert "4 unchanged" in again.stderr
    assert json.loads(run_kibaru("events", "--fused", "--db", db, "--type", "CONSULT", "-f", "json").stdout) == fused
