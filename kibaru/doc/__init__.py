"""Typed records: the JSON contract in Python."""

from .records import Article, Issue, Repair

__all__ = ["Article", "Issue", "Repair"]
