"""``spark-submit`` entry point of the Spark engine (docs/spark.md), and the
report of a run (``run_command``, which ``kibaru analyze --engine spark`` calls too).

    spark-submit --master yarn [options] "$(python -c 'import kibaru.engines.spark_job as j; print(j.__file__)')" \\
        hdfs:///corpus/2024/*.jsonl --output hdfs:///kibaru/2024

    python -m kibaru.engines.spark_job news/ --output coded/        # Spark on every core here

The same run as ``kibaru analyze INPUT... --engine spark --output DIR``; under
spark-submit, its ``--master`` and ``--conf`` decide where and how it runs.
Exit status: 0 done, 1 done but some articles failed (their ``errors`` column
says why), 2 nothing done (bad arguments, output exists, Spark failed).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Callable, Sequence

if __name__ == "__main__" and sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    # run as a file (spark-submit does): this folder must not shadow top-level modules
    sys.path.pop(0)

from kibaru.actors.lexicon import build_lexicon  # noqa: E402  (absolute imports: this file may be __main__)
from kibaru.engines import spark  # noqa: E402
from kibaru.events.lexicon import load_triggers  # noqa: E402
from kibaru.narratives import read_catalogue  # noqa: E402
from kibaru.pipeline import PipelineConfig  # noqa: E402
from kibaru.settings import Settings  # noqa: E402

PARTITION_SIZE = spark.PARTITION_SIZE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kibaru.engines.spark_job", description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="JSONL, Parquet and .txt files, folders, globs or URIs")
    parser.add_argument("--output", required=True, help="folder or URI for the Parquet tables articles/ and events/")
    parser.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    parser.add_argument("--actors", help="a YAML file of extra actors (shipped to the executors)")
    parser.add_argument("--triggers", help="a YAML file of extra PLOVER triggers (shipped to the executors)")
    parser.add_argument("--narratives", help="a YAML narrative catalogue instead of the shipped one (shipped too)")
    parser.add_argument("--max-chars", type=int, help=f"largest article accepted (default {Settings().max_chars:,})")
    parser.add_argument("--partition-size", type=int, default=PARTITION_SIZE,
                        help=f"articles per Spark partition (default {PARTITION_SIZE})")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="Spark's console progress bar (default: when stderr is a terminal)")
    args = parser.parse_args(argv)
    settings = Settings.from_env().with_(max_chars=args.max_chars)
    config = PipelineConfig(settings, actors_file=args.actors, triggers_file=args.triggers,
                            narratives_file=args.narratives)
    try:  # a mistake in the user's files: one message now, not a failed task on every executor
        if args.actors:
            build_lexicon(str.split, args.actors)
        if args.triggers:
            load_triggers(extra=args.triggers)
        if args.narratives:
            read_catalogue(Path(args.narratives))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return run_command(args.inputs, args.output, args.master, config, args.progress,
                       say=lambda line: print(line, file=sys.stderr, flush=True),
                       partition_size=args.partition_size)


def describe(summary: "spark.Summary") -> str:
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    return (f"{summary.output}: {summary.articles} articles ({summary.failed} failed), {summary.events} events "
            f"-> articles/ and events/ (Parquet) · Spark {summary.master} · {summary.seconds:.0f} s, "
            f"{rate:.1f} articles/s")


def run_command(paths: Sequence[str], output: str | None, master: str | None, config: PipelineConfig,
                progress: bool | None, say: Callable[[str], None], partition_size: int = PARTITION_SIZE) -> int:
    """``kibaru analyze --engine spark`` and ``spark_job``: run, report, return the exit status."""
    if not output:
        say("error: --engine spark writes Parquet tables: give --output DIR")
        return 2
    if not spark.available():
        say("error: the Spark engine needs pyspark: pip install 'kibaru[spark]' (and Java 17 or later)")
        return 2
    try:
        summary = spark.run(paths, output, master=master if master is not None else spark.default_master(),
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


if __name__ == "__main__":
    sys.exit(main())
