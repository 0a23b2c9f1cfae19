"""The Spark engine: ``kibaru analyze INPUT... --engine spark --output DIR``.

Spark only moves records; kibaru's own calls do the work, in ``mapPartitions``
on the executors: each input record is read by its registered reader (a
JSON Lines line or a Parquet row by the JSON Lines reader's per-record parse,
any other file whole, by the reader its suffix chooses), then the partition's
articles go through ``load_pipeline(config).pipe`` — what ``kibaru analyze``
runs — so an article comes out of Spark as it comes out of
``kibaru analyze --workers 1``. The pipeline (the spaCy model, ~1.4 GB) is
built once per executor Python process; only the small ``PipelineConfig`` is
broadcast, and the user's data files are shipped with ``SparkContext.addFile``.

Output, under DIR: ``articles/`` (one row per article: the contract object,
its Spark struct generated from the records' field tables) and ``events/``
(one row per event: the columns of ``kibaru export events``, computed from
``articles/`` by the store's own rule). Duplicate detection needs the whole
corpus in one place: ``duplicate_of`` stays null (docs/spark.md).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import unquote, urlparse

from .. import compat
from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..ingest import failed, iter_sources, read_source
from ..ingest.source import Source
from ..pipeline import PipelineConfig, load_pipeline
from ..registry import readers
from .spark_schema import article_row, article_schema, contract_from_row, events_frame  # noqa: F401  (the engine's API)

# Articles per Spark partition: small enough that a lost task redoes little
# work and the last wave of tasks is short, large enough that the per-task
# overhead (~0.1 s) is nothing next to coding (~0.2-1 s per article and core).
PARTITION_SIZE = 500
PARQUET = ".parquet"
LINES = readers.get("jsonl.v1")  # JSON Lines are split by Spark, and read line by line


# --- executors: raw records -> coded article rows ----------------------------------------

@dataclass(frozen=True)
class Job:
    """What every executor needs (broadcast): the pipeline's config, never the
    model; ``shipped``: the user files sent with ``addFile``, by config field."""

    config: PipelineConfig
    shipped: tuple[tuple[str, str], ...] = ()

    def local_config(self) -> PipelineConfig:
        """The config with the shipped files' paths on this executor."""
        if not self.shipped:
            return self.config
        from pyspark import SparkFiles

        return replace(self.config, **{name: SparkFiles.get(file) for name, file in self.shipped})


def raw_articles(kind: str, origin: str | None, data: bytes | None, settings) -> list[Article]:
    """The articles of one raw record, read as kibaru's readers read them
    (a bad record is a failed article; a blank line is none)."""
    origin = _origin(origin)
    if kind == "failed":  # an input the driver could not read (no such file, no reader)
        return [Article.from_dict(json.loads(data))]
    if kind == "file":
        return list(read_source(Source.from_bytes(origin or "<file>", data or b""), settings))
    if not (data or b"").strip():
        return []
    try:  # a line or a Parquet row: Spark gives no line numbers, the error names the file
        article = LINES.meta["record"](data, origin or "<jsonl>", None, settings)
    except KibaruError as exc:
        return [failed(exc)]
    except Exception as exc:  # noqa: BLE001 - a parser failing on a corrupt record must not end the partition
        return [failed(KibaruError(Msg.E102, origin, reason=f"{type(exc).__name__}: {exc}"))]
    if not article.id:
        article.meta.setdefault("reader", LINES.name)
    return [article]


def code_records(records: Iterable[Any], job: Job) -> Iterator[tuple]:
    """``mapPartitions`` body: raw records (rows of ``input_frame``) -> article rows."""
    pipeline = load_pipeline(job.local_config())
    settings = pipeline.config.settings
    articles = (a for kind, origin, data in records for a in raw_articles(kind, origin, data, settings))
    for article in pipeline.pipe(articles):
        try:
            yield article_row(article)
        except Exception as exc:  # noqa: BLE001 - a value the schema cannot hold: keep the article, say why
            bare = Article(id=article.id, title=article.title, url=article.url, published=article.published,
                           origin=article.origin, errors=list(article.errors))
            bare.errors.append(Issue.from_exception(KibaruError(Msg.E199, article.origin,
                                                                detail=f"{type(exc).__name__}: {exc}")))
            yield article_row(bare)


def _code_partition(job_broadcast, records: Iterable[Any]) -> Iterator[tuple]:
    return code_records(records, job_broadcast.value)


# --- the driver: inputs --------------------------------------------------------------

@dataclass
class Inputs:
    """Inputs by how Spark reads them; ``failed``: inputs not read at all (one error article each)."""

    lines: list[str] = field(default_factory=list)  # JSON Lines
    files: list[str] = field(default_factory=list)  # read whole by their reader
    parquet: list[str] = field(default_factory=list)
    failed: list[Article] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lines or self.files or self.parquet or self.failed)


def _origin(uri: str | None) -> str | None:
    """A file URI as a plain path (``file:///data/a.txt`` -> ``/data/a.txt``); other URIs as they are."""
    return unquote(urlparse(uri).path) if uri and uri.startswith("file:") else uri


def _has_scheme(path: str) -> bool:
    parsed = urlparse(path)
    return len(parsed.scheme) > 1 and parsed.scheme != "file"  # "C:" is a drive, not a scheme


def _add(plan: Inputs, uri: str, name: str) -> None:
    name = name.lower().split("?")[0].rstrip("/")
    if name.endswith(LINES.meta["suffixes"]):
        plan.lines.append(uri)
    elif name.endswith(PARQUET) or not any(name.endswith(s) for e in readers for s in e.meta["suffixes"]):
        plan.parquet.append(uri)  # a Parquet file or dataset (a folder, a URI without a known suffix)
    else:
        plan.files.append(uri)


def plan_inputs(paths: Sequence[str | Path], local: bool = True) -> Inputs:
    """Sort the command line's inputs by how Spark reads them.

    Local files and folders are found as ``kibaru analyze`` finds them
    (``kibaru.ingest.iter_sources``: folders walked, hidden files skipped, no
    such file E101, no reader E109), Parquet files and datasets added, and given
    to Spark as ``file://`` URIs (on a cluster, on a filesystem every node
    mounts). A URI (``hdfs://``, ``s3a://`` …), or a path that does not exist
    here when Spark is not local, goes to Spark as it is, read by its suffix.
    """
    plan = Inputs()
    for arg in map(str, paths):
        if arg == "-":
            raise ValueError("the Spark engine cannot read standard input: give files or folders")
        path = Path(_origin(arg) if arg.startswith("file:") else arg)
        if _has_scheme(arg) or (not local and not path.exists()):
            _add(plan, arg, arg)
        elif path.name.lower().endswith(PARQUET) and path.exists():
            plan.parquet.append(path.resolve().as_uri())
        else:
            for item in iter_sources([path]):
                if isinstance(item, KibaruError):
                    plan.failed.append(failed(item))
                else:
                    _add(plan, Path(item.name).resolve().as_uri(), item.name)
            if path.is_dir():
                plan.parquet += sorted(p.resolve().as_uri() for p in path.rglob(f"*{PARQUET}")
                                       if not any(part.startswith(".") for part in p.relative_to(path).parts))
    return plan


def input_frame(spark, plan: Inputs):
    """One DataFrame (kind, origin, data) of every raw record of the inputs."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    frames = []
    if plan.lines:
        frames.append(spark.read.format("text").option("wholetext", "false").load(plan.lines).select(
            F.lit("line").alias("kind"), F.col("_metadata.file_path").alias("origin"),
            F.encode("value", "utf-8").alias("data")))
    if plan.files:
        frames.append(spark.read.format("binaryFile").load(plan.files).select(
            F.lit("file").alias("kind"), F.col("path").alias("origin"), F.col("content").alias("data")))
    if plan.parquet:
        frames.append(dataframe_records(spark.read.option("mergeSchema", "true").parquet(*plan.parquet), True))
    if plan.failed:
        schema = T.StructType([T.StructField(n, t) for n, t in (("kind", T.StringType()),
                               ("origin", T.StringType()), ("data", T.BinaryType()))])
        frames.append(spark.createDataFrame([("failed", a.origin, json.dumps(a.to_dict()).encode())
                                             for a in plan.failed], schema))
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionByName(other)
    return frame


def dataframe_records(df, with_origin: bool = False):
    """A DataFrame of articles (columns named as in the contract's input: id,
    title, text or body, url, published …) as raw records for ``code_frame``:
    e.g. a table of a data lake on Databricks. Binary columns are left out."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    columns = [F.col(f"`{c.name}`") for c in df.schema.fields if not isinstance(c.dataType, T.BinaryType)]
    origin = F.col("_metadata.file_path") if with_origin else F.lit(None).cast("string")
    return df.select(F.lit("line").alias("kind"), origin.alias("origin"),
                     F.encode(F.to_json(F.struct(*columns)), "utf-8").alias("data"))


def code_frame(spark, records, config: PipelineConfig | None = None, partitions: int | None = None,
               partition_size: int = PARTITION_SIZE):
    """Raw records -> a DataFrame of coded articles (``article_schema()``), lazily,
    over ``partitions`` (default: ``partition_size`` articles each, a multiple of
    Spark's parallelism)."""
    sc = spark.sparkContext
    config = config or PipelineConfig()
    shipped = []
    for name in ("actors_file", "triggers_file", "narratives_file", "places_file", "model_dir"):
        path = Path(getattr(config, name) or "")
        if getattr(config, name) and path.exists():  # ship the user's file (or model folder) to every executor
            sc.addFile(str(path.resolve()), recursive=path.is_dir())
            shipped.append((name, path.name))
    job = Job(replace(config, **{name: None for name, _ in shipped}), tuple(shipped))
    if partitions is None:
        parallelism = max(1, sc.defaultParallelism)
        partitions = parallelism * max(1, math.ceil(records.count() / (parallelism * partition_size)))
    coded = records.repartition(partitions).rdd.mapPartitions(partial(_code_partition, sc.broadcast(job)))
    return spark.createDataFrame(coded, article_schema())


# --- the driver: a whole run ---------------------------------------------------------

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
        os.environ["PYSPARK_PYTHON"] = os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("kibaru analyze").config("spark.python.worker.reuse", "true")
    if master:
        builder = builder.master(master)  # (worker reuse: the model loads once per Python worker)
    progress = sys.stderr.isatty() if progress is None else progress
    builder = builder.config("spark.ui.showConsoleProgress", str(progress).lower())
    if is_local(master):
        log4j = Path(__file__).parent / "data" / "log4j2.properties"
        inside = master.partition("[")[2].partition("]")[0].split(",")[0]
        cores = int(inside) if inside.isdigit() else os.cpu_count() or 1
        for key, value in (("spark.ui.enabled", "false"), ("spark.local.dir", str(scratch)),
                           ("spark.driver.memory", "1g"), ("spark.driver.host", "127.0.0.1"),
                           ("spark.driver.bindAddress", "127.0.0.1"), ("spark.pyspark.python", sys.executable),
                           ("spark.sql.shuffle.partitions", str(max(2, cores))),
                           ("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log4j.as_uri()}")):
            builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run(paths: Sequence[str | Path], output: str | Path, *, master: str | None = None,
        config: PipelineConfig | None = None, progress: bool | None = None,
        partition_size: int = PARTITION_SIZE, spark=None, max_failures: int = 20) -> Summary:
    """Read, code and write ``output``/articles and ``output``/events; returns counts.

    Raises ``FileExistsError`` when the output's tables exist (nothing is overwritten),
    ``ValueError`` for inputs the engine cannot take; Spark's own exceptions otherwise.
    """
    from pyspark.sql import functions as F

    output = str(output)
    local_output = not _has_scheme(output)
    if local_output:
        out = Path(_origin(output)).resolve()
        for name in ("articles", "events"):
            if (out / name).exists():
                raise FileExistsError(f"{out / name} exists: remove it or give another --output")
    start, scratch = time.perf_counter(), Path(tempfile.mkdtemp(prefix="kibaru-spark-"))
    own_session = spark is None
    try:
        spark = spark or session(master, scratch, progress)
        actual = spark.sparkContext.master
        plan = plan_inputs(paths, local=is_local(actual))
        if not plan:
            raise ValueError("no input to read")
        if local_output and is_local(actual):
            output = out.as_uri()
        articles_path, events_path = f"{output.rstrip('/')}/articles", f"{output.rstrip('/')}/events"
        code_frame(spark, input_frame(spark, plan), config, partition_size=partition_size) \
            .write.mode("errorifexists").parquet(articles_path)
        # the events from what was written: the coding runs once
        articles = spark.read.parquet(articles_path)
        events_frame(articles).write.mode("errorifexists").parquet(events_path)
        counts = articles.select(F.count(F.lit(1)).alias("n"), F.sum((F.size("errors") > 0).cast("long")).alias("bad"),
                                 F.sum(F.size("events")).alias("events")).first()
        summary = Summary(_origin(output) or output, actual, counts["n"], counts["bad"] or 0, counts["events"] or 0)
        for row in articles.where(F.size("errors") > 0).select("origin", "errors").limit(max_failures).collect():
            summary.failures += [Issue(i["code"], i["message"], i["input"] or row["origin"], i["line"]).describe()
                                 for i in row["errors"]]
        summary.seconds = time.perf_counter() - start
        return summary
    finally:
        if own_session and spark is not None:
            spark.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def available() -> bool:
    return compat.available("pyspark")
