"""kibaru: French-native political event coding for West African and Sahel news.

Public surface::

    import kibaru
    for article in kibaru.read(["examples/"]):
        print(article.to_dict())
"""

from .about import __version__
from .api import analyze
from .corpus import read
from .doc import Article, Issue, Repair
from .errors import KibaruError
from .settings import Settings

__all__ = ["__version__", "analyze", "read", "Article", "Issue", "Repair", "KibaruError", "Settings"]
