"""Run the pipeline over gold articles (the part of evaluation that needs the model)."""

from __future__ import annotations

from typing import Any

from ..doc import Article
from ..normalize import Normalizer
from ..settings import Settings
from .scoring import GoldArticle


def code_gold(records: list[GoldArticle], settings: Settings | None = None,
              model_dir: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Events per gold article id, from its full text (normalised like any
    input), coded with the models of ``model_dir`` (default: the shipped ones)."""
    from ..pipeline import Analyzer

    settings = settings or Settings()
    normalizer = Normalizer(settings)
    articles = [
        normalizer(Article(id=r.id, title=r.title, text=r.text, published=r.published, origin=f"gold:{r.id}"))
        for r in records
    ]
    return {article.id: article.events for article in Analyzer(settings, model_dir=model_dir)(articles)}
