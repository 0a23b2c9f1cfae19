"""Resumable writing: ``kibaru analyze PATH --db URL``.

An article is keyed by its id. Before coding, each batch of read articles is
looked up: one stored with the same content *and* coded with the same
settings is skipped; a changed one is coded again and replaces the stored copy
in one transaction. Coded articles are committed in batches, so a run killed
at any moment (even ``kill -9``) has lost only its last, uncommitted batch,
and a re-run codes exactly what is missing; the next run marks the killed one
``killed`` (W204).

Ids come from the inputs, and inputs reuse them: two CSV files numbering their
rows 1-5, or a later file whose id 3 is another article. An id met again with
the same content is a duplicate (W202, not stored twice); with other content
from another source (another URL, or another file when there is no URL), the
newcomer is stored under ``ID~<content digest>`` (W203) instead of replacing
the first. The same source with a changed text is an update, replaced.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Protocol, Sequence

from ..about import __version__
from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..normalize import Normalizer, normalized
from ..settings import Settings
from .base import Store
from .rows import COLUMNS, SAME_ARTICLE_FIELDS, ArticleRows, content_hash, to_rows
from .url import redact

if TYPE_CHECKING:
    from ..pipeline import PipelineConfig

COMMIT_EVERY = 32  # articles per transaction: a kill loses at most this much work


class Coder(Protocol):
    """What ``write`` codes with: a ``Pipeline``, or a ``WorkerPool`` of them."""

    config: "PipelineConfig"

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]: ...


@dataclass
class Counts:
    """What one ``write`` did."""

    seen: int = 0  # articles read
    stored: int = 0  # new in the store
    replaced: int = 0  # changed since they were stored, coded again
    skipped: int = 0  # unchanged (or read twice in the run)
    failed: int = 0  # unreadable, uncodable or refused by the database
    events: int = 0  # events of the stored and replaced articles
    run_id: int | None = None
    fused: dict[str, int] = field(default_factory=dict)  # what fusion did (kibaru.store.fusion)

    def to_dict(self) -> dict:
        return asdict(self)


def write(store: Store, articles: Iterable[Article], pipeline: Coder, force: bool = False, *,
          command: str = "", on_warning: Callable[[Issue], object] | None = None,
          on_skip: Callable[[], object] | None = None,
          on_coded: Callable[[Article], object] | None = None) -> Counts:
    """Code ``articles`` with ``pipeline`` into ``store``: the resumable write.

    Articles stored unchanged and coded with the same settings are skipped
    (``force`` codes them again); the rest are coded and committed in batches,
    recorded as one run. ``on_warning`` receives each warning about the run
    (W202-W204, E213) as it is found; ``on_skip`` is called for each article
    not coded, ``on_coded`` with each article coded (stored or failed).
    """
    # ids decide what is stored already: normalise first (a no-op for what
    # kibaru.read gives, normalised already), then code what is new
    normalizer = Normalizer(pipeline.config.settings)
    articles = (normalized(normalizer, article) for article in articles)
    with StoreWriter(store, pipeline.config.coding_hash(), command=command, force=force,
                     on_warning=on_warning) as writer:
        for article in pipeline.pipe(writer.pending(articles, on_skip=on_skip)):
            writer.add(article)
            if on_coded is not None:
                on_coded(article)
    return Counts(**writer.counts, run_id=writer.run_id, fused=writer.fused)


def settings_hash(settings: Settings, files: Sequence[str | Path | None] = (), extra: str = "") -> str:
    """What decides how an article is coded: kibaru's version, its settings,
    the user's extra data files (``--actors``, ``--triggers``, ``--narratives``,
    trained models) and ``extra`` (a stage list other than the default one)."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(__version__.encode())
    digest.update(json.dumps(settings.coding_values(), sort_keys=True, default=str).encode())
    for file in files:
        if file:
            digest.update(Path(file).read_bytes())
    if extra:
        digest.update(extra.encode())
    return digest.hexdigest()


class StoreWriter:
    """One recorded run writing into a store.

    >>> with StoreWriter(store, hash_, "kibaru analyze …") as writer:   # doctest: +SKIP
    ...     for article in analyzer(writer.pending(articles)):
    ...         writer.add(article)

    ``on_warning`` receives each warning about the run (a killed earlier run,
    a repeated id) as it is found, for the CLI to print.
    """

    def __init__(self, store: Store, settings_hash: str, command: str = "", force: bool = False,
                 commit_every: int = COMMIT_EVERY, on_warning: Callable[[Issue], object] | None = None) -> None:
        self.store = store
        self.settings_hash = settings_hash
        self.command = redact(command)
        self.force = force
        self.commit_every = commit_every
        self.on_warning = on_warning
        self.counts = {"seen": 0, "stored": 0, "replaced": 0, "skipped": 0, "failed": 0, "events": 0}
        self.errors: list[tuple[str | None, int | None, str, str]] = []
        self.run_id: int | None = None
        self.fused: dict[str, int] = {}
        self._buffer: list[ArticleRows] = []
        self._stored_before: set[str] = set()
        self._seen: dict[str, tuple[str, str | None]] = {}  # id -> (content hash, origin) of its first copy

    def __enter__(self) -> "StoreWriter":
        for run in self.store.mark_killed_runs():
            self._warn(Issue.from_exception(KibaruError(Msg.W204, self.store.url.display(), run=run["id"],
                                                        command=run["command"] or "?")))
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
            status = "interrupted" if exc_type in (KeyboardInterrupt, SystemExit) else "failed"
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

    def _warn(self, issue: Issue, article: Article | None = None) -> None:
        if article is not None:
            article.warnings.append(issue)
        if self.on_warning is not None:
            self.on_warning(issue)

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
            stored = self.store.stored_keys([a.id for a in batch if a.id and not a.errors])
            for article in batch:
                self.counts["seen"] += 1
                if article.errors or not article.id:
                    self._failed(article)
                    yield None
                    continue
                digest = content_hash(article, SAME_ARTICLE_FIELDS)
                first = self._seen.get(article.id)
                known = stored.get(article.id)
                if first is not None and first[0] != digest:
                    known = self._rekey(article, digest, first[1])
                    first = self._seen.get(article.id)  # a third copy meets the second's new id
                elif first is None and known is not None and known["content_hash"] != content_hash(article) \
                        and _other_source(known, article):
                    known = self._rekey(article, digest, known["url"] or known["origin"])
                if first is not None:
                    # the same id and content twice in one run (ids hash the text
                    # when the input gives none): the first copy is kept
                    self.counts["skipped"] += 1
                    self._warn(Issue.from_exception(KibaruError(Msg.W202, article.origin, id=article.id,
                                                                first=first[1] or "?")), article)
                    yield None
                    continue
                self._seen[article.id] = (digest, article.origin)
                if not self.force and known is not None \
                        and (known["content_hash"], known["settings_hash"]) == (content_hash(article), self.settings_hash):
                    self.counts["skipped"] += 1
                    yield None
                    continue
                if known is not None:
                    self._stored_before.add(article.id)
                yield article

    def _rekey(self, article: Article, digest: str, first: str | None) -> dict | None:
        """Give ``article`` an id of its own (another article has its id); the
        stored copy under that new id, if an earlier run stored it."""
        old = article.id
        article.id = f"{old}{REKEY_SEPARATOR}{digest[:REKEY_DIGEST_CHARS]}"
        self._warn(Issue.from_exception(KibaruError(Msg.W203, article.origin, id=old, first=first or "?",
                                                    new=article.id)), article)
        return self.store.stored_keys([article.id]).get(article.id)

    def _failed(self, article: Article) -> None:
        self.counts["failed"] += 1
        for issue in article.errors or [Issue.from_exception(KibaruError(Msg.E214, article.origin))]:
            self.errors.append((issue.input, issue.line, issue.code, issue.message))

    # --- after coding ------------------------------------------------------------------
    def add(self, article: Article) -> None:
        try:
            rows = to_rows(article, self.settings_hash, self.run_id)
        except Exception as exc:  # noqa: BLE001 - a value the store cannot hold: this article fails, not the run
            self._refused(article.origin, f"{type(exc).__name__}: {exc}")
            return
        self._buffer.append(rows)
        if len(self._buffer) >= self.commit_every:
            self.flush()

    def flush(self) -> None:
        if not self._buffer:
            return
        batch, self._buffer = self._buffer, []
        try:
            self.store.put(batch)
            stored = batch
        except KibaruError as exc:
            if exc.code != "E210":  # a full disk, a lost connection: the run stops, earlier batches are kept
                raise
            # the database refused a value: store the batch article by article,
            # so that one bad article does not take the others with it
            stored = []
            for rows in batch:
                try:
                    self.store.put([rows])
                    stored.append(rows)
                except KibaruError as one:
                    if one.code != "E210":
                        raise
                    self._refused(rows.tables["articles"][0][_ORIGIN], one.message)
        for rows in stored:
            if rows.id in self._stored_before:
                self.counts["replaced"] += 1
            else:
                self.counts["stored"] += 1
            self.counts["events"] += rows.n_events

    def _refused(self, origin: str | None, detail: str) -> None:
        error = KibaruError(Msg.E213, origin, detail=detail)
        self.counts["failed"] += 1
        self.errors.append((origin, None, error.code, error.message))
        self._warn(Issue.from_exception(error))


# A re-keyed id: the given id, this separator, the first characters of the
# article's content digest (stable: the same article gets the same id on a re-run).
REKEY_SEPARATOR = "~"
REKEY_DIGEST_CHARS = 8
_ORIGIN = COLUMNS["articles"].index("origin")
_POSITION = re.compile(r"(?::\d+|#\d+| \[\d+\])$")


def _other_source(known: dict, article: Article) -> bool:
    """Does the stored article with this id come from another source than ``article``?

    Two URLs decide; without them, the files they were read from (the origin
    without its line or record number). The same source with another text is
    an update of the article, not a different one.
    """
    if known["url"] and article.url:
        return known["url"] != article.url
    if known["url"] or article.url:
        return True
    return _POSITION.sub("", known["origin"] or "") != _POSITION.sub("", article.origin or "")
