"""Engines: where ``kibaru analyze`` runs the pipeline.

``local`` is this machine (one process, or ``--workers N`` processes, see
``kibaru.workers``); ``spark`` is a Spark cluster, or Spark on this machine
(``kibaru.engines.spark``, the optional extra ``kibaru[spark]``). Every engine
codes with the same function, ``kibaru.workers.code_batch``, so that they
agree article for article.

Nothing here imports pyspark: the Spark engine imports it when it runs.
"""

from __future__ import annotations

from enum import Enum


class Engine(str, Enum):
    local = "local"
    spark = "spark"


__all__ = ["Engine"]
