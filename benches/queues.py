#!/usr/bin/env python3
"""Benchmarks `iops queue` on a fresh moto server. Not a test.

1. status of 5 queues (backlog, DLQ, consumers, oldest age) against the runbook's commands:
   `aws sqs get-queue-attributes` per queue + `aws lambda list-event-source-mappings` (aws CLI).
2. `queue stale` over 1,000, 10,000 and 100,000 messages (half of them for a gone connection)
   against benches/sqs_server.py, a synthetic SQS queue and management API (moto spends ~1 s per
   ReceiveMessage on a queue of 1,000): messages/s and the whole process's peak memory.
"""
import json
import os
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IOPS = str(ROOT / "target" / "release" / "iops")
AWS = str(ROOT / ".venv-bench" / "bin" / "aws")
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(commands, env, repeat=5):
    best = None
    for _ in range(repeat):
        before = os.times()
        started = time.perf_counter()
        for command in commands:
            # A failing command would be a fast wrong baseline: every one must succeed.
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        wall = time.perf_counter() - started
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        best = (wall, cpu) if best is None or wall < best[0] else best
    return best


def stack(endpoint, prefix, spec):
    out = subprocess.run([PYTHON, str(ROOT / "tests/support/sqs_stack.py"), endpoint, prefix, json.dumps(spec)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def stale_run(env, queue, endpoint):
    """(wall seconds, peak RSS in MB) of one `queue stale` process."""
    started = time.perf_counter()
    child = subprocess.Popen([IOPS, "queue", "stale", queue, "--endpoint", endpoint, "-o", "json"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024


port = free_port()
moto = subprocess.Popen([str(ROOT / ".venv/bin/moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
endpoint = f"http://127.0.0.1:{port}"
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
        break
    except OSError:
        time.sleep(0.1)
env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="b", AWS_SECRET_ACCESS_KEY="b",
           AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
           NO_PROXY="127.0.0.1,localhost", AWS_PAGER="")
try:
    queues = [stack(endpoint, f"bench{i}", {"visible": 20, "dlq_messages": 2, "age_metric": 30}) for i in range(5)]
    urls = [q["queue_url"] for q in queues]
    iops = measure([[IOPS, "queue", "status", *urls, "-o", "json"]], env)
    # The aws CLI (botocore 1.43) ignores AWS_ENDPOINT_URL for SQS and would go to
    # queue.amazonaws.com: every aws command names the endpoint.
    aws = measure([[AWS, "--endpoint-url", endpoint, "sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names",
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] for url in urls]
                  + [[AWS, "--endpoint-url", endpoint, "lambda", "list-event-source-mappings", "--function-name", queues[0]["function"]]], env)
    print(f"machine: {os.cpu_count()} cores; moto server; best of 5")
    print(f"status of 5 queues (backlog, in flight, delayed, oldest age, DLQ depth, consumers + their timeouts):")
    print(f"  iops queue status: wall {iops[0] * 1000:.0f} ms, CPU {iops[1] * 1000:.0f} ms")
    print(f"  aws sqs get-queue-attributes x5 + aws lambda list-event-source-mappings (2 attributes, 1 function):"
          f" wall {aws[0] * 1000:.0f} ms, CPU {aws[1] * 1000:.0f} ms -> iops {aws[0] / iops[0]:.1f}x faster")

    # moto needs ~1 s per ReceiveMessage once a queue holds 1,000 messages: the scan is measured
    # against benches/sqs_server.py, which also plays the management API.
    for count in (1_000, 10_000, 100_000):
        server = subprocess.Popen([PYTHON, str(ROOT / "benches" / "sqs_server.py"), str(count)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        port = int(server.stdout.readline())
        synthetic = dict(env, AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}")
        wall, rss = stale_run(synthetic, "bench-queue", f"http://127.0.0.1:{port}/prod")
        server.stdin.close()
        server.wait()
        print(f"queue stale, {count:,} messages (half gone; synthetic SQS): wall {wall:.2f} s,"
              f" {count / wall:,.0f} messages/s, peak memory {rss:.1f} MB")
finally:
    moto.terminate()
    moto.wait()
