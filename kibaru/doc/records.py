"""Typed records that *are* the JSON contract (``../shared/CONTRACT.md``).

``Article.to_dict()`` gives exactly the contract's object, field for field and
in the contract's order; ``Article.from_dict()`` reads it back. Later stages
(actors, events, places, stance, topics) fill the fields that stay empty after
reading.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ..errors import KibaruError


@dataclass(frozen=True, slots=True)
class Repair:
    """One change made to the text while normalising it."""

    kind: str  # "apostrophe", "encoding", "mojibake", "boilerplate", "whitespace"
    from_: str
    to: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "from": self.from_, "to": self.to}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> "Repair":
        return cls(kind=data["kind"], from_=data["from"], to=data["to"])


@dataclass(frozen=True, slots=True)
class Issue:
    """An error or warning about one input, as it appears in ``errors``."""

    code: str
    message: str
    input: str | None = None
    line: int | None = None

    @classmethod
    def from_exception(cls, exc: KibaruError) -> "Issue":
        return cls(code=exc.code, message=exc.message, input=exc.input, line=exc.line)

    def describe(self) -> str:
        where = self.input or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Issue":
        return cls(**{f.name: data.get(f.name) for f in fields(cls)})


@dataclass(slots=True)
class Article:
    """One news article, from reading to the analysis layers.

    The reader fills the first block; normalisation fills ``text``, ``lang``,
    ``repairs``, ``duplicate_of``; the coder fills the analysis block.
    """

    id: str | None = None
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    lang: str | None = None
    text: str = ""
    repairs: list[Repair] = field(default_factory=list)
    # --- analysis layers (filled by the coder) -------------------------------
    entities: list[dict[str, Any]] = field(default_factory=list)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    stance: dict[str, float] = field(default_factory=dict)
    topic: dict[str, Any] | None = None
    narratives: list[dict[str, Any]] = field(default_factory=list)
    # --- bookkeeping ---------------------------------------------------------
    duplicate_of: str | None = None
    errors: list[Issue] = field(default_factory=list)
    # Extensions to the contract: where the article came from, extra columns.
    origin: str | None = None
    warnings: list[Issue] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("repairs", "errors", "warnings"):
                value = [item.to_dict() for item in value]
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["repairs"] = [Repair.from_dict(r) for r in data.get("repairs", [])]
        kwargs["errors"] = [Issue.from_dict(e) for e in data.get("errors", [])]
        kwargs["warnings"] = [Issue.from_dict(e) for e in data.get("warnings", [])]
        return cls(**kwargs)
