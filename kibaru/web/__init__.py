"""``kibaru serve``: the web dashboard and REST API over a store."""

from .app import create_app
from .deps import WebSettings

__all__ = ["WebSettings", "create_app"]
