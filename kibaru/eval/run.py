"""Run the pipeline over gold articles (the part of evaluation that needs the model)."""

from __future__ import annotations

from typing import Any

from ..doc import Article
from ..pipeline import PipelineConfig, load_pipeline
from .scoring import GoldArticle


def code_gold(records: list[GoldArticle], config: PipelineConfig | None = None) -> dict[str, list[dict[str, Any]]]:
    """Events per gold article id, from its full text (normalised like any
    input), coded by the pipeline of ``config`` (its ``model_dir``: the
    models of ``kibaru train``; default: the shipped ones)."""
    articles = [Article(id=r.id, title=r.title, text=r.text, published=r.published, outlet=r.source,
                        origin=f"gold:{r.id}")
                for r in records]
    return {article.id: [e.to_dict() for e in article.events] for article in load_pipeline(config).pipe(articles)}
