"""Every core of one machine: ``kibaru analyze --workers N``.

The main process reads and normalises (cheap, and it keeps duplicate
detection and the store in one place); worker processes each load the model
once and code batches of articles. At most ``2 × N`` batches are in flight, so
memory stays flat however long the input; results come back in input order, so
a run with workers writes exactly what a single process writes. A worker is
replaced after ``RECYCLE_AFTER`` articles: spaCy's string store only grows, and
a fresh process returns that memory.

Workers watch their parent: if the main process dies (``kill -9``, out of
memory), they exit at once (Linux: ``PR_SET_PDEATHSIG``) or within a second
(elsewhere: a thread that checks the parent's pid), instead of running on with
~600 MB each and nobody to send their results to.

The same ``code_batch`` function is what the Spark engine runs on each
partition (``kibaru.engines.spark``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Iterable, Iterator

from .doc import Article, Issue
from .errors import Msg
from .settings import Settings

BATCH = 16              # articles sent to a worker at a time
RECYCLE_AFTER = 4000    # articles a worker codes before it is replaced by a fresh one
PARENT_CHECK_S = 1.0    # how often a worker checks that its parent still runs
PR_SET_PDEATHSIG = 1    # <linux/prctl.h>


@dataclass(frozen=True)
class CoderConfig:
    """What a worker needs to build its Analyzer: small, picklable, no model."""

    settings: Settings
    actors_file: str | None = None
    triggers_file: str | None = None
    narratives_file: str | None = None
    places_file: str | None = None
    model_dir: str | None = None  # models from `kibaru train` (None: the shipped ones; "rules": none)


_analyzers: dict[CoderConfig, object] = {}


def analyzer_for(config: CoderConfig):
    """This process's Analyzer for ``config``, built on first use (one model per process)."""
    analyzer = _analyzers.get(config)
    if analyzer is None:
        from .pipeline import Analyzer

        analyzer = Analyzer(config.settings, actors_file=config.actors_file, triggers_file=config.triggers_file,
                            narratives_file=config.narratives_file, places_file=config.places_file,
                            model_dir=config.model_dir)
        _analyzers[config] = analyzer
    return analyzer


def code_batch(config: CoderConfig, articles: list[Article]) -> list[Article]:
    """Code a batch in this process. An article that makes the coder fail is
    returned with an error instead of taking the batch down with it."""
    analyzer = analyzer_for(config)
    warnings = [len(a.warnings) for a in articles]
    try:
        return list(analyzer(articles))
    except Exception:
        out = []
        for article, kept in zip(articles, warnings):
            del article.warnings[kept:]  # the failed attempt's warnings (W201) would come twice
            try:
                out.extend(analyzer([article]))
            except Exception as exc:  # a coder bug on one article: say which, go on
                message = Msg.E199.format(detail=f"{type(exc).__name__}: {exc}")
                article.errors.append(Issue("E199", message, article.origin))
                out.append(article)
        return out


def watch_parent(parent: int) -> None:
    """In a worker: exit as soon as process ``parent`` (the main process) is gone.

    Linux sends SIGKILL on the parent's death (``PR_SET_PDEATHSIG``); a daemon
    thread also compares the parent's pid every ``PARENT_CHECK_S`` seconds (an
    orphan is adopted by init or a subreaper), for other systems and for a
    parent that died before the signal was armed.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc to call: the thread below still watches
            pass
    if os.getppid() != parent:
        os._exit(1)

    def check() -> None:
        while True:
            time.sleep(PARENT_CHECK_S)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=check, name="kibaru-parent-watch", daemon=True).start()


def code_stream(config: CoderConfig, articles: Iterable[Article]) -> Iterator[Article]:
    """Code a stream in this process, batch by batch, with ``code_batch``'s
    safety net: one article that makes the coder fail is an E199 error, not
    the end of the run."""
    from .pipeline import ARTICLES_PER_BATCH

    iterator = iter(articles)
    while batch := list(islice(iterator, ARTICLES_PER_BATCH)):
        yield from code_batch(config, batch)


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class WorkerPool:
    """Code a stream of articles on N processes, in order, with bounded memory."""

    def __init__(self, config: CoderConfig, workers: int, batch: int = BATCH) -> None:
        self.config = config
        self.workers = workers
        self.batch = batch
        # spawn: a clean interpreter per worker (the parent may run threads, e.g. a progress bar)
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                         max_tasks_per_child=max(1, RECYCLE_AFTER // batch),
                                         initializer=watch_parent, initargs=(os.getpid(),))

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        iterator = iter(articles)
        pending: deque[tuple[list[Article], Future]] = deque()
        while True:
            while len(pending) < 2 * self.workers:
                batch = list(islice(iterator, self.batch))
                if not batch:
                    break
                todo = [a for a in batch if not a.errors and a.text.strip()]
                future = self._pool.submit(code_batch, self.config, todo) if todo else None
                pending.append((batch, future))
            if not pending:
                return
            batch, future = pending.popleft()
            coded = iter(future.result() if future is not None else [])
            for article in batch:
                # failed and empty articles never left this process: pass them through in place
                yield next(coded) if not article.errors and article.text.strip() else article
