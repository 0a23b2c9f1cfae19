"""A short, bounded load test: 50 concurrent connections for a few seconds on
the busiest API endpoints of a real ``kibaru serve`` (fixture ``web_server`` in
conftest.py), driven by ``wrk``. Every request must succeed: no socket error,
no timeout, no non-2xx answer. Latency is measured by bench/bench_web.py, not
asserted here (CI machines are too noisy for that).
"""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import require_program

pytestmark = pytest.mark.slow

SECONDS = 5
CONNECTIONS = 50
THREADS = 2

# wrk's done() hook: the summary as one JSON line on stdout
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nKIBARU {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


# session-scoped, so that a missing wrk skips before the (long) session fixture web_db runs
@pytest.fixture(scope="session")
def wrk(tmp_path_factory) -> list[str]:
    program = require_program("wrk", "wrk")
    script = tmp_path_factory.mktemp("wrk") / "report.lua"
    script.write_text(REPORT_LUA, encoding="utf-8")
    return [program, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "-s", str(script)]


def run_wrk(command: list[str], url: str) -> dict:
    proc = subprocess.run([*command, url], capture_output=True, text=True, timeout=SECONDS + 20)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.startswith("KIBARU ")]
    assert lines, proc.stdout + proc.stderr
    report = json.loads(lines[-1][len("KIBARU "):])
    report["output"] = proc.stdout
    return report


@pytest.mark.parametrize("path", ["/api/events?type=CONSULT&limit=50", "/api/search?q=Mali"])
def test_endpoint_under_50_connections(wrk, web_server, path):
    report = run_wrk(wrk, f"{web_server}{path}")
    print(f"\n{path}: {report['requests']} requests in {report['duration_us'] / 1e6:.1f} s, "
          f"p50 {report['p50_us'] / 1000:.0f} ms, p99 {report['p99_us'] / 1000:.0f} ms")
    errors = {k: report[k] for k in ("connect", "read", "write", "timeout")}
    assert errors == {"connect": 0, "read": 0, "write": 0, "timeout": 0}, report["output"]
    assert report["status"] == 0, f"non-2xx answers: {report['output']}"
    assert report["requests"] >= 50, report["output"]
