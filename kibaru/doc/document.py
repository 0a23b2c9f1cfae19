"""The pipeline's working object: one article while its stages code it.

A ``Document`` holds the ``Article`` and the working layers (the parse, the
sentences, the scene of each sentence, the event drafts) that a stage fills
for the later ones. The contract's layers (topic, actors, events …) are
written straight into the Article. Layer names — ``"doc.sentences"``,
``"article.events"`` — are what stages list in ``requires`` and ``assigns``.

Nothing here imports spaCy: the parse's types are only named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .records import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """Where a sentence stands, handed to the actor resolver with the sentence:
    its chunk's character offset in the article text, the country of the town
    or region it is set in, and the country its action takes place in (a
    country named as a place counts)."""

    offset: int = 0
    local_country: str | None = None
    scene_country: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the article, as the stages see it."""

    index: int  # its number in the article (0 for the first)
    offset: int  # its chunk's character offset in the article text
    span: "Span"
    ents: list["Span"]  # spaCy's entities inside it


@dataclass(slots=True)
class Document:
    """One article and its working layers (None until a stage assigns them)."""

    article: Article
    chunks: list[Any] | None = None  # doc.chunks: kibaru.nlp.Chunk, the parse of the text in pieces
    title: "Doc | None" = None  # doc.title: the headline's parse
    sentences: list[Sentence] | None = None  # doc.sentences
    focus: str | None = None  # doc.focus: the country the article is about
    scene: Any = None  # doc.scenes: the article's kibaru.scene.Scene …
    scenes: list[Any] | None = None  # … and each sentence's SentenceScene
    drafts: list[tuple[int, Any]] = field(default_factory=list)  # doc.drafts: (sentence index, event draft)
