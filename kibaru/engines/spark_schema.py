"""The records' field tables as Spark types and rows (the Spark engine's schema).

``articles/`` holds each article's contract object with a schema generated
from the records' field tables (``kibaru.doc.fields``): records and
structs as Spark structs (a struct of a record with ``extra``, and of a
``Struct``, ends with ``extra``: the keys no field declares yet, as JSON
text), lists as arrays, maps as maps, days as dates. ``events/`` holds the
columns of ``kibaru export events`` (``kibaru.store.export.EVENT_COLUMNS``).
pyspark is imported only to build the types.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Iterator

from ..doc import Article
from ..doc import fields as f
from ..store.export import EVENT_COLUMNS, event_rows


def spark_type(kind: Any):
    from pyspark.sql import types as T

    scalars = {f.TEXT: T.StringType(), f.JSON: T.StringType(), f.INT: T.LongType(), f.BIGINT: T.LongType(),
               f.FLOAT: T.DoubleType(), f.DAY: T.DateType()}
    if isinstance(kind, f.List):
        return T.ArrayType(spark_type(kind.of))
    if isinstance(kind, f.Map):
        return T.MapType(T.StringType(), spark_type(kind.of))
    if isinstance(kind, str):
        return scalars[kind]
    return T.StructType([T.StructField(name, spark_type(sub)) for name, sub in members(kind)])


def members(kind: Any) -> list[tuple[str, Any]]:
    """A struct's fields: a record's contract fields, a Struct's keys; then
    ``extra`` (JSON) where keys beyond them are kept."""
    if isinstance(kind, f.Struct):
        return [*kind.fields, ("extra", f.JSON)]
    declared = [(s.key, s.kind) for s in f.specs(kind) if s.contract]
    return declared + [("extra", f.JSON)] if hasattr(kind, "extra") else declared


def to_spark(value: Any, kind: Any) -> Any:
    """A contract value (``to_dict``'s) as Spark's Python side takes ``kind``: structs as tuples."""
    if value is None:
        return None
    if isinstance(kind, f.List):
        return [to_spark(item, kind.of) for item in value]
    if isinstance(kind, f.Map):
        return {str(key): to_spark(item, kind.of) for key, item in value.items()}
    if kind == f.JSON:
        return json.dumps(value, ensure_ascii=False) if value not in ({}, [], "") else None
    if isinstance(kind, str):
        return {f.INT: int, f.BIGINT: int, f.FLOAT: float, f.DAY: date.fromisoformat}.get(kind, str)(value)
    fields = members(kind)
    names = {name for name, _ in fields}
    extra = {k: v for k, v in value.items() if k not in names}
    return tuple(to_spark(extra or None, sub) if name == "extra" else to_spark(value.get(name), sub)
                 for name, sub in fields)


def from_spark(value: Any, kind: Any) -> Any:
    """The inverse of ``to_spark``, from rows read back by Spark (``Row``) or
    pyarrow (``to_pylist()``, which gives maps as lists of pairs)."""
    if kind == f.JSON:
        return json.loads(value) if value else None
    if value is None:
        return [] if isinstance(kind, f.List) else {} if isinstance(kind, f.Map) else None
    if isinstance(kind, f.List):
        return [from_spark(item, kind.of) for item in value]
    if isinstance(kind, f.Map):
        return {key: from_spark(item, kind.of) for key, item in (value.items() if isinstance(value, dict) else value)}
    if isinstance(kind, str):
        return value.isoformat() if isinstance(value, date) else value
    value = value if isinstance(value, dict) else value.asDict(recursive=True)
    out: dict[str, Any] = {}
    for name, sub in members(kind):
        if name == "extra":
            out.update(from_spark(value.get(name), sub) or {})
        else:
            out[name] = from_spark(value.get(name), sub)
    return out


def article_schema():
    return spark_type(Article)


def article_row(article: Article) -> tuple:
    """One row of ``articles/``."""
    return to_spark(article.to_dict(), Article)


def contract_from_row(row: Any) -> dict[str, Any]:
    """The contract object (as ``kibaru analyze`` prints it) from a row of ``articles/``."""
    data = from_spark(row, Article)
    data["meta"] = data["meta"] or {}
    return data


# export.py's Arrow names of the events' columns, as field kinds
_KINDS = {"string": f.TEXT, "int64": f.BIGINT, "float64": f.FLOAT, "float32": f.FLOAT, "date32": f.DAY}


def events_schema():
    from pyspark.sql import types as T

    # a float32 column (confidence) is single precision in Spark's Parquet too
    return T.StructType([T.StructField(name, T.FloatType() if kind == "float32" else spark_type(_KINDS[kind]))
                         for name, kind in EVENT_COLUMNS])


def event_tuples(row: Any) -> Iterator[tuple]:
    """The ``events/`` rows of one ``articles/`` row: the store's export rows of its events."""
    for event in event_rows(Article.from_dict(contract_from_row(row))):
        yield tuple(to_spark(event[name], _KINDS[kind]) for name, kind in EVENT_COLUMNS)


def events_frame(articles):
    """One row per event of a DataFrame of ``articles/`` rows (lazy)."""
    spark = articles.sparkSession
    return spark.createDataFrame(articles.rdd.flatMap(event_tuples), events_schema())
