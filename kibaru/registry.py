"""Versioned registries for swappable parts.

Built-in parts register themselves exactly as a third-party plug-in would:
``@readers.register("text.v1", suffixes=(".txt",))``. A changed part gets a new
name (``.v2``) so that old runs stay reproducible. ``readers`` holds the input
formats (``kibaru.ingest``), ``stages`` the pipeline's stages (``kibaru.stages``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterator, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Entry(Generic[F]):
    name: str
    func: F
    meta: dict[str, Any] = field(default_factory=dict)


class Registry(Generic[F]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, Entry[F]] = {}

    def register(self, name: str, **meta: Any) -> Callable[[F], F]:
        def decorate(func: F) -> F:
            if name in self._entries:
                raise ValueError(f"{self.kind} '{name}' is already registered")
            self._entries[name] = Entry(name, func, meta)
            return func

        return decorate

    def get(self, name: str) -> Entry[F]:
        try:
            return self._entries[name]
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "none"
            raise KeyError(f"no {self.kind} named '{name}'; registered: {known}") from None

    def __iter__(self) -> Iterator[Entry[F]]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)


readers: Registry[Callable[..., Any]] = Registry("reader")
stages: Registry[Callable[..., Any]] = Registry("stage")
