"""The front door: ``load_pipeline(config)`` and ``Pipeline.pipe(articles)``.

Every entry point codes articles through these two — ``kibaru analyze`` (one
process or ``--workers N``), ``kibaru eval``, ``kibaru.analyze()``,
``POST /api/analyze``, the Spark engine's executors — and stores them through
``kibaru.store.write``. A pipeline normalises each article (once), keeps the
ones it can code (French, with text), parses them in bounded batches and runs
its stages (``kibaru.stages``) over each; an article that makes a stage fail
gets an E199 error and the others go on.

``PipelineConfig`` is all that decides how articles are coded and nothing
heavy: worker processes and Spark executors receive it and build their own
pipeline from it, once per process (``load_pipeline`` caches it).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .doc import Article, Document, Issue
from .errors import KibaruError, Msg
from .normalize import Normalizer, normalized
from .settings import Settings
from .stages import DEFAULT_STAGES, Resources, Stage, check
from .registry import stages as registered

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .events.learned import Observer
    from .models import Models
    from .nlp import Chunk

# Languages the coder reads; others are kept, marked and not coded.
CODED_LANGUAGES = {"fr", None}
# Articles coded together: the parse's batches are cut smaller still (kibaru.nlp).
ARTICLES_PER_BATCH = 64


@dataclass(frozen=True)
class PipelineConfig:
    """How articles are coded: settings, the user's data files, trained models
    and the stage list. Small, hashable and picklable."""

    settings: Settings = field(default_factory=Settings)
    actors_file: str | None = None  # extra actors (--actors)
    triggers_file: str | None = None  # extra PLOVER triggers (--triggers)
    narratives_file: str | None = None  # a narrative catalogue instead of the shipped one (--narratives)
    places_file: str | None = None  # places to add to the gazetteer or pin (--places)
    model_dir: str | None = None  # models from `kibaru train` (None: the shipped ones; "rules": none)
    stages: tuple[str, ...] = DEFAULT_STAGES

    def coding_hash(self) -> str:
        """The store's settings hash of articles coded with this config: a
        re-run with another one codes them again."""
        from .store.writer import settings_hash

        return settings_hash(self.settings, self.files(), "" if self.stages == DEFAULT_STAGES else " ".join(self.stages))

    def files(self) -> list[str]:
        """The user's files that change how an article is coded (for the store's settings hash)."""
        found = [f for f in (self.actors_file, self.triggers_file, self.narratives_file, self.places_file) if f]
        if self.model_dir and Path(self.model_dir).is_dir():  # not "rules"
            found += sorted(str(p) for p in Path(self.model_dir).iterdir() if p.is_file())
        return found


class Pipeline:
    """Normalised, parsed and coded articles from articles, stage by stage.

    ``models`` and ``observe`` are for training: models already in memory
    instead of ``config.model_dir``'s, and an observer of each sentence's
    candidates. Build pipelines for coding with ``load_pipeline``.
    """

    def __init__(self, config: PipelineConfig | None = None, *, models: "Models | None" = None,
                 observe: "Observer | None" = None) -> None:
        self.config = config or PipelineConfig()
        check(self.config.stages)  # a wrong stage list fails here, before the model is loaded
        started = time.perf_counter()
        resources = Resources(self.config, models, observe)
        self.stages: list[Stage] = [registered.get(name).func(resources) for name in self.config.stages]
        self.normalizer = Normalizer(self.config.settings)
        if log.isEnabledFor(logging.INFO):
            trained = resources.models
            log.info("models: %s", (trained.path or "given") if trained.learned else "none (the rules alone)")
            log.info("stages: %s (loaded in %.1f s)", " → ".join(self.config.stages), time.perf_counter() - started)

    def pipe(self, articles: Iterable[Article], batch_size: int = ARTICLES_PER_BATCH) -> Iterator[Article]:
        """Code a stream of articles, in order, ``batch_size`` at a time. Every
        article comes out: coded, or with the warning or error that says why not."""
        iterator = iter(articles)
        while batch := list(islice(iterator, batch_size)):
            started = time.perf_counter()
            batch = [normalized(self.normalizer, article) for article in batch]
            self.run([Document(a) for a in batch if self._codable(a)])
            log.debug("coded %d articles in %.2f s", len(batch), time.perf_counter() - started)
            yield from batch

    def code(self, article: Article, chunks: list["Chunk"], title: "Doc | None" = None) -> Article:
        """Code an article already parsed (training parses its gold once and
        codes it many times). Errors are raised, not recorded."""
        doc = Document(article, chunks=chunks, title=title)
        for stage in self.stages:
            if stage.name != "parse":
                stage(doc)
        return article

    def run(self, docs: list[Document]) -> None:
        """Run every stage over ``docs``. A stage that fails on an article
        fails that article alone (E199): its layers are emptied and the later
        stages skip it."""
        for stage in self.stages:
            live = [doc for doc in docs if not doc.article.errors]
            batched = type(stage).pipe is not Stage.pipe
            if batched and len(live) > 1:
                try:
                    stage.pipe(live)
                    continue
                except Exception:  # noqa: BLE001 - find the article that failed: one at a time
                    pass
            for doc in live:
                try:
                    stage.pipe([doc]) if batched else stage(doc)
                except Exception as exc:  # noqa: BLE001 - a coder bug on one article: say which, go on
                    _failed(doc.article, exc)

    def _codable(self, article: Article) -> bool:
        if article.errors or not article.text.strip():
            return False
        if article.lang not in CODED_LANGUAGES:
            article.warnings.append(Issue.from_exception(KibaruError(Msg.W201, article.origin, lang=article.lang)))
            return False
        return True


def _failed(article: Article, exc: Exception) -> None:
    article.clear_analysis()
    error = KibaruError(Msg.E199, article.origin, detail=f"{type(exc).__name__}: {exc}")
    article.errors.append(Issue.from_exception(error))


_pipelines: dict[PipelineConfig, Pipeline] = {}
_lock = threading.Lock()


def load_pipeline(config: PipelineConfig | None = None) -> Pipeline:
    """This process's pipeline for ``config`` (default: the shipped one), built
    on first use: one spaCy model and one copy of each lexicon per process,
    however many entry points or threads ask."""
    config = config or PipelineConfig()
    pipeline = _pipelines.get(config)
    if pipeline is None:
        with _lock:
            pipeline = _pipelines.get(config)
            if pipeline is None:
                pipeline = _pipelines[config] = Pipeline(config)
    return pipeline
