#!/usr/bin/env python3
"""Benchmarks `iops top` on a fresh moto server. Not a test.

1. The runbook's "last 30 minutes" report, whole process: `iops top --once -o json` against the aws
   CLI commands that produce the same figures (as runbook 001's operators did): one
   `cloudwatch get-metric-data` with the same series, `logs filter-log-events` for the stored lines,
   the close codes and each function's errors, and `dynamodb scan` of the connections table.
2. The live view in a 160x50 pseudo-terminal, refreshing every 100 ms: peak RSS after 100 and after
   N refreshes (memory must be flat) and the time to draw a frame (p50 and max, from `-v`).
"""
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import fcntl
import termios
import time
from pathlib import Path

from bench_common import IOPS, PYTHON, ROOT, AWS, aws_env, measure, start_moto, stop

REFRESHES = int(os.environ.get("BENCH_TOP_REFRESHES", "1000"))
PREFIX = "bench"
SPEC = {"connects": [60, 101], "messages": 12, "stores": 161, "close_codes": {"1005": 158, "1001": 3},
        "live": 4, "expired": 2, "incoming_records": 500, "iterator_age_ms": [900, 400], "visible": [3, 1]}
CONFIG = f"""default_env = "bench"
[env.bench]
api_id = "{{api_id}}"
stage = "prod"
kinesis_stream = "{PREFIX}-stream"
[env.bench.tables]
connections = "{PREFIX}-connections"
[env.bench.functions]
connect = "{PREFIX}-connect"
disconnect = "{PREFIX}-disconnect"
processor = "{PREFIX}-processor"
[env.bench.queues]
chat = "{PREFIX}-queue"
"""


def aws_commands(endpoint, queries_file, start, end, since_ms):
    aws = [AWS, "--endpoint-url", endpoint]
    group = lambda role: f"/aws/lambda/{PREFIX}-{role}"
    return [
        aws + ["cloudwatch", "get-metric-data", "--metric-data-queries", f"file://{queries_file}",
               "--start-time", str(start), "--end-time", str(end)],
        aws + ["logs", "filter-log-events", "--log-group-name", group("connect"), "--start-time", str(since_ms),
               "--filter-pattern", '"Connection stored"'],
        aws + ["logs", "filter-log-events", "--log-group-name", group("disconnect"), "--start-time", str(since_ms),
               "--filter-pattern", "disconnectStatusCode"],
    ] + [
        aws + ["logs", "filter-log-events", "--log-group-name", group(role), "--start-time", str(since_ms),
               "--filter-pattern", '?ERROR ?Error ?"Task timed out"']
        for role in ("connect", "disconnect", "processor")
    ] + [aws + ["dynamodb", "scan", "--table-name", f"{PREFIX}-connections"]]


def queries(report, api_id):
    """The same series iops asked for, as get-metric-data JSON (percentiles left out: moto fails on them)."""
    series = {
        "connects": ("AWS/ApiGateway", "ConnectCount"), "messages": ("AWS/ApiGateway", "MessageCount"),
        "client_errors": ("AWS/ApiGateway", "ClientError"), "integration_errors": ("AWS/ApiGateway", "IntegrationError"),
        "execution_errors": ("AWS/ApiGateway", "ExecutionError"),
    }
    api = [{"Name": "ApiId", "Value": api_id}, {"Name": "Stage", "Value": "prod"}]
    out = [{"Id": f"q{i}", "MetricStat": {"Metric": {"Namespace": ns, "MetricName": name, "Dimensions": api},
                                         "Period": 60, "Stat": "Sum"}} for i, (ns, name) in enumerate(series.values())]
    for role in ("connect", "disconnect", "processor"):
        for name, stat in (("Invocations", "Sum"), ("Errors", "Sum"), ("Throttles", "Sum"),
                           ("ConcurrentExecutions", "Maximum")):
            out.append({"Id": f"q{len(out)}", "MetricStat": {"Metric": {
                "Namespace": "AWS/Lambda", "MetricName": name,
                "Dimensions": [{"Name": "FunctionName", "Value": f"{PREFIX}-{role}"}]}, "Period": 60, "Stat": stat}})
    return out


def live(env, cwd, refreshes):
    """(peak RSS MB, render p50, render max, draw p50, draw max (ms), wall s) of the live view in a
    160x50 pty. Render: layout into ratatui's buffer; draw: that plus writing to the terminal."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.execve(IOPS, [IOPS, "-v", "top", "--refresh", "100ms", "--refreshes", str(refreshes)], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    started = time.perf_counter()
    output = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            output += chunk[-4096:] if len(output) > 1 << 20 else chunk
            output = output[-(1 << 20):]
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    text = output.decode("utf-8", "replace")
    found = re.search(r"render_p50_ms=([\d.]+) render_max_ms=([\d.]+) draw_p50_ms=([\d.]+) draw_max_ms=([\d.]+)",
                      re.sub(r"\x1b\[[0-9;]*m", "", text))
    if os.waitstatus_to_exitcode(status) != 0 or not found:
        sys.exit(f"live view failed ({status}): {text[-2000:]}")
    return (usage.ru_maxrss / 1024, *(float(found.group(i)) for i in range(1, 5)), wall)


def main():
    moto, endpoint = start_moto()
    env = aws_env(endpoint, TERM="xterm-256color")
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"iops-bench-top-{os.getpid()}"
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        # moto picks the API id: the seeded datapoints and the config use the one it picked.
        seeded = json.loads(subprocess.run([PYTHON, str(ROOT / "tests/support/top_stack.py"), endpoint, PREFIX,
                                            json.dumps(SPEC)], check=True, capture_output=True).stdout)
        (workdir / "iops.toml").write_text(CONFIG.replace("{api_id}", seeded["api_id"]))
        report = json.loads(subprocess.run([IOPS, "top", "--once", "-o", "json"], env=env, cwd=workdir, check=True,
                                           capture_output=True).stdout)
        (workdir / "queries.json").write_text(json.dumps(queries(report, seeded["api_id"])))
        now = int(time.time())
        start, end = (now // 60 - 29) * 60, (now // 60 + 1) * 60
        iops = measure([[IOPS, "top", "--once", "-o", "json"]], env, cwd=workdir)
        aws = measure(aws_commands(endpoint, workdir / "queries.json", start, end, start * 1000), env, cwd=workdir)
        print(f"machine: {os.cpu_count()} cores; moto server; best of 5")
        print(f"the runbook's 30-minute report ({len(report['figures'])} figures; "
              f"requests per refresh: {report['requests']}):")
        print(f"  iops top --once -o json: wall {iops[0] * 1000:.0f} ms, CPU {iops[1] * 1000:.0f} ms")
        print(f"  aws cloudwatch get-metric-data + logs filter-log-events x5 + dynamodb scan (8 commands):"
              f" wall {aws[0] * 1000:.0f} ms, CPU {aws[1] * 1000:.0f} ms -> iops {aws[0] / iops[0]:.1f}x faster")
        few = live(env, workdir, 100)
        many = live(env, workdir, REFRESHES)
        print(f"live view, 160x50 pty, refresh every 100 ms:")
        for count, run in ((100, few), (REFRESHES, many)):
            print(f"  {count} refreshes: peak RSS {run[0]:.1f} MB; render p50 {run[1]:.2f} ms (max {run[2]:.2f}),"
                  f" draw incl. terminal write p50 {run[3]:.2f} ms (max {run[4]:.2f});"
                  f" {run[5]:.1f} s = {run[5] / count * 1000:.0f} ms per refresh incl. the 100 ms wait")
    finally:
        stop(moto)


if __name__ == "__main__":
    main()
