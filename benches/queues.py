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
import subprocess
import time

from bench_common import IOPS, PYTHON, ROOT, AWS, aws_env, measure, start_moto, stop


def stack(endpoint, prefix, spec):
    out = subprocess.run([PYTHON, str(ROOT / "tests/support/sqs_stack.py"), endpoint, prefix, json.dumps(spec)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def stale_run(env, queue, endpoint):
    """(wall seconds, peak RSS in MB) of one `queue stale` process, under /usr/bin/time: a child
    forked from this Python would keep the interpreter's size as its peak (Linux keeps the
    high-water mark across exec)."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", IOPS, "queue", "stale", queue, "--endpoint", endpoint, "-o", "json"],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    return wall, int(done.stderr.decode().strip().splitlines()[-1]) / 1024


moto, endpoint = start_moto()
env = aws_env(endpoint)
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
    stop(moto)
