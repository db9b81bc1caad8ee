#!/usr/bin/env python3
"""Benchmarks `iops logs` side by side with what users would otherwise run.

1. 100,000 events across 4 log groups on a fresh moto server: `iops logs tail PREFIX --since 1h
   --output ndjson` vs `aws logs filter-log-events` (aws CLI from PyPI) paging the same events,
   one call per group as users must. CPU time (user + sys of the client process) and wall time.
2. `iops logs stats --from-file` on 2,000,000 REPORT lines: lines per second.
3. Structured logs: `iops logs tail --from-file F --level error --field requestId` over 1,000,000
   Lambda JSON log lines, against `jq -c 'select(.level=="ERROR") | .requestId'` on the same file.
4. Follow latency, event written -> line printed (median, p99 over 120 events written 10 a
   second): iops live (Live Tail, served by benches/livetail_server.py in front of moto as AWS
   serves it: one open session, an update every second), iops polling, and `aws logs tail
   --follow`'s loop (benches/aws_tail_follow.py: PyPI's awscli is v1, which has no `logs tail`).

Not a test: it prints figures and ratios. Run it with scripts/bench-logs.
"""
import logging
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IOPS = os.environ.get("IOPS_BIN", str(ROOT / "target" / "release" / "iops"))
AWS = str(ROOT / ".venv-bench" / "bin" / "aws")
GROUPS = 4
PER_GROUP = 25_000


def run(commands, env):
    """Runs the commands one after another; returns (wall s, CPU s of the children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for command in commands:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best(commands, env, repeat=3):
    results = [run(commands, env) for _ in range(repeat)]
    return min(r[0] for r in results), min(r[1] for r in results)


def bench_tail():
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server.get_host_and_port()[1]}"
    env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
               AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
               NO_PROXY="127.0.0.1,localhost", AWS_PAGER="")
    env.pop("AWS_PROFILE", None)
    logs = boto3.client("logs", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="bench", aws_secret_access_key="bench")
    now = int(time.time() * 1000)
    groups = [f"/aws/lambda/bench-Stack-Function{i}" for i in range(GROUPS)]
    for group in groups:
        logs.create_log_group(logGroupName=group)
        logs.create_log_stream(logGroupName=group, logStreamName="s")
        events = [{"timestamp": now - 1_800_000 + i * 50, "message": f"Processing event {i}: session_completed rating 4.5"}
                  for i in range(PER_GROUP)]
        for i in range(0, PER_GROUP, 10_000):
            logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=events[i:i + 10_000])
    since = str(now - 3_600_000)
    iops = [[IOPS, "logs", "tail", "/aws/lambda/bench-", "--since", "1h", "--output", "ndjson"]]
    aws = [[AWS, "logs", "filter-log-events", "--log-group-name", g, "--start-time", since, "--output", "json"] for g in groups]
    iops_wall, iops_cpu = best(iops, env)
    aws_wall, aws_cpu = best(aws, env)
    server.stop()
    total = GROUPS * PER_GROUP
    print(f"tail {total:,} events in {GROUPS} groups (moto)")
    print(f"  iops logs tail (one command):       wall {iops_wall:.2f} s, CPU {iops_cpu:.2f} s")
    print(f"  aws logs filter-log-events x{GROUPS}:    wall {aws_wall:.2f} s, CPU {aws_cpu:.2f} s")
    print(f"  ratio: iops uses 1/{aws_cpu / max(iops_cpu, 1e-9):.0f} of the CPU time and {iops_wall / aws_wall:.2f}x the wall time")


def bench_stats():
    random.seed(1)
    lines = 2_000_000
    with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
        for i in range(lines):
            d = random.uniform(1, 900)
            init = f"\tInit Duration: {random.uniform(100, 400):.2f} ms" if i % 50 == 0 else ""
            f.write(f"REPORT RequestId: {i:08x}-1111-4222-8333-944455556666\tDuration: {d:.2f} ms\tBilled Duration: "
                    f"{int(d) + 1} ms\tMemory Size: 256 MB\tMax Memory Used: {random.randint(60, 200)} MB{init}\t\n")
        f.flush()
        wall, cpu = best([[IOPS, "logs", "stats", "--from-file", f.name, "--output", "ndjson"]], dict(os.environ))
    print(f"logs stats --from-file: {lines:,} REPORT lines in {wall:.2f} s = {lines / wall / 1e6:.1f} M lines/s (CPU {cpu:.2f} s)")


def bench_structured():
    random.seed(2)
    lines = 1_000_000
    levels = ["INFO"] * 8 + ["WARN", "ERROR"]
    with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
        for i in range(lines):
            level = random.choice(levels)
            f.write(f'{{"timestamp":"2026-11-25T12:{i // 60000 % 60:02d}:{i // 1000 % 60:02d}.{i % 1000:03d}Z","level":"{level}",'
                    f'"message":"Processed batch {i}","requestId":"{i:08x}-95b1-4643-9700-2807f4e68189",'
                    f'"service":"payment","duration_ms":{random.uniform(1, 900):.2f}}}\n')
        f.flush()
        iops = [IOPS, "logs", "tail", "--from-file", f.name, "--level", "error", "--field", "requestId",
                "--format", "message"]
        jq = ["jq", "-c", 'select(.level=="ERROR") | .requestId', f.name]
        iops_wall, iops_cpu = best([iops], dict(os.environ))
        try:
            jq_wall, jq_cpu = best([jq], dict(os.environ))
        except FileNotFoundError:
            jq_wall = jq_cpu = None
    print(f"structured: --level error --field requestId over {lines:,} JSON lines")
    print(f"  iops logs tail --from-file: {iops_wall:.2f} s = {lines / iops_wall / 1e6:.2f} M lines/s (CPU {iops_cpu:.2f} s)")
    if jq_wall is None:
        print("  jq: absent (apt-get install jq)")
    else:
        print(f"  jq -c 'select(.level==\"ERROR\") | .requestId': {jq_wall:.2f} s = {lines / jq_wall / 1e6:.2f} M lines/s")
        print(f"  ratio: iops {jq_wall / iops_wall:.1f}x faster than jq")


def follow_latencies(command, env, logs, group, events=120, per_second=10):
    """Starts `command`, writes `events` lines ("lat <written ms>") into `group` at `per_second`,
    and returns each line's latency (printed - written, ms) as the command prints it."""
    import threading
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    time.sleep(3)  # the window read and the sessions open
    latencies = []

    def read():
        for line in process.stdout:
            if "lat " in line:
                written = int(line.rsplit("lat ", 1)[1].split()[0])
                latencies.append(time.time() * 1000 - written)
                if len(latencies) == events:
                    return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    for i in range(events):
        now = int(time.time() * 1000)
        logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now, "message": f"lat {now}"}])
        time.sleep(1 / per_second)
    reader.join(timeout=30)
    process.terminate()
    process.wait()
    return sorted(latencies)


def bench_follow():
    import boto3
    sys.path.insert(0, str(ROOT / "benches"))
    from bench_common import aws_env, start_moto, start_server, stop
    import urllib.request

    moto, moto_endpoint = start_moto()
    live, endpoint = start_server([sys.executable, str(ROOT / "benches" / "livetail_server.py"), moto_endpoint])
    env = aws_env(endpoint)
    logs = boto3.client("logs", endpoint_url=moto_endpoint, region_name="us-east-1",
                        aws_access_key_id="bench", aws_secret_access_key="bench")
    print("follow latency, event written -> line printed, 120 events at 10/s")
    rows = []
    for name, command in [
        ("iops logs tail -f (Live Tail)", [IOPS, "logs", "tail", "{g}", "-f", "--since", "1m", "--format", "message"]),
        ("iops logs tail -f --poll", [IOPS, "logs", "tail", "{g}", "-f", "--poll", "--since", "1m", "--format", "message"]),
        ("aws logs tail --follow (v2 loop)", [sys.executable, str(ROOT / "benches" / "aws_tail_follow.py"), "{g}",
                                              str(int(time.time() * 1000) - 60_000)]),
    ]:
        group = f"/aws/lambda/bench-follow-{len(rows)}"
        logs.create_log_group(logGroupName=group)
        logs.create_log_stream(logGroupName=group, logStreamName="s")
        calls_before = int(urllib.request.urlopen(endpoint).read())
        latencies = follow_latencies([part.replace("{g}", group) for part in command], env, logs, group)
        calls = int(urllib.request.urlopen(endpoint).read()) - calls_before
        if not latencies:
            rows.append((name, None, None, 0, calls))
            continue
        median = latencies[len(latencies) // 2]
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        rows.append((name, median, p99, len(latencies), calls))
    stop(live)
    stop(moto)
    for name, median, p99, count, calls in rows:
        if median is None:
            print(f"  {name:<32} nothing printed")
        else:
            print(f"  {name:<32} median {median / 1000:5.2f} s, p99 {p99 / 1000:5.2f} s ({count} lines; {calls} FilterLogEvents calls)")
    live_median, poll_median, aws_median = (r[1] for r in rows)
    if live_median and aws_median:
        print(f"  ratio: live median 1/{aws_median / live_median:.1f} of the aws CLI's; polling {poll_median / aws_median:.2f}x")


def bench_follow_memory():
    """RSS of `logs tail -f` over FOLLOW_SECONDS (default 600) at 500 events/s of 1 KB pushed by
    Live Tail: what it keeps to print every event exactly once must not grow with the messages."""
    import boto3
    sys.path.insert(0, str(ROOT / "benches"))
    from bench_common import aws_env, start_moto, start_server, stop

    seconds = int(os.environ.get("FOLLOW_SECONDS", "600"))
    rate, size = 500, 1024
    moto, moto_endpoint = start_moto()
    flood, endpoint = start_server([sys.executable, str(ROOT / "benches" / "livetail_flood.py"), moto_endpoint,
                                    str(rate), str(size), str(seconds)])
    logs = boto3.client("logs", endpoint_url=moto_endpoint, region_name="us-east-1",
                        aws_access_key_id="bench", aws_secret_access_key="bench")
    group = "/aws/lambda/bench-follow-memory"
    logs.create_log_group(logGroupName=group)
    process = subprocess.Popen([IOPS, "logs", "tail", group, "-f", "--since", "1m", "-o", "ndjson"],
                               env=aws_env(endpoint), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = [0]

    def count():
        for _ in process.stdout:
            lines[0] += 1

    import threading
    threading.Thread(target=count, daemon=True).start()
    samples = []
    started = time.time()
    while time.time() - started < seconds + 10 and process.poll() is None:
        time.sleep(10)
        with open(f"/proc/{process.pid}/status") as status:
            rss_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        samples.append((time.time() - started, rss_kb / 1024))
    import urllib.request
    pushed = int(urllib.request.urlopen(endpoint).read())
    process.terminate()
    process.wait()
    stop(flood)
    stop(moto)
    print(f"follow memory: {seconds} s of Live Tail at {rate} events/s of {size} B (every tenth written twice)")
    for at, rss in samples[:: max(1, len(samples) // 6)] + samples[-1:]:
        print(f"  after {at:5.0f} s: RSS {rss:5.1f} MB")
    print(f"  max RSS {max(rss for _, rss in samples):.1f} MB; {lines[0]:,} lines printed of {pushed:,} pushed")


if __name__ == "__main__":
    which = sys.argv[1:] or ["tail", "stats", "structured", "follow", "follow_memory"]
    print(f"machine: {os.cpu_count()} cores; best of 3")
    for name in which:
        globals()[f"bench_{name}"]()
