#!/usr/bin/env python3
"""Benchmarks `iops report` on a fresh moto server. Not a test.

1. The runbook's 30-minute incident page, whole process: `iops report --html` against `iops top
   --once` (the same read) and the aws CLI commands that fetch the same figures (benches/top.py's
   baseline: one get-metric-data, five filter-log-events, one scan) — which give numbers, no page.
   And the AWS requests each makes.
2. Rendering a day at one-minute periods (1,440 per series) for a stack of 10 functions: the
   model of (1) widened into a `top --record` line, rendered by `iops -v report --from-recording
   --html`: render time (from -v), page size.
3. A load page for 100,000 connections over 200 s (a synthetic `ws probe` report): size and time.
"""
import copy
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_common import IOPS, PYTHON, ROOT, aws_env, measure, start_moto, stop
from top import CONFIG, PREFIX, SPEC, aws_commands, queries

DAY = 1440
FUNCTIONS = 10


def day_page(page):
    """The 30-minute page widened to a day of minutes and 10 functions, every series busy."""
    day = copy.deepcopy(page)
    day["window"]["periods"] = DAY
    day["window"]["start_s"] = page["window"]["start_s"] - (DAY - page["window"]["periods"]) * 60
    charts = []
    for chart in page["charts"]:
        copies = FUNCTIONS if chart["id"].startswith(("function-", "duration-")) else 1
        for n in range(copies):
            wide = copy.deepcopy(chart)
            wide["id"] = f"{chart['id']}-{n}" if copies > 1 else chart["id"]
            for k, series in enumerate(wide["series"]):
                series["values"] = [float((i * (k + 3) + n * 7) % 97) for i in range(DAY)]
            charts.append(wide)
    day["charts"] = charts
    day["top_errors"] = [dict(page["top_errors"][0], kind=f"error kind {i} <n>", count=100 - i)
                         for i in range(20)] if page["top_errors"] else []
    return day


def load_report(connections=100_000, seconds=200):
    """A `ws probe` load report of `connections` over `seconds`, shaped as iops writes it (the
    shape tests/report_load.rs's synthetic report pins): a per-second timeline, every connect time
    in the samples."""
    per_second = connections // seconds
    timeline = [{
        "opened": per_second, "connected": per_second, "failed": 0, "closed": per_second, "cut_short": 0,
        "sent": per_second * 4, "received": per_second * 4, "matched": per_second * 4,
        "connect_ms": [s % 4, per_second // 2, per_second // 4, 3, 1, 0, 0, 1],
        "round_trip_ms": [per_second, per_second * 2, per_second, 1, 0, 0, 0, 0, 0, 2],
        "close_codes": {"1000": per_second},
    } for s in range(seconds)]
    return {
        "url": "wss://example.invalid/prod", "requested": connections, "attempted": connections,
        "connected": connections, "failed": 0, "held_peak": connections // 2,
        "target_rate": float(per_second), "achieved_rate": float(per_second),
        "connect_ms": {"p50": 1.2, "p95": 3.4, "p99": 9.9, "max": 51.0, "method": "exact"},
        "handshake_statuses": {"101": connections}, "close_codes": {"1000": connections},
        "messages_received": connections * 4,
        "messages": {"sent": connections * 4, "received": connections * 4, "matched": connections * 4,
                     "unanswered": 0, "expectations_failed": 0},
        "round_trip_ms": {"count": connections * 4, "p50": 1.0, "p95": 2.0, "p99": 3.0, "max": 9.0},
        "broadcasts_per_connection": {"min": 0, "median": 0, "max": 0},
        "failures": {}, "cut_short": 0, "cut_short_codes": {}, "violations": {},
        "hold_ms": 60000.0, "messages_per_connection": None, "elapsed_ms": seconds * 1000.0,
        "interrupted": False, "verdict": {"ok": True, "reasons": []},
        "samples": {"connect_us": [800] + [i % 3 for i in range(1, connections)], "round_trip_us": [],
                    "broadcasts": []},
        "timeline": {"bucket_bounds_ms": [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 60000],
                     "seconds": timeline},
    }


def render(args, env, cwd, repeat=5):
    """(median render ms from -v, page bytes) of `iops -v report ARGS --html page.html`."""
    times = []
    for _ in range(repeat):
        out = subprocess.run([IOPS, "-v", "report", *args, "--html", "page.html"], env=env, cwd=cwd,
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"iops report failed: {out.stderr[-2000:]}")
        found = re.search(r"render_ms=([\d.]+)", re.sub(r"\x1b\[[0-9;]*m", "", out.stderr))
        times.append(float(found.group(1)))
    return statistics.median(times), (Path(cwd) / "page.html").stat().st_size


def main():
    moto, endpoint = start_moto()
    env = aws_env(endpoint)
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"iops-bench-report-{os.getpid()}"
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        spec = dict(SPEC, processor_errors=40)
        seeded = json.loads(subprocess.run([PYTHON, str(ROOT / "tests/support/top_stack.py"), endpoint, PREFIX,
                                            json.dumps(spec)], check=True, capture_output=True).stdout)
        (workdir / "iops.toml").write_text(CONFIG.replace("{api_id}", seeded["api_id"]))
        page = json.loads(subprocess.run([IOPS, "report", "-o", "json"], env=env, cwd=workdir, check=True,
                                         capture_output=True).stdout)
        top = json.loads(subprocess.run([IOPS, "top", "--once", "-o", "json"], env=env, cwd=workdir, check=True,
                                        capture_output=True).stdout)
        (workdir / "queries.json").write_text(json.dumps(queries(top, seeded["api_id"])))
        now = int(time.time())
        start, end = (now // 60 - 29) * 60, (now // 60 + 1) * 60
        report = measure([[IOPS, "report", "--html", "page.html"]], env, cwd=workdir)
        once = measure([[IOPS, "top", "--once", "-o", "json"]], env, cwd=workdir)
        aws = measure(aws_commands(endpoint, workdir / "queries.json", start, end, start * 1000), env, cwd=workdir)
        size = (workdir / "page.html").stat().st_size
        print(f"machine: {os.cpu_count()} cores; moto server; best of 5")
        print(f"the runbook's 30-minute incident page ({len(page['charts'])} charts, {len(page['figures'])} figures,"
              f" {size / 1024:.0f} KB):")
        print(f"  AWS requests: iops report {page['requests']}; iops top --once {top['requests']}")
        print(f"  iops report --html: wall {report[0] * 1000:.0f} ms, CPU {report[1] * 1000:.0f} ms")
        print(f"  iops top --once -o json (the same read, no page): wall {once[0] * 1000:.0f} ms,"
              f" CPU {once[1] * 1000:.0f} ms")
        print(f"  aws CLI, the same figures without a page (8 commands): wall {aws[0] * 1000:.0f} ms,"
              f" CPU {aws[1] * 1000:.0f} ms -> iops report {aws[0] / report[0]:.1f}x faster")
        (workdir / "day.ndjson").write_text(json.dumps(day_page(page)) + "\n")
        day_ms, day_bytes = render(["--from-recording", "day.ndjson"], env, workdir)
        charts = len(day_page(page)["charts"])
        print(f"a day at one-minute periods ({DAY} per series, {FUNCTIONS} functions, {charts} charts),"
              f" from a recording: render {day_ms:.1f} ms (median of 5), page {day_bytes / 1024:.0f} KB")
        (workdir / "load.json").write_text(json.dumps(load_report()))
        load_ms, load_bytes = render(["load.json"], env, workdir)
        print(f"a load page of 100,000 connections over 200 s: render {load_ms:.1f} ms, page {load_bytes / 1024:.0f} KB")
    finally:
        stop(moto)


if __name__ == "__main__":
    main()
