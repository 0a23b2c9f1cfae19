"""The article's topic: a MasakhaNEWS label (``kibaru.topics``)."""

from __future__ import annotations

from ..doc import Document
from ..topics import classify
from .base import Stage, register


@register
class Topic(Stage):
    """Classified before the events: a business or health story reports few
    political events, and the event models read the topic as a feature."""

    name = "topic"
    requires = ("article.title", "article.text")
    assigns = ("article.topic",)

    def __call__(self, doc: Document) -> None:
        doc.article.topic = classify(doc.article.title, doc.article.text)
