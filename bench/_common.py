"""Helpers shared by the benchmarks: where the corpus is, and timing/memory."""

from __future__ import annotations

import resource
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MASAKHANEWS = SHARED / "data" / "masakhanews-fra"
MASAKHANEWS_FILES = [MASAKHANEWS / name for name in ("train-50-per-label.tsv", "dev.tsv", "test.tsv")]


def require_corpus() -> None:
    missing = [str(p) for p in MASAKHANEWS_FILES if not p.exists()]
    if missing:
        sys.exit(f"benchmark corpus not found: {', '.join(missing)} (../shared must be beside the clone)")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timer() -> Iterator[dict[str, float]]:
    result: dict[str, float] = {}
    start = time.perf_counter()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - start


def markdown_table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
