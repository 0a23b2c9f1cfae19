"""The Python API: ``kibaru.analyze()`` on a string, an Article or a stream of them."""

from __future__ import annotations

from typing import Iterable, Iterator, overload

from .doc import Article
from .pipeline import ARTICLES_PER_BATCH, PipelineConfig, load_pipeline


@overload
def analyze(item: str | Article, published: str | None = None, config: PipelineConfig | None = None,
            batch_size: int = ARTICLES_PER_BATCH, n_process: int = 1) -> Article: ...


@overload
def analyze(item: Iterable[str | Article], published: str | None = None, config: PipelineConfig | None = None,
            batch_size: int = ARTICLES_PER_BATCH, n_process: int = 1) -> Iterator[Article]: ...


def analyze(item, published=None, config=None, batch_size=ARTICLES_PER_BATCH, n_process=1):
    """Code one text or Article (returns an Article), or stream many, as
    spaCy's ``nlp.pipe`` does: an iterable in gives an iterator of coded
    Articles out, in order, ``batch_size`` at a time, on ``n_process``
    processes (each loads the model once; ``n_process=-1``: every core).

    >>> article = analyze("Le président malien a reçu mardi à Bamako l'ambassadeur de France.")
    >>> [e.type for e in article.events]
    ['CONSULT']
    >>> [len(a.events) for a in analyze(["Le Mali a rencontré le Niger.", "Il pleut."])]
    [1, 0]
    """
    if isinstance(item, str | Article):
        return next(iter(load_pipeline(config).pipe([_article(item, published)])))
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if n_process == 0 or n_process < -1:
        raise ValueError(f"n_process must be -1 (every core) or at least 1, not {n_process}")
    return _stream(item, published, config, batch_size, n_process)


def _stream(items: Iterable[str | Article], published: str | None, config: PipelineConfig | None,
            batch_size: int, n_process: int) -> Iterator[Article]:
    articles = (_article(x, published) for x in items)
    if n_process == 1:
        yield from load_pipeline(config).pipe(articles, batch_size=batch_size)
        return
    from .workers import WorkerPool, default_workers

    with WorkerPool(config or PipelineConfig(), default_workers() if n_process == -1 else n_process,
                    batch=batch_size) as pool:
        yield from pool.pipe(articles)


def _article(item: str | Article, published: str | None) -> Article:
    return item if isinstance(item, Article) else Article(text=item, published=published, origin="<string>")
