"""--workers: the same output as one process, in the same order, whatever the batch."""

from __future__ import annotations

import pytest

from conftest import run_kibaru
from kibaru.doc import Article, Issue
from kibaru.normalize import Normalizer
from kibaru.pipeline import PipelineConfig, load_pipeline
from kibaru.settings import Settings
from kibaru.workers import WorkerPool, default_workers

pytestmark = pytest.mark.slow

TEXTS = [
    "Le président malien a reçu mardi à Bamako l'ambassadeur de France.",
    "Des hommes armés ont attaqué lundi un poste de l'armée burkinabè près de Djibo.",
    "",
    "Les manifestants ont réclamé samedi à Niamey le départ des forces françaises.",
    "The minister met the ambassador in Accra on Monday.",
    "La CEDEAO a levé les sanctions économiques contre le Niger.",
]


def _articles() -> list[Article]:
    normalizer = Normalizer(Settings())
    out = []
    for i, text in enumerate(TEXTS):
        out.append(normalizer(Article(id=f"w{i}", title=f"Titre {i}", text=text, published="2024-05-02")))
    out.append(Article(id="bad", origin="bad.jsonl", errors=[Issue("E106", "not valid JSON", "bad.jsonl", 2)]))
    return out


def test_a_pool_codes_like_one_process_in_input_order():
    config = PipelineConfig(Settings())
    single = [a.to_dict() for a in load_pipeline(config).pipe(_articles())]
    with WorkerPool(config, workers=2, batch=2) as pool:
        parallel = [a.to_dict() for a in pool.pipe(_articles())]
    assert [a["id"] for a in parallel] == [f"w{i}" for i in range(len(TEXTS))] + ["bad"]
    assert parallel == single
    assert parallel[0]["events"] and parallel[-1]["errors"][0]["code"] == "E106"
    # the English article is kept, uncoded, with its warning
    assert parallel[4]["events"] == [] and parallel[4]["warnings"][0]["code"] == "W201"


def test_default_is_every_core_this_process_may_use(monkeypatch):
    import os

    if hasattr(os, "sched_getaffinity"):
        assert default_workers() == len(os.sched_getaffinity(0))
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)  # elsewhere than Linux
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert default_workers() == 6
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # cannot tell: one
    assert default_workers() == 1


def test_cli_workers_give_identical_jsonl(tmp_path, masakhanews_test):
    import csv

    csv.field_size_limit(10**9)
    with open(masakhanews_test, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))[:24]
    sample = tmp_path / "sample.tsv"
    with open(sample, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    one = run_kibaru("analyze", sample, "--workers", "1", "--no-progress")
    two = run_kibaru("analyze", sample, "--workers", "2", "--no-progress")
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout and one.stdout.count("\n") == 24
