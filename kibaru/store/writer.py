"""Resumable writing: ``kibaru analyze PATH --db URL``.

An article is keyed by its id. Before coding, each batch of read articles is
looked up: one stored with the same content *and* coded with the same
settings is skipped; a changed one is coded again and replaces the stored copy
in one transaction. Coded articles are committed in batches, so a run killed
at any moment (even ``kill -9``) has lost only its last, uncommitted batch,
and a re-run codes exactly what is missing.
"""

from __future__ import annotations

import hashlib
import json
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..about import __version__
from ..doc import Article, Issue
from ..settings import Settings
from .base import Store
from .rows import ArticleRows, content_hash, to_rows

COMMIT_EVERY = 32  # articles per transaction: a kill loses at most this much work


def settings_hash(settings: Settings, files: Sequence[str | Path | None] = ()) -> str:
    """What decides how an article is coded: kibaru's version, its settings and
    the user's extra data files (``--actors``, ``--triggers``)."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(__version__.encode())
    digest.update(json.dumps(settings.coding_values(), sort_keys=True, default=str).encode())
    for file in files:
        if file:
            digest.update(Path(file).read_bytes())
    return digest.hexdigest()


class StoreWriter:
    """One recorded run writing into a store.

    >>> with StoreWriter(store, hash_, "kibaru analyze …") as writer:   # doctest: +SKIP
    ...     for article in analyzer(writer.pending(articles)):
    ...         writer.add(article)
    """

    def __init__(self, store: Store, settings_hash: str, command: str = "", force: bool = False,
                 commit_every: int = COMMIT_EVERY) -> None:
        self.store = store
        self.settings_hash = settings_hash
        self.command = command
        self.force = force
        self.commit_every = commit_every
        self.counts = {"seen": 0, "stored": 0, "replaced": 0, "skipped": 0, "failed": 0, "events": 0}
        self.errors: list[tuple[str | None, int | None, str, str]] = []
        self.run_id: int | None = None
        self.fused: dict[str, int] = {}
        self._buffer: list[ArticleRows] = []
        self._stored_before: set[str] = set()
        self._seen: set[str] = set()

    def __enter__(self) -> "StoreWriter":
        self.run_id = self.store.start_run(__version__, self.settings_hash, self.command)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        status = "done"
        if exc_type is None:
            self.flush()
            self.fuse()
        else:
            # what was committed stays; the unfinished batch is dropped, and a
            # re-run codes it again
            status = "interrupted" if exc_type is KeyboardInterrupt else "failed"
        try:
            self.store.finish_run(self.run_id, status, self.counts, self.errors)
        except Exception:
            if exc_type is None:
                raise
            # the store itself failed (a full disk): the original error is the one to report

    def fuse(self) -> None:
        """Link this run's events to the reports of the same events (kibaru.store.fusion)."""
        from .fusion import fuse, unfused_blocks

        # a killed run stored events it never fused: pick them up too
        blocks = self.store.touched_blocks | unfused_blocks(self.store)
        if blocks:
            self.fused = fuse(self.store, blocks)
        self.store.touched_blocks = set()

    # --- before coding ---------------------------------------------------------------
    def pending(self, articles: Iterable[Article], on_skip: Callable[[], object] | None = None) -> Iterator[Article]:
        """The articles that need coding; unchanged stored ones (and failed
        inputs) are counted, reported to ``on_skip`` and dropped."""
        for article in self._pending(articles):
            if article is None:
                if on_skip is not None:
                    on_skip()
            else:
                yield article

    def _pending(self, articles: Iterable[Article]) -> Iterator[Article | None]:
        iterator = iter(articles)
        while batch := list(islice(iterator, self.commit_every * 4)):
            ids = [a.id for a in batch if a.id and not a.errors]
            stored = {} if self.force else self.store.stored_hashes(ids)
            for article in batch:
                self.counts["seen"] += 1
                if article.errors or not article.id:
                    self._failed(article)
                    yield None
                    continue
                if article.id in self._seen:
                    # the same id twice in one run: an exact duplicate (ids hash the
                    # text) or an input that reuses ids; the first copy is kept
                    self.counts["skipped"] += 1
                    article.warnings.append(Issue("W202", f"id {article.id!r} already read in this run; "
                                                  "this copy is not stored", article.origin))
                    yield None
                    continue
                self._seen.add(article.id)
                known = stored.get(article.id)
                if known == (content_hash(article), self.settings_hash):
                    self.counts["skipped"] += 1
                    yield None
                    continue
                if known is not None:
                    self._stored_before.add(article.id)
                yield article

    def _failed(self, article: Article) -> None:
        self.counts["failed"] += 1
        for issue in article.errors or [Issue("E108", "no id and no text", article.origin)]:
            self.errors.append((issue.input, issue.line, issue.code, issue.message))

    # --- after coding ------------------------------------------------------------------
    def add(self, article: Article) -> None:
        self._buffer.append(to_rows(article, self.settings_hash, self.run_id))
        if len(self._buffer) >= self.commit_every:
            self.flush()

    def flush(self) -> None:
        if not self._buffer:
            return
        batch, self._buffer = self._buffer, []
        self.store.put(batch)
        for rows in batch:
            if rows.id in self._stored_before:
                self.counts["replaced"] += 1
            else:
                self.counts["stored"] += 1
            self.counts["events"] += rows.n_events
