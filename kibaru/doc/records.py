"""Typed records that *are* the JSON contract (``../shared/CONTRACT.md``).

``Article.to_dict()`` gives exactly the contract's object, field for field and
in the contract's order; ``Article.from_dict()`` reads it back. Later stages
(actors, events, places, stance, topics) fill the fields that stay empty after
reading. Each field is declared once, with its kind (``fields.value``): the
store's ``articles`` table and Spark's ``articles/`` struct come from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ..errors import KibaruError
from .fields import FLOAT, INT, JSON, TEXT, List, Map, Record, Struct, value
from .layers import Actor, ArticlePlace, Event, Mention


@dataclass(frozen=True, slots=True)
class Repair(Record):
    """One change made to the text while normalising it."""

    kind: str = value(TEXT, required=True)  # "apostrophe", "encoding", "mojibake", "boilerplate", "whitespace"
    from_: str = value(TEXT, required=True, key="from", column="from_text")
    to: str = value(TEXT, required=True, column="to_text")


@dataclass(frozen=True, slots=True)
class Issue(Record):
    """An error or warning about one input, as it appears in ``errors``."""

    code: str = value(TEXT, required=True)
    message: str = value(TEXT, required=True)
    input: str | None = value(TEXT, default=None)
    line: int | None = value(INT, default=None)

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


TOPIC = Struct((("label", TEXT), ("score", FLOAT)))
NARRATIVE = Struct((("id", TEXT), ("score", FLOAT), ("evidence", List(TEXT))))


@dataclass(slots=True)
class Article(Record):
    """One news article, from reading to the analysis layers.

    The reader fills the first block; normalisation fills ``text``, ``lang``,
    ``repairs``, ``duplicate_of``; the pipeline's stages fill the analysis
    block with records (contract dicts given to the constructor become
    records). Fields that are tables of their own in the store are
    ``stored=False`` here.
    """

    id: str | None = value(TEXT, default=None, required=True)
    title: str | None = value(TEXT, default=None)
    tags: list[str] = value(List(TEXT), factory=list)
    author: str | None = value(TEXT, default=None)
    outlet: str | None = value(TEXT, default=None)
    url: str | None = value(TEXT, default=None)
    published: str | None = value(TEXT, default=None)
    lang: str | None = value(TEXT, default=None)
    text: str = value(TEXT, default="", required=True)
    repairs: list[Repair] = value(List(Repair), factory=list, stored=False)
    # --- analysis layers (filled by the pipeline) -------------------------------------
    entities: list[Mention] = value(List(Mention), factory=list, stored=False)
    actors: dict[str, Actor] = value(Map(Actor), factory=dict, stored=False)
    events: list[Event] = value(List(Event), factory=list, stored=False)
    places: list[ArticlePlace] = value(List(ArticlePlace), factory=list, stored=False)
    stance: dict[str, float] = value(Map(FLOAT), factory=dict, stored=False)
    topic: dict[str, Any] | None = value(TOPIC, default=None, stored=False)
    narratives: list[dict[str, Any]] = value(List(NARRATIVE), factory=list, stored=False)
    # --- bookkeeping ---------------------------------------------------------------------
    duplicate_of: str | None = value(TEXT, default=None)
    errors: list[Issue] = value(List(Issue), factory=list, stored=False)  # failed articles are not stored
    # Extensions to the contract: where the article came from, extra columns.
    origin: str | None = value(TEXT, default=None)
    warnings: list[Issue] = value(List(Issue), factory=list)
    meta: dict[str, Any] = value(JSON, factory=dict)
    # Not in the contract: set by the normaliser, so that an article is
    # normalised once however many entry points it passes through.
    normalized: bool = field(default=False, compare=False, repr=False)

    def clear_analysis(self) -> None:
        """Empty the analysis layers (an article whose coding failed keeps none)."""
        self.entities, self.actors, self.events, self.places = [], {}, [], []
        self.stance, self.topic, self.narratives = {}, None, []

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        known = {f.name for f in fields(cls)} - {"normalized"}
        return cls(**{k: v for k, v in data.items() if k in known})
