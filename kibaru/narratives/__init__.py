"""Narratives of the Sahel information space (issue 6): ``article.narratives``.

``find_narratives(chunks, catalogue_file=None)`` returns the narratives of the
catalogue (``data/narratives.yaml``, or a user's file of the same shape) that a
parsed article carries, each with a score in [0, 1] and up to three evidence
sentences. See ``match.py`` for the scoring and ``README.md`` for how to write
a catalogue.
"""

from __future__ import annotations

from .catalogue import DEFAULT_CATALOGUE, Catalogue, CatalogueError, Narrative, load_catalogue, read_catalogue
from .match import find_narratives

__all__ = ["DEFAULT_CATALOGUE", "Catalogue", "CatalogueError", "Narrative", "find_narratives", "load_catalogue",
           "read_catalogue"]
