"""The review queue's store side (``kibaru.store.reviews``), on both engines:
the queue's order, verdicts and their checks, reviews that outlive a
re-analysis, and the annotations ``kibaru export annotations`` writes, read
back with the gold reader ``kibaru train`` uses."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from conftest import run_kibaru
from kibaru.errors import KibaruError
from kibaru.eval.scoring import load_gold, score_articles
from kibaru.store import EventQuery, open_store, reviews
from kibaru.store.export import export
from kibaru.store.rows import to_rows
from test_store import _event, make_article

TEXT = "Le ministre a reçu l'ambassadeur. L'armée a frappé un camp près de Gao."


def _article(aid: str = "r1", confidences=(0.9, 0.2, 0.6)):
    """Three events: a meeting in the first sentence, an attack and an accusation in the second."""
    second = TEXT.index("L'armée")
    meeting = {**_event("CONSULT", "MLI", "RUS"), "sentence": "Le ministre a reçu l'ambassadeur.",
               "sentence_start": 0, "trigger": "a reçu", "trigger_start": 12, "trigger_end": 18,
               "confidence": confidences[0]}
    attack = {**_event("ASSAULT", "MLI", None), "sentence": TEXT[second:], "sentence_start": second,
              "trigger": "a frappé", "trigger_start": second + 8, "trigger_end": second + 16,
              "confidence": confidences[1]}
    claim = {**attack, "type": "ACCUSE", "trigger_start": second + 9, "confidence": confidences[2]}
    return make_article(aid, TEXT, events=[meeting, attack, claim])


@pytest.fixture
def store(db_url):
    with open_store(db_url) as opened:
        opened.put([to_rows(_article(), "s", None)])
        yield opened


def test_the_queue_lists_the_least_confident_events_first_and_drops_reviewed_ones(store):
    assert [(e["type"], e["seq"]) for e in reviews.queue(store, EventQuery())] == \
        [("ASSAULT", 1), ("ACCUSE", 2), ("CONSULT", 0)]
    reviews.record(store, "r1", 1, "accepted")
    assert [e["type"] for e in reviews.queue(store, EventQuery())] == ["ACCUSE", "CONSULT"]
    assert [e["type"] for e in reviews.queue(store, EventQuery(types=["CONSULT"]))] == ["CONSULT"]
    assert reviews.review_counts(store) == {"accepted": 1, "corrected": 0, "rejected": 0}


def test_a_second_verdict_on_an_event_replaces_the_first(store):
    reviews.record(store, "r1", 2, "accepted")
    reviews.record(store, "r1", 2, "rejected", reviewer="Awa")
    stored = reviews.reviews(store)
    assert [(r["seq"], r["verdict"], r["reviewer"]) for r in stored] == [(2, "rejected", "Awa")]
    assert stored[0]["event"]["type"] == "ACCUSE"  # the event as it was coded


@pytest.mark.parametrize("verdict, correction, problem", [
    ("approved", None, "not one of accepted"),
    ("corrected", {}, "at least one field"),
    ("accepted", {"type": "ASSAULT"}, "only a 'corrected' verdict"),
    ("corrected", {"type": "MEET"}, "not a PLOVER type"),
    ("corrected", {"status": "maybe"}, "not one of occurred"),
    ("corrected", {"source": {"country": "Mali"}}, "not a country code"),
    ("corrected", {"source": {"agent": "ARMY"}}, "not a sector code"),
    ("corrected", {"source": {"role": "chef"}}, "name, country and agent"),
    ("corrected", {"date": "15/06/2021"}, "YYYY"),
    ("corrected", {"trigger": "x"}, "cannot correct 'trigger'"),
    ("corrected", {"place": {"name": "a\nb"}}, "a text of up to"),
])
def test_a_bad_verdict_or_correction_is_refused_with_its_reason(store, verdict, correction, problem):
    with pytest.raises(KibaruError) as info:
        reviews.record(store, "r1", 0, verdict, correction)
    assert info.value.code == "E216" and problem in info.value.message
    assert reviews.reviews(store) == []


def test_a_review_of_an_event_that_is_not_there_is_refused(store):
    with pytest.raises(KibaruError) as info:
        reviews.record(store, "r1", 7, "accepted")
    assert info.value.code == "E215"
    with pytest.raises(KibaruError):
        reviews.record(store, "nope", 0, "accepted")


def test_reviews_outlive_a_re_analysis_of_their_article(store):
    reviews.record(store, "r1", 1, "corrected", {"type": "COERCE"})
    # re-analysed: the event at position 1 is now another one (another trigger)
    changed = _article()
    changed.events = [changed.events[0], replace(changed.events[1], trigger_start=40, trigger_end=44),
                      changed.events[2]]
    store.put([to_rows(changed, "s2", None)])
    assert reviews.reviews(store)[0]["correction"] == {"type": "COERCE"}
    # the new event is not the reviewed one: it is back in the queue
    assert (1, "ASSAULT") in [(e["seq"], e["type"]) for e in reviews.queue(store, EventQuery())]


def test_annotations_are_gold_records_that_the_gold_reader_reads(store, tmp_path):
    reviews.record(store, "r1", 1, "corrected", {"type": "COERCE", "target": {"country": "mli", "agent": "CVL"},
                                                 "place": {"name": "Gao", "country": "MLI"}, "date": "2021-06"})
    reviews.record(store, "r1", 2, "rejected")
    path = tmp_path / "reviewed.jsonl"
    assert export(store, "annotations", path, "jsonl") == 1
    [record] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    # only the sentence with a review is a lead sentence; the meeting's is not annotated
    assert record["lead"] == [TEXT[TEXT.index("L'armée"):]] and record["text"] == TEXT
    [event] = record["events"]  # the rejected accusation is left out
    assert event["type"] == "COERCE" and event["review"] == "corrected" and event["sentence"] == 0
    assert event["target"] == {"text": None, "name": None, "country": "MLI", "agent": "CVL"}
    assert event["source"]["country"] == "MLI" and event["place"] == {"name": "Gao", "country": "MLI"}
    assert event["date"] == "2021-06" and event["mode_status"] == "occurred"
    [gold] = load_gold(path)
    assert gold.id == "r1" and [e["type"] for e in gold.events] == ["COERCE"]
    # kibaru train finds the lead sentence and the trigger in the article's text
    from kibaru.training.data import normalise_gold
    from kibaru.training.gold import align

    aligned = align(gold, normalise_gold([gold])[0].text)
    assert len(aligned.leads) == 1 and aligned.events[0].trigger is not None
    # a system that codes the corrected event scores 1 against it
    system = {"r1": [{**_event("COERCE", "MLI", "MLI"), "sentence": gold.lead[0]}]}
    assert score_articles([gold], system).type_f1 == 1.0


def test_unreviewed_events_of_a_reviewed_sentence_are_kept_as_coded(store, tmp_path):
    reviews.record(store, "r1", 1, "accepted")
    path = tmp_path / "reviewed.jsonl"
    export(store, "annotations", path, "jsonl")
    [record] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert sorted((e["type"], e["review"]) for e in record["events"]) == [("ACCUSE", "unreviewed"),
                                                                           ("ASSAULT", "accepted")]


def test_kibaru_export_annotations_writes_the_file(tmp_path):
    db = tmp_path / "kibaru.db"
    with open_store(db) as store:
        store.put([to_rows(_article(), "s", None)])
        reviews.record(store, "r1", 0, "accepted")
    out = tmp_path / "out.jsonl"
    done = run_kibaru("export", "annotations", out, "--db", db)
    assert done.returncode == 0, done.stderr
    assert "1 annotations written" in done.stderr
    assert [g.id for g in load_gold(out)] == ["r1"]
    wrong = run_kibaru("export", "annotations", tmp_path / "out.csv", "--db", db)
    assert wrong.returncode == 2 and "JSON Lines" in wrong.stderr
