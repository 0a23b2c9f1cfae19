"""What a stage is, and what stages share.

A stage fills one or a few layers of a ``Document``. It declares the layers it
reads (``requires``) and the ones it fills (``assigns``) as class attributes,
so that a pipeline can check its stage list before it loads anything
(``kibaru.stages.check``), the way spaCy's ``analyze_pipes`` checks a
pipeline's components.

Stages are built once per process from ``Resources``: the model, lexicons,
gazetteer and trained models, each loaded on first use by a cached loader.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from ..registry import stages

if TYPE_CHECKING:
    from ..doc import Document
    from ..events.learned import Observer
    from ..models import Models
    from ..pipeline import PipelineConfig


class Stage:
    """One step of the pipeline; ``__call__`` codes one document in place."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, resources: "Resources") -> None:
        pass

    def __call__(self, doc: "Document") -> None:
        raise NotImplementedError

    def pipe(self, docs: list["Document"]) -> None:
        """Code a batch of documents (a stage that gains from batches, the
        parse, overrides this)."""
        for doc in docs:
            self(doc)


def register(cls: type[Stage]) -> type[Stage]:
    """Register a stage class under its name, with its declared layers."""
    return stages.register(cls.name, requires=cls.requires, assigns=cls.assigns)(cls)


class Resources:
    """What the stages of one pipeline share, loaded on first use. The loaders
    are cached per process, so that every pipeline of a process (and every
    stage) shares one model and one copy of each lexicon."""

    def __init__(self, config: "PipelineConfig", models: "Models | None" = None,
                 observe: "Observer | None" = None) -> None:
        self.config = config
        self._models = models
        self.observe = observe  # sees each sentence's candidates (training)

    @cached_property
    def nlp(self) -> Any:
        from ..nlp import load_nlp

        return load_nlp()

    @cached_property
    def models(self) -> "Models":
        """The trained models given, else those of ``config.model_dir``, else the shipped ones."""
        if self._models is not None:
            return self._models
        from ..models import load_models

        return load_models(self.config.model_dir)

    @cached_property
    def lexicon(self) -> Any:
        from ..actors.lexicon import default_lexicon

        return default_lexicon(self.config.actors_file)

    @cached_property
    def triggers(self) -> Any:
        from ..events.lexicon import default_triggers

        return default_triggers(self.config.triggers_file)

    @cached_property
    def gazetteer(self) -> Any:
        from ..places import default_gazetteer

        return default_gazetteer(self.config.places_file)
