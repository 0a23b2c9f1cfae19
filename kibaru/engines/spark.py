"""The Spark engine: ``kibaru analyze INPUT... --engine spark --output DIR``.

Inputs (JSON Lines, Parquet, plain-text articles) become one DataFrame of raw
records; each partition is read, normalised and coded by kibaru's own code —
the readers' parsing functions, ``Normalizer`` and ``kibaru.workers.code_batch``,
the function the ``--workers`` pool runs — so an article comes out of Spark
as it comes out of ``kibaru analyze --workers 1``. The analyzer (the spaCy
model, ~1.4 GB) is built once per executor Python process, on first use, and
kept while Spark reuses the process (``spark.python.worker.reuse``, on by
default); only the small ``CoderConfig`` is broadcast.

Output, under DIR:

* ``articles/``: Parquet, one row per article, every field of the contract
  object (``Article.to_dict()``), nested fields as Spark structs, arrays and
  maps with an explicit schema (``ARTICLE_SPEC``). JSON text instead in two
  places: ``meta`` (free-form: whatever extra columns the input had) and the
  ``extra`` field that ends each struct of the analysis layers (the keys a
  later stage adds that the schema does not name yet: nothing is dropped
  silently).
* ``events/``: Parquet, one row per event, the columns of
  ``kibaru export events --format parquet`` (``kibaru.store.export.EVENT_COLUMNS``),
  derived from ``articles/`` by Spark SQL alone. ``id`` (the database's row id)
  is null: ``(article_id, seq)`` identifies an event.

Duplicate detection needs the whole corpus in one place and cannot run per
partition: ``duplicate_of`` stays null (see docs/spark.md for a second pass).

A bad record (invalid JSON, an undecodable file, a coder failure) becomes an
article row with ``errors`` filled, as in the single-machine run; the job
goes on. pyspark is imported only when this engine runs (``kibaru[spark]``).
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence
from urllib.parse import unquote, urlparse

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..settings import Settings
from ..workers import CoderConfig

# Articles coded per call of code_batch (the Analyzer's own batch size).
BATCH = 64
# Articles per Spark partition: small enough that a lost task redoes little
# work and the last wave of tasks is short, large enough that the per-task
# overhead (~0.1 s) is nothing next to coding (~0.2-1 s per article and core).
PARTITION_SIZE = 500
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt",)
PARQUET_SUFFIXES = (".parquet",)
SUPPORTED = ", ".join(JSONL_SUFFIXES + PARQUET_SUFFIXES + TEXT_SUFFIXES)
# Reader names kept in ``meta["reader"]`` of articles without a given id, as kibaru's readers do.
READER_NAMES = {"jsonl": "jsonl.v1", "text": "text.v1", "record": "spark.parquet"}


# --- the output schema, described once in plain Python ----------------------------
# A type is "string", "long", "double", "json" (a string column holding JSON), or
# ("array", type), ("map", type) (string keys), ("struct", ((name, type), ...)).
# A struct with a field ("extra", "json") keeps there the keys it does not name:
# every struct made from a dict of the analysis layers has one, so that a key a
# later stage adds reaches the table (as JSON) before the schema names it.

STRING, LONG, DOUBLE, JSON = "string", "long", "double", "json"
EXTRA = ("extra", JSON)


def _struct(*fields: tuple[str, Any]) -> tuple:
    return ("struct", tuple(fields))


def _layer(*fields: tuple[str, Any]) -> tuple:
    """A struct for a dict of the analysis layers: its fields, then ``extra``."""
    return ("struct", (*fields, EXTRA))


def _array(of: Any) -> tuple:
    return ("array", of)


def _map(of: Any) -> tuple:
    return ("map", of)


ISSUE = _struct(("code", STRING), ("message", STRING), ("input", STRING), ("line", LONG))
REF = _layer(("actor", STRING), ("name", STRING), ("country", STRING), ("agent", STRING))
PLACE_FIELDS = (("name", STRING), ("country", STRING), ("geonameid", LONG), ("lat", DOUBLE), ("lon", DOUBLE))
EVENT = _layer(
    ("type", STRING), ("mode", STRING), ("status", STRING), ("sentence", STRING), ("sentence_start", LONG),
    ("trigger", STRING), ("source", REF), ("target", REF), ("place", _layer(*PLACE_FIELDS)),
    ("date", STRING), ("date_precision", STRING), ("confidence", DOUBLE),
    ("trigger_start", LONG), ("trigger_end", LONG),
)
ARTICLE_SPEC: tuple[tuple[str, Any], ...] = (
    ("id", STRING), ("title", STRING), ("tags", _array(STRING)), ("author", STRING), ("outlet", STRING),
    ("url", STRING), ("published", STRING), ("lang", STRING), ("text", STRING),
    ("repairs", _array(_struct(("kind", STRING), ("from", STRING), ("to", STRING)))),
    ("entities", _array(_layer(("text", STRING), ("label", STRING), ("start", LONG), ("end", LONG),
                               ("actor", STRING)))),
    ("actors", _map(_layer(("name", STRING), ("country", STRING), ("agent", STRING),
                           ("roles", _array(STRING)), ("aliases", _array(STRING))))),
    ("events", _array(EVENT)),
    ("places", _array(_layer(*PLACE_FIELDS, ("mentions", LONG)))),
    ("stance", _map(DOUBLE)),
    ("topic", _layer(("label", STRING), ("score", DOUBLE))),
    ("narratives", _array(_layer(("id", STRING), ("score", DOUBLE), ("evidence", _array(STRING))))),
    ("duplicate_of", STRING),
    ("errors", _array(ISSUE)),
    ("origin", STRING),
    ("warnings", _array(ISSUE)),
    ("meta", JSON),
)
ARTICLE_SPEC_TYPE = ("struct", ARTICLE_SPEC)


def to_spark(value: Any, spec: Any) -> Any:
    """A Python value of the contract as Spark's Python side expects ``spec``:
    structs as tuples in field order, numbers coerced to the declared type."""
    if value is None:
        return None
    if spec == STRING:
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
    if spec == LONG:
        return int(value)
    if spec == DOUBLE:
        return float(value)
    if spec == JSON:
        return json.dumps(value, ensure_ascii=False) if value not in ({}, [], "") else None
    kind, inner = spec
    if kind == "array":
        return [to_spark(item, inner) for item in value]
    if kind == "map":
        return {str(key): to_spark(item, inner) for key, item in value.items()}
    names = {name for name, _ in inner}
    out = []
    for name, sub in inner:
        if name == "extra" and sub == JSON:
            extra = {k: v for k, v in value.items() if k not in names}
            out.append(json.dumps(extra, ensure_ascii=False) if extra else None)
        else:
            out.append(to_spark(value.get(name), sub))
    return tuple(out)


def from_spark(value: Any, spec: Any) -> Any:
    """The inverse of ``to_spark``, from rows read back (by Spark, ``Row.asDict(recursive=True)``,
    or by pyarrow, ``Table.to_pylist()``, which gives maps as lists of pairs)."""
    if spec == JSON:
        return json.loads(value) if value else None
    if value is None:
        return [] if isinstance(spec, tuple) and spec[0] == "array" else ({} if isinstance(spec, tuple)
                                                                           and spec[0] == "map" else None)
    if isinstance(spec, str):
        return value
    kind, inner = spec
    if kind == "array":
        return [from_spark(item, inner) for item in value]
    if kind == "map":
        pairs = value.items() if isinstance(value, dict) else value
        return {key: from_spark(item, inner) for key, item in pairs}
    if not isinstance(value, dict):
        value = value.asDict(recursive=True)
    out: dict[str, Any] = {}
    for name, sub in inner:
        if name == "extra" and sub == JSON:
            out.update(from_spark(value.get(name), JSON) or {})
        else:
            out[name] = from_spark(value.get(name), sub)
    return out


def article_row(article: Article) -> tuple:
    """One row of ``articles/`` (a tuple in ``ARTICLE_SPEC`` order)."""
    return to_spark(article.to_dict(), ARTICLE_SPEC_TYPE)


def contract_from_row(row: Any) -> dict[str, Any]:
    """The contract object (as ``kibaru analyze`` prints it) from a row of ``articles/``."""
    data = from_spark(row, ARTICLE_SPEC_TYPE)
    data["meta"] = data["meta"] or {}
    return data


def spark_type(spec: Any):
    """``spec`` as a pyspark.sql.types type."""
    from pyspark.sql import types as T

    simple = {STRING: T.StringType(), JSON: T.StringType(), LONG: T.LongType(), DOUBLE: T.DoubleType()}
    if isinstance(spec, str):
        return simple[spec]
    kind, inner = spec
    if kind == "array":
        return T.ArrayType(spark_type(inner), containsNull=True)
    if kind == "map":
        return T.MapType(T.StringType(), spark_type(inner), valueContainsNull=True)
    return T.StructType([T.StructField(name, spark_type(sub), nullable=True) for name, sub in inner])


def article_schema():
    """The Spark schema of ``articles/``."""
    return spark_type(ARTICLE_SPEC_TYPE)


def input_schema():
    """The raw records every input becomes: its kind, where it came from, and the
    JSON line (JSONL, or a Parquet row as JSON) or the bytes (a text file)."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField("kind", T.StringType()), T.StructField("origin", T.StringType()),
                         T.StructField("line", T.StringType()), T.StructField("data", T.BinaryType())])


# --- the events table: derived from articles/ by Spark SQL ----------------------------

def event_expressions() -> dict[str, str]:
    """Spark SQL for each column of ``EVENT_COLUMNS``, over ``posexplode(events) AS (seq, e)``."""
    exprs = {"id": "CAST(NULL AS BIGINT)", "article_id": "id", "seq": "CAST(seq AS BIGINT)",
             "day": "COALESCE(e.date, NULLIF(SUBSTRING(published, 1, 10), ''))",
             "article_title": "title", "article_url": "url", "article_outlet": "outlet",
             "article_published": "published"}
    for name in ("type", "mode", "status", "date", "date_precision", "trigger", "sentence",
                 "sentence_start", "confidence"):
        exprs[name] = f"e.{name}"
    for side in ("source", "target"):
        for part in ("actor", "name", "country", "agent"):
            exprs[f"{side}_{part}"] = f"e.{side}.{part}"
    for part in ("name", "country", "geonameid", "lat", "lon"):
        exprs[f"place_{part}"] = f"e.place.{part}"
    return exprs


def events_frame(articles):
    """One row per event, the columns and types of ``kibaru export events``."""
    from ..store.export import EVENT_COLUMNS

    sql_types = {"string": "STRING", "int64": "BIGINT", "float64": "DOUBLE"}
    exprs = event_expressions()
    exploded = articles.selectExpr("id", "title", "url", "outlet", "published", "posexplode(events) AS (seq, e)")
    return exploded.selectExpr(*(f"CAST({exprs.get(name, 'NULL')} AS {sql_types[kind]}) AS `{name}`"
                                 for name, kind in EVENT_COLUMNS))


# --- executors: one partition of raw records -> article rows ----------------------

@dataclass(frozen=True)
class Job:
    """What every executor needs (broadcast): the coder's config, never the model.
    ``actors_name``/``triggers_name``: the user files shipped with ``SparkContext.addFile``."""

    config: CoderConfig
    actors_name: str | None = None
    triggers_name: str | None = None
    batch: int = BATCH


_normalizers: dict[Settings, Any] = {}
_configs: dict[Job, CoderConfig] = {}


def _normalizer(settings: Settings):
    normalizer = _normalizers.get(settings)
    if normalizer is None:
        from ..normalize import Normalizer

        normalizer = _normalizers[settings] = Normalizer(settings)
    return normalizer


def _config(job: Job) -> CoderConfig:
    """The job's CoderConfig with the shipped files' local paths on this executor."""
    config = _configs.get(job)
    if config is None:
        config = job.config
        if job.actors_name or job.triggers_name:
            from pyspark import SparkFiles

            config = replace(config, actors_file=SparkFiles.get(job.actors_name) if job.actors_name else None,
                             triggers_file=SparkFiles.get(job.triggers_name) if job.triggers_name else None)
        _configs[job] = config
    return config


def _origin(uri: str | None) -> str | None:
    """A file URI as a plain path (``file:///data/a.txt`` -> ``/data/a.txt``); other URIs as they are."""
    if uri and uri.startswith("file:"):
        return unquote(urlparse(uri).path)
    return uri


def raw_article(kind: str, origin: str | None, line: str | None, data: bytes | None,
                settings: Settings) -> Article | None:
    """A raw record as kibaru's own readers read it; a bad one as a failed Article.
    None for a blank JSON line (skipped, as the JSONL reader skips it)."""
    from ..ingest import failed

    origin = _origin(origin)
    try:
        if kind == "text":
            from ..ingest.source import decode
            from ..ingest.text import parse_text_article

            decoded = decode(bytes(data or b""), origin or "<text>", kind="plain-text")
            article = parse_text_article(decoded.text, origin=origin)
            article.repairs.extend(decoded.repairs)
        elif kind in ("jsonl", "record"):
            from ..ingest.jsonl import _parse_line

            if not (line or "").strip():
                return None
            # Spark gives no line numbers: the error names the file; ``kibaru read FILE`` finds the line
            article = _parse_line(line.encode("utf-8"), origin or "<jsonl>", None, settings)
            article.origin = origin
        elif kind == "failed":  # an input the driver could not read (no such file, unsupported)
            return Article.from_dict(json.loads(line or "{}"))
        else:
            raise ValueError(f"unknown record kind {kind!r}")
    except KibaruError as exc:
        return failed(exc)
    except Exception as exc:  # a parser failing on a corrupt input must not end the partition
        return failed(KibaruError(Msg.E102, origin, reason=f"{type(exc).__name__}: {exc}"))
    if not article.id and not article.errors:
        article.meta.setdefault("reader", READER_NAMES[kind])
    return article


def _internal_error(article: Article, exc: BaseException) -> Article:
    message = Msg.E199.format(detail=f"{type(exc).__name__}: {exc}")
    article.errors.append(Issue("E199", message, article.origin))
    return article


def _row(article: Article) -> tuple:
    try:
        return article_row(article)
    except Exception as exc:  # a value the schema cannot hold: keep the article, say why
        bare = Article(id=article.id, title=article.title, url=article.url, published=article.published,
                       origin=article.origin, errors=list(article.errors))
        return article_row(_internal_error(bare, exc))


def code_records(records: Iterable[Any], job: Job) -> Iterator[tuple]:
    """Read, normalise and code raw records (rows of ``input_schema()``) in batches; yield article rows."""
    from ..workers import code_batch

    config = _config(job)
    normalizer = _normalizer(config.settings)
    batch: list[Article] = []

    def flush() -> Iterator[tuple]:
        todo = [a for a in batch if not a.errors and a.text.strip()]
        coded = iter(code_batch(config, todo) if todo else [])
        for article in batch:
            yield _row(next(coded) if not article.errors and article.text.strip() else article)
        batch.clear()

    for kind, origin, line, data in records:
        article = raw_article(kind, origin, line, data, config.settings)
        if article is None:
            continue
        try:
            article = normalizer(article)
        except Exception as exc:
            article = _internal_error(article, exc)
        batch.append(article)
        if len(batch) >= job.batch:
            yield from flush()
    if batch:
        yield from flush()


def _code_partition(job_broadcast, records: Iterable[Any]) -> Iterator[tuple]:
    """``mapPartitions`` body (module level, so executors import it from kibaru)."""
    return code_records(records, job_broadcast.value)


# --- the driver: inputs ---------------------------------------------------------

@dataclass
class Inputs:
    """Inputs sorted by reader; ``failed``: inputs that cannot be read at all (one error article each)."""

    jsonl: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    parquet: list[str] = field(default_factory=list)
    failed: list[Article] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.jsonl or self.text or self.parquet or self.failed)


def _has_scheme(path: str) -> bool:
    parsed = urlparse(path)
    return len(parsed.scheme) > 1 and parsed.scheme != "file"  # "C:" is a drive, not a scheme


def _kind_of(name: str) -> str | None:
    name = name.lower().rstrip("/")
    for kind, suffixes in (("jsonl", JSONL_SUFFIXES), ("text", TEXT_SUFFIXES), ("parquet", PARQUET_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    return None


def plan_inputs(paths: Sequence[str | Path], local: bool = True) -> Inputs:
    """Sort the command line's inputs by reader.

    A local file or folder (that exists here) is classified like ``kibaru
    analyze`` does (folders walked recursively, hidden files skipped) and given
    to Spark as a ``file://`` URI: on a cluster it must be on a filesystem that
    every node mounts at the same path. A URI (``hdfs://``, ``s3a://``,
    ``abfss://``, ``dbfs:/`` …), or a path that does not exist here when Spark
    is not local (a path of the cluster's default filesystem), goes to Spark as
    it is: by its suffix (``*.jsonl``, ``*.txt`` globs work), and without a
    known suffix it is a Parquet dataset (a folder of Parquet files).
    """
    from ..ingest import find_reader
    from ..ingest.source import Source

    plan = Inputs()

    def fail(code: Msg, name: str, **kwargs: object) -> None:
        from ..ingest import failed

        plan.failed.append(failed(KibaruError(code, name, **kwargs)))

    def add_local(path: Path, explicit: bool) -> None:
        kind = _kind_of(path.name)
        if kind is not None:
            getattr(plan, kind).append(path.resolve().as_uri())
        elif explicit or find_reader(Source.from_arg(path)) is not None:
            # a format kibaru reads on one machine (CSV, HTML, feeds, WARC) but Spark does not
            fail(Msg.E109, str(path), suffix=path.suffix or path.name, supported=SUPPORTED)

    for arg in map(str, paths):
        if arg == "-":
            raise ValueError("the Spark engine cannot read standard input: give files or folders")
        if _has_scheme(arg):
            getattr(plan, _kind_of(arg.split("?")[0]) or "parquet").append(arg)
            continue
        path = Path(_origin(arg) if arg.startswith("file:") else arg)
        if not path.exists():
            if local:
                fail(Msg.E101, arg)
            else:
                getattr(plan, _kind_of(arg) or "parquet").append(arg)
        elif path.is_dir() and path.name.lower().endswith(PARQUET_SUFFIXES):
            plan.parquet.append(path.resolve().as_uri())  # a Parquet dataset written as a folder
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not d.lower().endswith(PARQUET_SUFFIXES))
                for name in sorted(d for d in os.listdir(root) if d.lower().endswith(PARQUET_SUFFIXES)
                                   and os.path.isdir(os.path.join(root, d)) and not d.startswith(".")):
                    plan.parquet.append(Path(root, name).resolve().as_uri())
                for name in sorted(files):
                    if not name.startswith((".", "_")):
                        add_local(Path(root) / name, explicit=False)
        else:
            add_local(path, explicit=True)
    return plan


def input_frame(spark, plan: Inputs):
    """One DataFrame (``input_schema()``) of every raw record of the inputs."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    frames = []
    no_line, no_data = F.lit(None).cast("string"), F.lit(None).cast("binary")
    if plan.jsonl:
        df = spark.read.text(plan.jsonl)
        frames.append(df.select(F.lit("jsonl").alias("kind"), F.col("_metadata.file_path").alias("origin"),
                                F.col("value").alias("line"), no_data.alias("data")))
    if plan.text:
        df = spark.read.format("binaryFile").load(plan.text)
        frames.append(df.select(F.lit("text").alias("kind"), F.col("path").alias("origin"),
                                no_line.alias("line"), F.col("content").alias("data")))
    if plan.parquet:
        df = spark.read.option("mergeSchema", "true").parquet(*plan.parquet)
        columns = [F.col(f"`{f.name}`") for f in df.schema.fields if not isinstance(f.dataType, T.BinaryType)]
        frames.append(df.select(F.lit("record").alias("kind"), F.col("_metadata.file_path").alias("origin"),
                                F.to_json(F.struct(*columns)).alias("line"), no_data.alias("data")))
    if plan.failed:
        rows = [("failed", a.origin, json.dumps(a.to_dict(), ensure_ascii=False), None) for a in plan.failed]
        frames.append(spark.createDataFrame(rows, input_schema()))
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionByName(other)
    return frame


def dataframe_records(df):
    """A DataFrame of articles (columns named as in the contract's input: id, title,
    text or body, url, published, outlet, author, lang, tags …) as raw records,
    for ``code_frame`` — e.g. a table of a data lake on Databricks."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    columns = [F.col(f"`{f.name}`") for f in df.schema.fields if not isinstance(f.dataType, T.BinaryType)]
    return df.select(F.lit("record").alias("kind"), F.lit(None).cast("string").alias("origin"),
                     F.to_json(F.struct(*columns)).alias("line"), F.lit(None).cast("binary").alias("data"))


def code_frame(spark, records, config: CoderConfig | None = None, partitions: int | None = None,
               partition_size: int = PARTITION_SIZE):
    """Raw records (``input_frame`` or ``dataframe_records``) -> a DataFrame of coded
    articles (``article_schema()``), lazily. Spread over ``partitions``, by default
    enough for ``partition_size`` articles each and a multiple of Spark's parallelism."""
    sc = spark.sparkContext
    config = config or CoderConfig(Settings())
    job = Job(config)
    for name in ("actors_file", "triggers_file"):
        path = getattr(config, name)
        if path:  # ship the user's file to every executor, and look it up there by name
            sc.addFile(str(Path(path).resolve()))
            job = replace(job, **{name.replace("_file", "_name"): Path(path).name})
    if job.actors_name or job.triggers_name:
        job = replace(job, config=replace(config, actors_file=None, triggers_file=None))
    if partitions is None:
        parallelism = max(1, sc.defaultParallelism)
        total = records.count()
        partitions = parallelism * max(1, math.ceil(total / (parallelism * partition_size)))
    broadcast = sc.broadcast(job)
    coded = records.repartition(partitions).rdd.mapPartitions(partial(_code_partition, broadcast))
    return spark.createDataFrame(coded, article_schema())


# --- the driver: a whole run ----------------------------------------------------

@dataclass
class Summary:
    output: str
    master: str
    articles: int = 0
    failed: int = 0
    events: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)  # the first few, one line each

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
# PySpark counts as a shell: without this, Spark resets the root level to WARN and says so
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
"""


def is_local(master: str | None) -> bool:
    """Spark on this machine. None (spark-submit's master, not known yet) is not."""
    return master is not None and master.startswith("local")


def default_master() -> str | None:
    """None under spark-submit (its --master decides), else every core of this machine."""
    return None if os.environ.get("PYSPARK_GATEWAY_PORT") else "local[*]"


def session(master: str | None, scratch: Path, progress: bool | None = None):
    """A SparkSession. Local masters run fully offline: no UI, a private scratch
    folder, a small driver, executors on this very Python interpreter."""
    if is_local(master) and not os.environ.get("PYSPARK_GATEWAY_PORT"):
        # the executors' Python must be this one, with kibaru and the model installed
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("kibaru analyze")
    if master:
        builder = builder.master(master)
    builder = builder.config("spark.python.worker.reuse", "true")  # the model loads once per Python worker
    if progress is None:
        progress = sys.stderr.isatty()
    builder = builder.config("spark.ui.showConsoleProgress", str(progress).lower())
    if is_local(master):
        log4j = scratch / "log4j2.properties"
        log4j.write_text(LOG4J)
        cores = _local_cores(master)
        builder = (builder
                   .config("spark.ui.enabled", "false")
                   .config("spark.local.dir", str(scratch))
                   .config("spark.driver.memory", "1g")
                   .config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.sql.shuffle.partitions", str(max(2, cores)))
                   .config("spark.pyspark.python", sys.executable)
                   .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log4j.as_uri()}"))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _local_cores(master: str | None) -> int:
    inside = (master or "local[*]").partition("[")[2].partition("]")[0].split(",")[0]
    if inside in ("", "*"):
        return os.cpu_count() or 1
    try:
        return int(inside)
    except ValueError:
        return os.cpu_count() or 1


def _join(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}"


def run(paths: Sequence[str | Path], output: str | Path, *, master: str | None = None,
        config: CoderConfig | None = None, progress: bool | None = None,
        partition_size: int = PARTITION_SIZE, spark=None, max_failures: int = 20) -> Summary:
    """Read, code and write ``output``/articles and ``output``/events; returns counts.

    Raises ``FileExistsError`` when the output's tables exist (nothing is overwritten),
    ``ValueError`` for inputs the engine cannot take; Spark's own exceptions otherwise.
    """
    from pyspark.sql import functions as F

    output = str(output)
    config = config or CoderConfig(Settings())
    if any(str(path) == "-" for path in paths):
        raise ValueError("the Spark engine cannot read standard input: give files or folders")
    local_output = not _has_scheme(output)
    if local_output:
        out = Path(_origin(output) if output.startswith("file:") else output).resolve()
        for name in ("articles", "events"):
            if (out / name).exists():
                raise FileExistsError(f"{out / name} exists: remove it or give another --output")
    start = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="kibaru-spark-"))
    own_session = spark is None
    try:
        if own_session:
            spark = session(master, scratch, progress)
        actual_master = spark.sparkContext.master
        plan = plan_inputs(paths, local=is_local(actual_master))
        if not plan:
            raise ValueError("no input to read")
        if local_output and is_local(actual_master):
            output = out.as_uri()
        articles_path, events_path = _join(output, "articles"), _join(output, "events")
        records = input_frame(spark, plan)
        code_frame(spark, records, config, partition_size=partition_size) \
            .write.mode("errorifexists").parquet(articles_path)
        articles = spark.read.parquet(articles_path)
        events_frame(articles).write.mode("errorifexists").parquet(events_path)
        summary = Summary(output=_origin(output) or output, master=actual_master)
        counts = articles.select(F.count(F.lit(1)).alias("n"),
                                 F.sum((F.size("errors") > 0).cast("long")).alias("failed"),
                                 F.sum(F.size("events")).alias("events")).first()
        summary.articles, summary.failed, summary.events = counts["n"], counts["failed"] or 0, counts["events"] or 0
        for row in articles.where(F.size("errors") > 0).select("origin", "errors").limit(max_failures).collect():
            for issue in row["errors"]:
                summary.failures.append(Issue(issue["code"], issue["message"], issue["input"] or row["origin"],
                                              issue["line"]).describe())
        summary.seconds = time.perf_counter() - start
        return summary
    finally:
        if own_session and spark is not None:
            spark.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def describe(summary: Summary) -> str:
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    return (f"{summary.output}: {summary.articles} articles ({summary.failed} failed), {summary.events} events "
            f"-> articles/ and events/ (Parquet) · Spark {summary.master} · {summary.seconds:.0f} s, "
            f"{rate:.1f} articles/s")


def run_command(paths: Sequence[str], output: str | None, master: str | None, config: CoderConfig,
                progress: bool | None, say: Callable[[str], None], partition_size: int = PARTITION_SIZE) -> int:
    """``kibaru analyze --engine spark`` and ``spark_job``: run, report, return the exit status."""
    if not output:
        say("error: --engine spark writes Parquet tables: give --output DIR")
        return 2
    if importlib.util.find_spec("pyspark") is None:
        say("error: the Spark engine needs pyspark: pip install 'kibaru[spark]' (and Java 17 or later)")
        return 2
    try:
        summary = run(paths, output, master=master if master is not None else default_master(),
                      config=config, progress=progress, partition_size=partition_size)
    except (FileExistsError, ValueError) as exc:
        say(f"error: {exc}")
        return 2
    except Exception as exc:  # Spark's: no Java, a lost cluster, an unreadable input folder
        say(f"error: the Spark job failed: {_reason(exc)}")
        return 2
    for line in summary.failures:
        say(line)
    if summary.failed > len(summary.failures):
        say(f"… and {summary.failed - len(summary.failures)} more failed articles (their 'errors' column says why)")
    say(describe(summary))
    return summary.exit_code


def _reason(exc: BaseException) -> str:
    """One line for a failed Spark job: the Python exception an executor raised,
    when there is one (it ends Spark's long message), else the message's first line."""
    text = str(exc)
    raised = re.findall(r"^(?:[\w.]+\.)?(\w+(?:Error|Exception|Exit)): (.+)$", text, flags=re.M)
    python = [f"{name}: {message}" for name, message in raised
              if name not in ("PythonException", "Py4JJavaError", "SparkException")]
    if python:
        return python[-1]
    lines = [line for line in text.strip().splitlines() if line.strip()]
    reason = f"{type(exc).__name__}: {lines[0] if lines else ''}"
    if "JAVA_GATEWAY_EXITED" in text or "JAVA_HOME" in text:
        reason += " (is Java 17 or later installed? Debian: apt-get install openjdk-17-jre-headless)"
    return reason
