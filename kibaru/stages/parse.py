"""The parse: spaCy over the text and the headline, then the text's sentences."""

from __future__ import annotations

from ..doc import Document, Sentence
from ..nlp import parse, sentences
from .base import Resources, Stage, register


@register
class Parse(Stage):
    """spaCy's parse of the text, in chunks of whole paragraphs
    (``kibaru.nlp.parse``, batches bounded in texts and characters), and of
    the headline: headlines are not coded, but they introduce the actors that
    the first sentences refer to ("Six civils tués …" / "Ils ont été tués …")."""

    name = "parse"
    requires = ("article.text", "article.title")
    assigns = ("doc.chunks", "doc.title")

    def __init__(self, resources: Resources) -> None:
        self.nlp = resources.nlp
        self.breaks = resources.models.breaks  # the sentence-break model, when trained

    def __call__(self, doc: Document) -> None:
        self.pipe([doc])

    def pipe(self, docs: list[Document]) -> None:
        for doc, chunks in zip(docs, parse((d.article.text for d in docs), breaks=self.breaks)):
            doc.chunks = chunks
        for doc, title in zip(docs, self.nlp.pipe(d.article.title or "" for d in docs)):
            doc.title = title


@register
class Sentences(Stage):
    """The text's sentences in order (``kibaru.nlp.sentences``), each with its
    number, its chunk's offset and spaCy's entities inside it."""

    name = "sentences"
    requires = ("doc.chunks",)
    assigns = ("doc.sentences",)

    def __call__(self, doc: Document) -> None:
        out: list[Sentence] = []
        for chunk in doc.chunks:
            # Span.ents rebuilds every entity of the doc: fetch them once per chunk
            doc_ents = list(chunk.doc.ents)
            for sent in sentences(chunk.doc):
                ents = [e for e in doc_ents if e.start >= sent.start and e.end <= sent.end]
                out.append(Sentence(len(out), chunk.offset, sent, ents))
        doc.sentences = out
