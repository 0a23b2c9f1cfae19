"""kibaru: French-native political event coding for West African and Sahel news.

Public surface::

    import kibaru
    pipeline = kibaru.load_pipeline()
    for article in pipeline.pipe(kibaru.read(["examples/"])):
        print(article.to_dict())

``kibaru.analyze(text)`` codes one text; ``kibaru.store.write(store, articles,
pipeline)`` codes into a database.
"""

from .about import __version__
from .api import analyze
from .corpus import read
from .doc import Actor, Article, ArticlePlace, Event, Issue, Mention, Place, Ref, Repair
from .errors import KibaruError
from .pipeline import Pipeline, PipelineConfig, load_pipeline
from .settings import Settings

__all__ = ["__version__", "analyze", "read", "load_pipeline", "Pipeline", "PipelineConfig", "Article", "Issue",
           "Repair", "Actor", "ArticlePlace", "Event", "Mention", "Place", "Ref", "KibaruError", "Settings"]
