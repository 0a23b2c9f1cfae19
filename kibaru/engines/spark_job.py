"""``spark-submit`` entry point of the Spark engine (docs/spark.md).

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
import sys
from pathlib import Path

if __name__ == "__main__" and sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    # run as a file (spark-submit does): this folder must not shadow top-level modules
    sys.path.pop(0)

from kibaru.actors.lexicon import build_lexicon  # noqa: E402  (absolute imports: this file may be __main__)
from kibaru.engines.spark import PARTITION_SIZE, run_command  # noqa: E402
from kibaru.events.lexicon import load_triggers  # noqa: E402
from kibaru.settings import Settings  # noqa: E402
from kibaru.workers import CoderConfig  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kibaru.engines.spark_job", description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="JSONL, Parquet and .txt files, folders, globs or URIs")
    parser.add_argument("--output", required=True, help="folder or URI for the Parquet tables articles/ and events/")
    parser.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    parser.add_argument("--actors", help="a YAML file of extra actors (shipped to the executors)")
    parser.add_argument("--triggers", help="a YAML file of extra PLOVER triggers (shipped to the executors)")
    parser.add_argument("--max-chars", type=int, help=f"largest article accepted (default {Settings().max_chars:,})")
    parser.add_argument("--partition-size", type=int, default=PARTITION_SIZE,
                        help=f"articles per Spark partition (default {PARTITION_SIZE})")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="Spark's console progress bar (default: when stderr is a terminal)")
    args = parser.parse_args(argv)
    settings = Settings.from_env().with_(max_chars=args.max_chars)
    config = CoderConfig(settings, actors_file=args.actors, triggers_file=args.triggers)
    try:  # a mistake in the user's files: one message now, not a failed task on every executor
        if args.actors:
            build_lexicon(str.split, args.actors)
        if args.triggers:
            load_triggers(extra=args.triggers)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return run_command(args.inputs, args.output, args.master, config, args.progress,
                       say=lambda line: print(line, file=sys.stderr, flush=True),
                       partition_size=args.partition_size)


if __name__ == "__main__":
    sys.exit(main())
