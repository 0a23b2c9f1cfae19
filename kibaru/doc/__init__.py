"""Typed records: the JSON contract in Python, and the pipeline's working document."""

from .document import Document, Sentence, SentenceContext
from .layers import Actor, ArticlePlace, Event, Mention, Place, Ref
from .records import Article, Issue, Repair

__all__ = ["Article", "Issue", "Repair", "Actor", "ArticlePlace", "Event", "Mention", "Place", "Ref",
           "Document", "Sentence", "SentenceContext"]
