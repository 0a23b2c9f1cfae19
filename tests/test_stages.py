"""Each stage alone, on small spaCy ``Doc``s built by hand (words, heads,
dependencies, parts of speech, lemmas, entities): no parse, no model, so a
failure points at the stage and not at what spaCy made of a sentence.

The resources a stage takes are given as they are needed: the actor
dictionaries tokenised on spaces (``build_lexicon(str.split)``, as the CLI's
file check builds them), the shipped trigger lexicon, the gazetteer.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import pytest

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc  # noqa: E402

from kibaru.doc import Article, ArticlePlace, Document, Mention  # noqa: E402
from kibaru.models import Models  # noqa: E402
from kibaru.nlp import Chunk  # noqa: E402
from kibaru.stages.events import Events, Focus  # noqa: E402
from kibaru.stages.parse import Sentences  # noqa: E402
from kibaru.stages.scene import EventPlaces, Scene  # noqa: E402
from kibaru.stages.stance import Stance  # noqa: E402


@lru_cache(maxsize=1)
def vocab():
    return spacy.blank("fr").vocab


def doc(rows: list[tuple], ents: tuple = (), sent_starts: list[int] | None = None) -> Doc:
    """A parsed Doc from rows of (word, head index, dependency, POS, lemma[, morph[, space]])."""
    words = [r[0] for r in rows]
    spaces = [r[6] if len(r) > 6 else i + 1 < len(rows) and rows[i + 1][0] not in ".," for i, r in enumerate(rows)]
    out = Doc(vocab(), words=words, spaces=spaces, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], lemmas=[r[4] for r in rows],
              morphs=[r[5] if len(r) > 5 else "" for r in rows],
              ents=_iob(len(rows), ents),
              sent_starts=sent_starts)
    return out


def _iob(n: int, ents: tuple) -> list[str]:
    tags = ["O"] * n
    for start, end, label in ents:
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


@lru_cache(maxsize=1)
def resources():
    from kibaru.actors.lexicon import build_lexicon
    from kibaru.events.lexicon import default_triggers
    from kibaru.places import default_gazetteer

    return SimpleNamespace(lexicon=build_lexicon(str.split), triggers=default_triggers(), gazetteer=default_gazetteer(),
                           models=Models(), observe=None)


# "Le Mali a rencontré mardi le Niger à Niamey." as a parser would give it
MEETING = [
    ("Le", 1, "det", "DET", "le"),
    ("Mali", 3, "nsubj", "PROPN", "Mali"),
    ("a", 3, "aux:tense", "AUX", "avoir", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
    ("rencontré", 3, "ROOT", "VERB", "rencontrer", "Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part"),
    ("mardi", 3, "obl:mod", "NOUN", "mardi"),
    ("le", 6, "det", "DET", "le"),
    ("Niger", 3, "obj", "PROPN", "Niger"),
    ("à", 8, "case", "ADP", "à"),
    ("Niamey", 3, "obl:mod", "PROPN", "Niamey"),
    (".", 3, "punct", "PUNCT", "."),
]
MEETING_ENTS = ((1, 2, "LOC"), (6, 7, "LOC"), (8, 9, "LOC"))


def meeting_document(published: str | None = "2024-03-14") -> Document:
    parsed = doc(MEETING, MEETING_ENTS, sent_starts=[1] + [0] * (len(MEETING) - 1))
    article = Article(id="m", text=parsed.text, title="", published=published, lang="fr")
    title = doc([("Niamey", 0, "ROOT", "PROPN", "Niamey")])
    return Document(article, chunks=[Chunk(0, 0, parsed)], title=title)


def test_sentences_cut_numbered_with_their_entities_and_offsets():
    first = doc(MEETING, MEETING_ENTS, sent_starts=[1] + [0] * (len(MEETING) - 1))
    second = doc([("Il", 1, "nsubj", "PRON", "il"), ("repart", 1, "ROOT", "VERB", "repartir"),
                  (".", 1, "punct", "PUNCT", ".")], sent_starts=[1, 0, 0])
    document = Document(Article(text=""), chunks=[Chunk(0, 0, first), Chunk(0, 120, second)])
    Sentences(None)(document)
    sentences = document.sentences
    assert [(s.index, s.offset, s.span.text) for s in sentences] == [
        (0, 0, "Le Mali a rencontré mardi le Niger à Niamey."), (1, 120, "Il repart.")]
    assert [e.text for e in sentences[0].ents] == ["Mali", "Niger", "Niamey"] and sentences[1].ents == []


def test_focus_is_the_country_the_headline_and_lead_name_most():
    document = meeting_document()
    Focus(resources())(document)
    assert document.focus == "NER"  # Niamey in the headline counts three times


def test_an_article_naming_no_country_is_about_its_national_outlets_home():
    parsed = doc([("Le", 2, "det", "DET", "le"), ("ministre", 2, "nsubj", "NOUN", "ministre"),
                  ("a", 2, "aux:tense", "AUX", "avoir"), ("parlé", 2, "ROOT", "VERB", "parler"),
                  (".", 3, "punct", "PUNCT", ".")], sent_starts=[1, 0, 0, 0, 0])
    focus = {}
    for outlet in ("Maliweb", "BBC Afrique", None):
        document = Document(Article(id="o", text=parsed.text, outlet=outlet, lang="fr"), chunks=[Chunk(0, 0, parsed)])
        Focus(resources())(document)
        focus[outlet] = document.focus
    # a Malian site's unplaced story is Malian; an international outlet's home (GBR) is not its stories' country
    assert focus == {"Maliweb": "MLI", "BBC Afrique": None, None: None}
    named = meeting_document()
    named.article.outlet = "Maliweb"
    Focus(resources())(named)
    assert named.focus == "NER"  # a country the article names comes first


def test_scene_sets_each_sentence_in_its_place_and_counts_the_places():
    document = meeting_document()
    Sentences(None)(document)
    document.focus = "NER"
    Scene(resources())(document)
    [setting] = document.scenes
    assert setting.place.place["name"] == "Niamey" and (setting.local_country, setting.scene_country) == ("NER", "NER")
    assert [(p.name, p.country, p.mentions) for p in document.article.places] == [("Niamey", "NER", 1)]
    assert isinstance(document.article.places[0], ArticlePlace)


def test_events_codes_actors_and_a_dyad_from_the_parse_alone():
    document = meeting_document()
    Sentences(None)(document)
    document.focus = "NER"
    Scene(resources())(document)
    document.article.topic = {"label": "politics", "score": 0.9}
    Events(resources())(document)
    [(index, draft)] = document.drafts
    assert index == 0 and (draft.type, draft.mode, draft.status, draft.trigger) == ("CONSULT", "meet", "occurred",
                                                                                     "a rencontré")
    assert (draft.source["country"], draft.target["country"]) == ("MLI", "NER")
    assert draft.place is None and draft.date is None  # the next stage's layers
    assert {a.country for a in document.article.actors.values()} == {"MLI", "NER"}
    assert [(m.text, m.start, m.end, m.label) for m in document.article.entities] == [
        ("Mali", 3, 7, "GPE"), ("Niger", 29, 34, "GPE")]


def test_event_places_gives_each_event_its_sentences_place_and_date_and_freezes_it():
    document = meeting_document(published="2024-03-14")  # a Thursday: "mardi" is the 12th
    Sentences(None)(document)
    document.focus = "NER"
    Scene(resources())(document)
    document.article.topic = None
    Events(resources())(document)
    EventPlaces(resources())(document)
    [event] = document.article.events
    assert (event.place.name, event.place.country, event.date, event.date_precision) == \
        ("Niamey", "NER", "2024-03-12", "day")
    with pytest.raises(AttributeError):
        event.type = "ASSAULT"  # a record, frozen


def test_stance_reads_the_layers_not_the_resolver():
    text = doc([("La", 1, "det", "DET", "le"), ("France", 3, "nsubj", "PROPN", "France"),
                ("a", 3, "aux:tense", "AUX", "avoir"), ("échoué", 3, "ROOT", "VERB", "échouer"),
                ("au", 5, "case", "ADP", "au"), ("Sahel", 3, "obl:mod", "PROPN", "Sahel"),
                (".", 3, "punct", "PUNCT", ".")], ((1, 2, "LOC"),), sent_starts=[1, 0, 0, 0, 0, 0, 0])
    article = Article(text=text.text, entities=[Mention(text="France", label="GPE", start=3, end=9, actor="fra")],
                      actors={"fra": {"name": "France", "country": "FRA", "agent": "GOV"}})
    document = Document(article, chunks=[Chunk(0, 0, text)])
    Stance(None)(document)
    assert article.stance["FRA"] < 0
    article.entities = []  # no mention: no evaluated actor
    Stance(None)(document)
    assert article.stance == {}
