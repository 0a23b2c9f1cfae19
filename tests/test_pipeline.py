"""The front door: ``load_pipeline``, the stage list and its check, the
per-article safety net, and each stage's ``requires``/``assigns`` held to
what it does."""

from __future__ import annotations

import pytest

import kibaru
from kibaru.doc import Article, Document
from kibaru.pipeline import Pipeline, PipelineConfig, load_pipeline
from kibaru.registry import stages as registered
from kibaru.stages import DEFAULT_STAGES, INPUTS, PipelineError, Stage, check, layers
from kibaru.settings import Settings


# --- the stage list, checked before anything loads ------------------------------------------

def test_the_default_stages_are_registered_and_in_a_working_order():
    check(DEFAULT_STAGES)
    assert {entry.name for entry in registered} >= set(DEFAULT_STAGES)
    table = layers()
    assert [name for name, _, _ in table] == list(DEFAULT_STAGES)
    filled = set(INPUTS)
    for name, requires, assigns in table:
        assert set(requires) <= filled, name
        assert assigns and not set(assigns) & filled, f"{name} fills a layer filled before it"
        filled |= set(assigns)
    # every contract layer is filled by some stage
    assert {"article.topic", "article.entities", "article.actors", "article.events", "article.places",
            "article.stance", "article.narratives"} <= filled


def test_a_reordered_stage_list_fails_naming_what_is_missing():
    order = list(DEFAULT_STAGES)
    order.remove("scene")
    order.insert(order.index("event_places"), "scene")  # events before the scene it reads
    with pytest.raises(PipelineError) as error:
        check(order)
    message = str(error.value)
    assert "'events'" in message and "doc.scenes" in message and "doc.scenes (scene)" in message


def test_a_missing_stage_fails_naming_the_layer_and_who_fills_it():
    with pytest.raises(PipelineError, match=r"'scene' .* requires doc\.sentences.*doc\.sentences \(sentences\)"):
        check([s for s in DEFAULT_STAGES if s != "sentences"])


def test_an_unknown_stage_fails_listing_the_registered_ones():
    with pytest.raises(PipelineError, match="no stage named 'pars'; registered stages: event_places, events, focus, narratives, parse"):
        check(["pars"])


def test_a_wrong_stage_list_fails_before_the_model_loads(monkeypatch):
    import kibaru.nlp

    def refuse():
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(kibaru.nlp, "load_nlp", refuse)
    with pytest.raises(PipelineError, match="doc.chunks"):
        Pipeline(PipelineConfig(stages=("sentences",)))


# --- the pipe: normalisation, codable filter, per-article failures -----------------------------

class Explode(Stage):
    """A stage that fails on articles whose text holds "BOUM"."""

    name = "explode"
    requires = ("article.text",)
    assigns = ()

    def __call__(self, doc: Document) -> None:
        if "BOUM" in doc.article.text:
            raise RuntimeError("boum")


def test_a_stage_that_fails_fails_that_article_alone():
    pipeline = Pipeline(PipelineConfig(stages=("topic",)))  # no model needed
    pipeline.stages.insert(0, Explode(None))
    articles = [Article(text=text, title="Titre", origin=f"t{i}") for i, text in enumerate(
        ["Le ministre a reçu l'ambassadeur.", "BOUM fait la bombe.", "Les Lions ont gagné le match."])]
    coded = list(pipeline.pipe(articles, batch_size=2))
    assert coded == articles  # every article comes out, in order
    assert [a.errors[0].code if a.errors else None for a in coded] == [None, "E199", None]
    assert "RuntimeError: boum" in coded[1].errors[0].message and coded[1].errors[0].input == "t1"
    assert coded[0].topic and coded[2].topic and coded[1].topic is None  # later stages skip it


def test_the_pipe_normalises_once_and_keeps_what_it_cannot_code():
    pipeline = Pipeline(PipelineConfig(stages=("topic",)))
    english = Article(text="The minister met the ambassador in Accra on Monday.", title="Meeting")
    empty = Article(text="", title="")
    french = Article(text="Le ministre a reçu lambassadeur du Niger.", title="Visite")
    coded = list(pipeline.pipe([english, empty, french]))
    assert [w.code for w in english.warnings] == ["W201"] and english.topic is None
    assert empty.errors[0].code == "E118"
    assert french.normalized and french.id and "l'ambassadeur" in french.text and french.topic
    repairs = list(french.repairs)
    list(pipeline.pipe([french]))  # a second pass: nothing normalised twice
    assert french.repairs == repairs and [w.code for w in english.warnings] == ["W201"]
    assert coded == [english, empty, french]


def test_load_pipeline_is_one_per_config_per_process():
    config = PipelineConfig(Settings(), stages=("topic",))
    assert load_pipeline(config) is load_pipeline(PipelineConfig(Settings(), stages=("topic",)))
    assert load_pipeline(PipelineConfig(Settings(max_chars=10), stages=("topic",))) is not load_pipeline(config)


def test_a_stage_list_other_than_the_default_codes_into_another_settings_hash():
    assert PipelineConfig().coding_hash() == PipelineConfig(Settings()).coding_hash()
    assert PipelineConfig(stages=("topic",)).coding_hash() != PipelineConfig().coding_hash()


# --- each stage does what it declares (the real model) -------------------------------------------

SENTINEL = object()


@pytest.mark.slow
def test_every_stage_reads_what_it_requires_and_fills_what_it_assigns(analyze):
    pipeline = load_pipeline()
    article = Article(id="a", title="Bamako reçoit Moscou", published="2021-06-16", origin="<test>",
                      text="Le ministre malien de la Défense a reçu mardi à Bamako l'ambassadeur de Russie. "
                           "Il a dénoncé les sanctions de la CEDEAO.")
    pipeline.normalizer(article)
    doc = Document(article)
    for stage in pipeline.stages:
        for layer in stage.requires:
            owner, name = layer.split(".")
            value = getattr(doc if owner == "doc" else article, name)
            assert value is not SENTINEL and (value is not None or layer in INPUTS), f"{stage.name}: {layer}"
        for layer in stage.assigns:
            owner, name = layer.split(".")
            object.__setattr__(doc if owner == "doc" else article, name, SENTINEL)
        stage.pipe([doc])
        for layer in stage.assigns:
            owner, name = layer.split(".")
            assert getattr(doc if owner == "doc" else article, name) is not SENTINEL, f"{stage.name}: {layer}"
    assert [e.type for e in article.events][:1] == ["CONSULT"] and article.stance and article.places
    assert article.to_dict() == kibaru.analyze(Article.from_dict({**article.to_dict(), "events": []})).to_dict()


# --- the Python API -------------------------------------------------------------------------

def test_analyze_streams_many_texts_like_nlp_pipe(analyze):
    texts = ["Le ministre malien de la Défense a reçu mardi à Bamako l'ambassadeur de Russie.", "Il pleut.",
             Article(id="given", text="Des manifestants ont protesté à Dakar contre le gouvernement.")]
    stream = kibaru.analyze(iter(texts), batch_size=1)
    assert not isinstance(stream, list) and iter(stream) is stream  # an iterator, consumed as it goes
    coded = list(stream)
    assert [a.id for a in coded][2] == "given" and len(coded) == 3
    assert [e.type for e in coded[0].events] == ["CONSULT"] and coded[1].events == []
    assert coded[0].to_dict() == kibaru.analyze(texts[0]).to_dict()  # one text: an Article, the same coding


@pytest.mark.parametrize("batch_size, n_process", [(0, 1), (4, 0), (4, -2)])
def test_analyze_refuses_a_meaningless_batch_or_process_count(batch_size, n_process):
    with pytest.raises(ValueError, match="batch_size|n_process"):
        kibaru.analyze(["Il pleut."], batch_size=batch_size, n_process=n_process)


@pytest.mark.slow
def test_analyze_on_two_processes_gives_what_one_gives(analyze):
    texts = ["Le ministre malien de la Défense a reçu mardi à Bamako l'ambassadeur de Russie.",
             "Des manifestants ont protesté à Dakar contre le gouvernement.", "Il pleut."]
    one = [a.to_dict() for a in kibaru.analyze(texts)]
    two = [a.to_dict() for a in kibaru.analyze(texts, batch_size=1, n_process=2)]
    assert two == one and one[0]["events"]
