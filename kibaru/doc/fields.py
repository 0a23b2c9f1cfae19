"""Field tables: every record field declared once, with what it holds.

A record (``Article``, ``Event``, ``Actor`` …) is a dataclass whose fields are
made with ``value(kind, …)``. The kind and the flags kept in each field's
metadata are what the store's columns and ``CREATE TABLE``, the export
columns and the Spark struct are generated from (``kibaru.store.schema``,
``kibaru.engines.spark``), so that adding a field to a record is the one
change that reaches them all.

Kinds:

* ``TEXT``, ``INT``, ``BIGINT`` (an integer that may pass 2**31: GeoNames ids),
  ``FLOAT``, ``DAY`` (an ISO day), ``JSON`` (free-form, kept as JSON text);
* ``List(kind)``, ``Map(kind)`` (string keys);
* a record class: a nested record (``Event.source`` is a ``Ref``);
* ``Struct(...)``: a dict with known keys that is no record of its own
  (``Article.topic``); other keys are kept too.
"""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING
from typing import Any, Iterator

TEXT, INT, BIGINT, FLOAT, DAY, JSON = "text", "int", "bigint", "float", "day", "json"


@dataclasses.dataclass(frozen=True)
class List:
    of: Any


@dataclasses.dataclass(frozen=True)
class Map:
    of: Any


@dataclasses.dataclass(frozen=True)
class Struct:
    fields: tuple[tuple[str, Any], ...]


def value(kind: Any, *, default: Any = MISSING, factory: Any = MISSING, required: bool = False,
          column: str | None = None, key: str | None = None, stored: bool = True, exported: bool = True,
          contract: bool = True, digits: int | None = None, since: int = 1) -> Any:
    """A record field and its line in the field table.

    ``required``: never null (``NOT NULL`` in the store). ``column``: the
    store's name for it, when not the field's; ``key``: the contract's, when
    not the field's (``Repair.from_`` is ``"from"``). ``stored``: a column of
    its record's table (else a table of its own, or nowhere). ``exported``: a
    column of ``kibaru export``. ``contract``: written by ``to_dict``.
    ``digits``: rounded to this many decimals in the contract and the store.
    ``since``: the schema version that added its column (a field added later
    comes with the migration that adds it).
    """
    meta = {"kind": kind, "required": required, "column": column, "key": key, "stored": stored,
            "exported": exported, "contract": contract, "digits": digits, "since": since}
    return dataclasses.field(default=default, default_factory=factory, metadata=meta)


@dataclasses.dataclass(frozen=True)
class Spec:
    """One line of a field table."""

    name: str
    kind: Any
    required: bool
    column: str
    key: str
    stored: bool
    exported: bool
    contract: bool
    digits: int | None
    since: int


_SPECS: dict[type, tuple[Spec, ...]] = {}


def specs(record: type) -> tuple[Spec, ...]:
    """The field table of a record class, in declaration order."""
    table = _SPECS.get(record)
    if table is None:
        table = _SPECS[record] = tuple(
            Spec(f.name, m["kind"], m["required"], m["column"] or f.name, m["key"] or f.name, m["stored"],
                 m["exported"], m["contract"], m["digits"], m["since"])
            for f in dataclasses.fields(record) if "kind" in (m := f.metadata))
    return table


def is_record(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Record)


class Record:
    """What every record shares: dicts given for nested records become records
    (``Event(source={"country": "MLI"})``), and in a frozen record lists become
    tuples (a mutable ``Article`` keeps its lists); ``to_dict`` and
    ``from_dict`` follow the field table. Keys the table does not name are kept
    in ``extra`` by the records that have one, so that a key a later stage adds
    survives every round trip."""

    __slots__ = ()

    def __post_init__(self) -> None:
        frozen = self.__dataclass_params__.frozen  # type: ignore[attr-defined]
        for s in specs(type(self)):
            raw = getattr(self, s.name)
            if raw is None:
                continue
            coerced = _coerce(raw, s.kind, frozen)
            if coerced is not raw:
                object.__setattr__(self, s.name, coerced)

    def to_dict(self) -> dict[str, Any]:
        out = {s.key: to_plain(getattr(self, s.name), s.kind, s.digits) for s in specs(type(self)) if s.contract}
        extra = getattr(self, "extra", None)
        if extra:
            out.update(extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        table = specs(cls)
        values = {s.name: from_plain(data[s.key], s.kind) for s in table if s.key in data}
        if any(f.name == "extra" for f in dataclasses.fields(cls)):
            keys = {s.key for s in table}
            extra = {k: v for k, v in data.items() if k not in keys}
            if extra:
                values["extra"] = extra
        return cls(**values)


def _coerce(raw: Any, kind: Any, frozen: bool) -> Any:
    if is_record(kind):
        return kind.from_dict(raw) if isinstance(raw, dict) else raw
    if isinstance(kind, List) and isinstance(raw, (list, tuple)):
        items = [_coerce(item, kind.of, frozen) for item in raw]
        if frozen:
            return tuple(items)
        return raw if all(a is b for a, b in zip(items, raw)) and isinstance(raw, list) else items
    if isinstance(kind, Map) and isinstance(raw, dict) and is_record(kind.of):
        items = {key: _keyed(kind.of, key, item) for key, item in raw.items()}
        return raw if all(items[k] is raw[k] for k in raw) else items
    return raw


def _keyed(record: type, key: str, item: Any) -> Any:
    """A record of a map from its contract dict: the map's key is the record's
    ``id`` (``Article.actors``: the contract keeps an actor's id as its key)."""
    if not isinstance(item, dict):
        return item
    if "id" in {s.name for s in specs(record)} and "id" not in item:
        item = {**item, "id": key}
    return record.from_dict(item)


def to_plain(value: Any, kind: Any, digits: int | None = None) -> Any:
    """A field's value as the JSON contract holds it."""
    if value is None:
        return None
    if is_record(kind):
        return value.to_dict()
    if isinstance(kind, List):
        return [to_plain(item, kind.of) for item in value]
    if isinstance(kind, Map):
        return {key: to_plain(item, kind.of) for key, item in value.items()}
    if digits is not None:
        return round(value, digits)
    return value


def from_plain(value: Any, kind: Any) -> Any:
    """The inverse of ``to_plain``."""
    if value is None:
        return None
    if is_record(kind):
        return value if isinstance(value, kind) else kind.from_dict(value)
    if isinstance(kind, List):
        return [from_plain(item, kind.of) for item in value]
    if isinstance(kind, Map):
        if is_record(kind.of):
            return {key: _keyed(kind.of, key, item) for key, item in value.items()}
        return dict(value)
    return value


# --- flat columns -----------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Column:
    """A flat column of a record's table. A nested record's fields become
    ``<field>_<subfield>`` columns (``source_country``)."""

    name: str
    kind: Any
    required: bool
    path: tuple[str, ...]  # attributes to follow from the record
    exported: bool = True
    digits: int | None = None
    since: int = 1

    def get(self, record: Any) -> Any:
        value = record
        for name in self.path:
            value = getattr(value, name)
            if value is None:
                return None
        return round(value, self.digits) if self.digits is not None else value


def columns(record: type, prefix: str = "", path: tuple[str, ...] = (), required: bool = True,
            exported: bool = True) -> Iterator[Column]:
    """The flat columns of a record's stored fields, in declaration order."""
    for s in specs(record):
        if not s.stored:
            continue
        if is_record(s.kind):
            yield from columns(s.kind, f"{prefix}{s.column}_", path + (s.name,), required=False,
                               exported=exported and s.exported)
        else:
            yield Column(f"{prefix}{s.column}", s.kind, required and s.required, path + (s.name,),
                         exported and s.exported, s.digits, s.since)
