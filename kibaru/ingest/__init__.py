"""Readers: files and folders in, raw Articles out.

Each format is one module that registers a reader in ``kibaru.registry.readers``
with the file suffixes it claims; adding a format is adding a module here.
A reader yields Articles; an error about the whole file is raised as a
``KibaruError`` and turned into one failed Article by ``read_source``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..registry import Entry, readers
from ..settings import Settings
from . import feeds, html, jsonl, tabular, text, warc  # noqa: F401  (register the readers)
from .source import STDIN, Source

Reader = Callable[[Source, Settings], Iterator[Article]]


def supported_suffixes() -> list[str]:
    return [suffix for entry in readers for suffix in entry.meta.get("suffixes", ())]


def find_reader(source: Source) -> Entry[Reader] | None:
    if source.path is None:
        return readers.get("jsonl.v1")
    name = source.path.name.lower()
    for entry in readers:
        if any(name.endswith(suffix) for suffix in entry.meta.get("suffixes", ())):
            return entry
    return None


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Source | KibaruError]:
    """Sources for the given paths; folders are walked recursively, in a stable order.

    Inside folders, files no reader claims and hidden files are skipped; a file
    named explicitly with an unknown suffix is an error.
    """
    for arg in paths:
        if str(arg) == STDIN:
            yield Source.from_arg(STDIN)
            continue
        path = Path(arg)
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            yield KibaruError(Msg.E101, str(arg))
        else:
            source = Source.from_arg(path)
            if find_reader(source) is None:
                yield KibaruError(
                    Msg.E109, source.name, suffix=path.suffix or path.name,
                    supported=", ".join(supported_suffixes()),
                )
            else:
                yield source


def _walk(folder: Path) -> Iterator[Source | KibaruError]:
    def on_error(exc: OSError) -> None:
        errors.append(KibaruError(Msg.E102, exc.filename or str(folder), reason=exc.strerror or str(exc)))

    errors: list[KibaruError] = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for filename in sorted(files):
            if filename.startswith("."):
                continue
            source = Source.from_arg(Path(root) / filename)
            if find_reader(source) is not None:
                yield source
        yield from errors
        errors.clear()


def read_source(source: Source, settings: Settings) -> Iterator[Article]:
    """The raw Articles of one source; never raises for bad input."""
    entry = find_reader(source)
    if entry is None:  # only reachable through the API with an unknown suffix
        exc = KibaruError(Msg.E109, source.name, suffix=source.suffix, supported=", ".join(supported_suffixes()))
        yield failed(exc)
        return
    try:
        for article in entry.func(source, settings):
            if not article.id and not article.errors:
                article.meta.setdefault("reader", entry.name)
            yield article
    except KibaruError as exc:
        yield failed(exc)
    except (OSError, ValueError, UnicodeError) as exc:
        # Defensive: a third-party parser failing on a corrupt file must not end the batch.
        yield failed(KibaruError(Msg.E102, source.name, reason=f"{type(exc).__name__}: {exc}"))


def failed(exc: KibaruError) -> Article:
    where = exc.input if exc.line is None else f"{exc.input}:{exc.line}"
    return Article(origin=where, errors=[Issue.from_exception(exc)])


__all__ = ["Source", "find_reader", "iter_sources", "read_source", "failed", "supported_suffixes"]
