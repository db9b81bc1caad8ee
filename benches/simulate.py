#!/usr/bin/env python3
"""Benchmarks `iops simulate` side by side with what users would otherwise run.

1. Local generation + aggregation: iops vs a straightforward Python script (random + Decimal).
2. Events as ndjson into /dev/null: iops --to stdout vs the same in Python.
3. 500 events into Kinesis on a fresh moto server: iops vs boto3 put_record one event at a time
   (what the seed's simulator Lambda did: 57.45 s on AWS) and boto3 put_records in 500s.

Not a test: it prints figures and ratios. Run it with scripts/bench-simulate.
"""
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IOPS = str(ROOT / "target" / "release" / "iops")
REPEAT = 3
TYPES = ["session_started"] * 35 + ["session_completed"] * 35 + ["customer_health_update"] * 20 + ["alert_raised"] * 10


def best_of(fn, repeat=REPEAT):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def run_iops(args, env=None):
    subprocess.run([IOPS, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)


def python_events(streams, per_stream, seed=1):
    rng = random.Random(seed)
    for n in range(streams * per_stream):
        kind = rng.choice(TYPES)
        stream = n % streams
        if kind == "session_completed":
            value = max(rng.randint(10, 50), rng.randint(10, 50))
        elif kind == "customer_health_update":
            value = rng.randint(600, 1000) if rng.randrange(100) < 85 else rng.randint(0, 599)
        else:
            value = 0
        yield n, stream, kind, value


def python_aggregate(streams, per_stream):
    totals = [[0, 0, 0, None, 0] for _ in range(streams)]  # completed, started, rating sum, health, alerts
    for _, stream, kind, value in python_events(streams, per_stream):
        t = totals[stream]
        if kind == "session_completed":
            t[0] += 1
            t[2] += value
        elif kind == "session_started":
            t[1] += 1
        elif kind == "customer_health_update":
            t[3] = value
        else:
            t[4] += 1
    out = []
    for i, t in enumerate(totals):
        avg = (Decimal(t[2]) / 10 / t[0]).quantize(Decimal("0.01"), ROUND_HALF_UP) if t[0] else None
        out.append({"entity_id": f"stream-{i + 1:03}", "sessions_30d": t[0], "avg_rating": str(avg), "alert_count": t[4]})
    json.dump(out, open(os.devnull, "w"))


def python_ndjson(streams, per_stream):
    with open(os.devnull, "w") as sink:
        for n, stream, kind, value in python_events(streams, per_stream):
            event = {
                "event_id": f"sim-1-{n}",
                "entity_id": f"stream-{stream + 1:03}",
                "entity_type": "stream",
                "event_type": kind,
                "timestamp": "2026-01-01T00:00:00.000Z",
                "payload": {"value": value / 10},
            }
            sink.write(json.dumps(event) + "\n")


def bench_local():
    streams, per_stream = 1000, 10_000
    n = streams * per_stream
    iops_best, iops_median = best_of(lambda: run_iops(["simulate", "--streams", str(streams), "--events-per-stream", str(per_stream), "--output", "json"]))
    py_n = 1000 * 1000
    py_best, _ = best_of(lambda: python_aggregate(1000, 1000), repeat=1)
    iops_rate, py_rate = n / iops_best, py_n / py_best
    print(f"local generate+aggregate  iops: {n:,} events in {iops_best:.3f} s (median {iops_median:.3f} s) = {iops_rate / 1e6:.1f} M events/s")
    print(f"                          python: {py_n:,} events in {py_best:.3f} s = {py_rate / 1e6:.2f} M events/s")
    print(f"                          ratio: iops is {iops_rate / py_rate:.0f}x faster")


def bench_stdout():
    streams, per_stream = 1000, 10_000
    n = streams * per_stream
    iops_best, iops_median = best_of(lambda: run_iops(["simulate", "--streams", str(streams), "--events-per-stream", str(per_stream), "--to", "stdout"]))
    py_n = 1000 * 300
    py_best, _ = best_of(lambda: python_ndjson(1000, 300), repeat=1)
    iops_rate, py_rate = n / iops_best, py_n / py_best
    print(f"ndjson to /dev/null       iops: {n:,} events in {iops_best:.3f} s (median {iops_median:.3f} s) = {iops_rate / 1e6:.1f} M events/s")
    print(f"                          python: {py_n:,} events in {py_best:.3f} s = {py_rate / 1e6:.2f} M events/s")
    print(f"                          ratio: iops is {iops_rate / py_rate:.0f}x faster")


def bench_kinesis():
    import tempfile

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no per-request access log
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server.get_host_and_port()[1]}"
    env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
               AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
               NO_PROXY="127.0.0.1,localhost")
    env.pop("AWS_PROFILE", None)
    client = boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="bench", aws_secret_access_key="bench")
    events = tempfile.NamedTemporaryFile(suffix=".ndjson")
    events.write(subprocess.run([IOPS, "simulate", "--seed", "1", "--to", "stdout"], capture_output=True, check=True).stdout)
    events.flush()
    counter = iter(range(1000))
    script = str(ROOT / "benches" / "kinesis_boto3.py")

    def new_stream():
        name = f"bench-{next(counter)}"
        client.create_stream(StreamName=name, ShardCount=2)
        return name

    def measure(command_for, repeat):
        """Whole process (interpreter or binary start-up included) and, for boto3, the send loop alone."""
        wall, loop = [], []
        for _ in range(repeat):
            command = command_for(new_stream())
            started = time.perf_counter()
            out = subprocess.run(command, capture_output=True, check=True, env=env).stdout
            wall.append(time.perf_counter() - started)
            if command[0] == sys.executable:
                loop.append(float(out.decode().strip()))
        return min(wall), (min(loop) if loop else None)

    iops_wall, _ = measure(lambda s: [IOPS, "-q", "simulate", "--seed", "1", "--to", f"kinesis:{s}"], 5)
    one_wall, one_loop = measure(lambda s: [sys.executable, script, "one", s, events.name], 3)
    batch_wall, batch_loop = measure(lambda s: [sys.executable, script, "batched", s, events.name], 5)
    server.stop()
    print(f"500 events to Kinesis     iops, whole process: {iops_wall * 1000:.0f} ms")
    print(f"  (moto, 2 shards)        boto3 put_record x500: {one_wall * 1000:.0f} ms whole process "
          f"({one_loop * 1000:.0f} ms send loop) -> iops {one_wall / iops_wall:.0f}x faster "
          f"({one_loop / iops_wall:.0f}x vs the loop alone)")
    print(f"                          boto3 put_records in 500s: {batch_wall * 1000:.0f} ms whole process "
          f"({batch_loop * 1000:.0f} ms send loop) -> iops {batch_wall / iops_wall:.1f}x faster "
          f"({batch_loop / iops_wall:.2f}x vs the loop alone)")
    print("                          the seed's simulator Lambda on AWS: 57,450 ms")


if __name__ == "__main__":
    which = sys.argv[1:] or ["local", "stdout", "kinesis"]
    print(f"machine: {os.cpu_count()} cores; best of {REPEAT} unless noted")
    for name in which:
        globals()[f"bench_{name}"]()
