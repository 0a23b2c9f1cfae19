"""The narratives of a catalogue that the article carries (``kibaru.narratives``)."""

from __future__ import annotations

from ..doc import Document
from ..narratives import find_narratives, load_catalogue
from .base import Resources, Stage, register


@register
class Narratives(Stage):
    """The shipped catalogue, or the user's (``--narratives``), compiled once per process."""

    name = "narratives"
    requires = ("doc.chunks",)
    assigns = ("article.narratives",)

    def __init__(self, resources: Resources) -> None:
        self.catalogue = load_catalogue(resources.config.narratives_file)

    def __call__(self, doc: Document) -> None:
        doc.article.narratives = find_narratives(doc.chunks, catalogue=self.catalogue)
