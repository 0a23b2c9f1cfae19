"""The Python API: ``kibaru.analyze()`` on a string, an Article or many."""

from __future__ import annotations

from typing import Iterable

from .doc import Article
from .pipeline import PipelineConfig, load_pipeline


def analyze(item: str | Article | Iterable[str | Article], published: str | None = None,
            config: PipelineConfig | None = None):
    """Code one text or Article (returns an Article), or an iterable of them (returns a list).

    >>> article = analyze("Le président malien a reçu mardi à Bamako l'ambassadeur de France.")
    >>> [e.type for e in article.events]
    ['CONSULT']
    """
    single = isinstance(item, str | Article)
    items = [item] if single else list(item)
    articles = [x if isinstance(x, Article) else Article(text=x, published=published, origin="<string>")
                for x in items]
    coded = list(load_pipeline(config).pipe(articles))
    return coded[0] if single else coded
