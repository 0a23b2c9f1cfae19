"""``kibaru serve``: the web dashboard and REST API over a store."""

from .app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
