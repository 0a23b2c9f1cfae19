"""The article's stance toward each country it discusses (``kibaru.stance``)."""

from __future__ import annotations

from ..doc import Document
from ..stance import score_stance
from .base import Stage, register


@register
class Stance(Stage):
    """From the coded events and the evaluative words near each actor's mentions."""

    name = "stance"
    requires = ("doc.chunks", "article.entities", "article.actors", "article.events")
    assigns = ("article.stance",)

    def __call__(self, doc: Document) -> None:
        article = doc.article
        article.stance = score_stance(doc.chunks, article.entities, article.actors, article.events)
