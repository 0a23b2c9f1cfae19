"""Serving: requests/s and latency of `kibaru serve` under 50 concurrent clients.

Builds a SQLite database of the MasakhaNEWS corpus + the seed article with
``kibaru analyze`` (or reuses ``--db``), starts ``kibaru serve`` on a free
local port as a user would, and drives it with ``wrk`` (Debian package
``wrk``): N threads, C connections, D seconds per endpoint, after a short
warm-up. A Lua ``done()`` hook reports wrk's exact latency percentiles. The
table gives requests/s, p50/p95/p99/max latency, errors, and how busy the
server process was: CPU % of one core (~100% means the one Python process is
the bottleneck) and CPU ms per request (steadier than requests/s on a shared
machine). wrk keeps every connection busy (a closed loop), so latency is about
connections / throughput: p95 < 100 ms at 50 connections needs > 500 requests/s.
The target: p95 of every read endpoint < 100 ms with 50 concurrent clients.

    python bench/bench_web.py [--db FILE] [--duration 20] [--connections 50] [--threads 2]
                              [--url http://127.0.0.1:8000]   # an already running server
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import MASAKHANEWS, REPO, SHARED, markdown_table, require_corpus, timer

SEED = SHARED / "seed" / "000_adf4cb344ef422a1.txt"
TARGET_MS = 100.0
ENDPOINTS = [
    "/api/events",
    "/api/events?type=CONSULT",
    "/api/events?country=MLI&since=2020",
    "/api/search?q=Mali",
    "/api/search?q=%22coop%C3%A9ration%20militaire%22",
    "/api/events?actor=Mali%7CMLI%7CGOV",
    "/api/timeline",
    "/api/network",
    "/api/stance?by=outlet",
    "/api/stance?by=article&country=RUS",
    "/api/narratives",
    "/api/review",
]

# wrk's done() hook: the run's summary and exact latency percentiles (µs) as one JSON line
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nBENCH {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


def clean_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return {k: v for k, v in env.items() if not k.startswith("KIBARU_") or k == "KIBARU_LOG_LEVEL"}


def build(db: Path) -> float:
    """`kibaru analyze` of the corpus + seed into db; returns the seconds it took."""
    require_corpus()
    print(f"building {db} (kibaru analyze of {MASAKHANEWS} + the seed; a few minutes) ...", file=sys.stderr)
    with timer() as t:
        proc = subprocess.run([sys.executable, "-m", "kibaru", "analyze", str(MASAKHANEWS), str(SEED),
                               "--db", str(db), "--no-progress"], cwd=REPO, env=clean_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"kibaru analyze failed:\n{proc.stderr[-3000:]}")
    return t["seconds"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def start_server(db: Path, port: int, log: Path, workers: int = 1) -> subprocess.Popen:
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kibaru", "serve", "--db", str(db), "--port", str(port),
                                 "--workers", str(workers)],
                                stdout=out, stderr=subprocess.STDOUT, cwd=REPO, env=clean_env())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"kibaru serve exited ({proc.returncode}):\n{log.read_text(errors='replace')}")
        try:
            get_json(f"http://127.0.0.1:{port}/api/stats")
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit(f"kibaru serve did not answer in 60 s:\n{log.read_text(errors='replace')}")


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process and its threads (Linux /proc)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_wrk(wrk: str, script: Path, url: str, threads: int, connections: int, seconds: float) -> dict:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(script), url]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("BENCH ")]
    if proc.returncode != 0 or not lines:
        sys.exit(f"wrk failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return json.loads(lines[-1][len("BENCH "):])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to serve; built there first when the file does not exist "
                        "(default: a temporary one, deleted at the end)")
    parser.add_argument("--url", help="benchmark this running server instead of starting one (no --db needed)")
    parser.add_argument("--duration", type=float, default=20, help="seconds of load per endpoint")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of load before each measured run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--endpoint", action="append", help="path and query to load (repeat; default: "
                        + ", ".join(ENDPOINTS).replace("%", "%%") + ")")
    parser.add_argument("--workers", type=int, default=1, help="kibaru serve --workers")
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    endpoints = args.endpoint or ENDPOINTS

    workdir = Path(tempfile.mkdtemp(prefix="kibaru-bench-web-"))
    server = None
    try:
        built = None
        if args.url:
            base = args.url.rstrip("/")
        else:
            db = args.db or workdir / "kibaru.db"
            if not db.exists():
                built = build(db)
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            server = start_server(db, port, workdir / "serve.log", args.workers)
        stats = get_json(f"{base}/api/stats")
        script = workdir / "report.lua"
        script.write_text(REPORT_LUA, encoding="utf-8")

        rows, results = [], {}
        load = os.getloadavg()
        for path in endpoints:
            url = f"{base}{path}"
            get_json(url)  # a wrong path fails here, loudly, not as 100% non-2xx answers
            if args.warmup > 0:
                run_wrk(wrk, script, url, args.threads, args.connections, args.warmup)
            before, start = cpu_seconds(server and server.pid), time.perf_counter()
            r = run_wrk(wrk, script, url, args.threads, args.connections, args.duration)
            after, wall = cpu_seconds(server and server.pid), time.perf_counter() - start
            errors = r["connect"] + r["read"] + r["write"] + r["timeout"]
            measured = before is not None and after is not None
            busy = f"{100 * (after - before) / wall:.0f}" if measured else "—"
            cost = f"{1000 * (after - before) / max(r['requests'], 1):.1f}" if measured else "—"
            results[path] = r
            rows.append([f"`{path}`", f"{r['requests']:,}", f"{r['requests'] / (r['duration_us'] / 1e6):,.0f}",
                         f"{r['p50'] / 1000:.1f}", f"{r['p95'] / 1000:.1f}", f"{r['p99'] / 1000:.1f}",
                         f"{r['max'] / 1000:.0f}", f"{errors}/{r['status']}", busy, cost])

        print(f"kibaru serve, SQLite, {stats['articles']:,} articles, {stats['events']:,} events; "
              f"wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s per endpoint "
              f"(after {args.warmup:g} s of warm-up); {os.cpu_count()} CPU cores, load average "
              f"{load[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
        if built is not None:
            print(f"database built in {built:.0f} s")
        print()
        print(markdown_table(["endpoint", "requests", "requests/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
                              "errors/non-2xx", "server CPU %", "CPU ms/request"], rows))
        print()
        reads = [(r["p95"] / 1000, path) for path, r in results.items() if path.startswith("/api/")]
        if reads:
            worst = max(reads)
            verdict = "met" if worst[0] < TARGET_MS else "NOT met"
            print(f"worst p95 of the read API: {worst[0]:.1f} ms ({worst[1]}); target < {TARGET_MS:.0f} ms: {verdict}")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
