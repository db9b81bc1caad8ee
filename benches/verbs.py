#!/usr/bin/env python3
"""Benchmarks the verbs that follow a diagnosis (issue 25). Not a test.

1. `iops table query` of one partition of 10,000 items and `iops table get` (one whole process
   each) beside `aws dynamodb query` / `aws dynamodb get-item` on the same moto server: wall and
   client CPU, best of 3.
2. `iops queue redrive --client-side` of 1,000, 10,000 and 100,000 messages against
   benches/sqs_server.py (a synthetic SQS: moto spends ~1 s per ReceiveMessage on a queue of
   1,000): messages/s and the whole process's peak memory.
"""
import json
import os
import subprocess
import time

import boto3

from bench_common import AWS, IOPS, PYTHON, ROOT, aws_env, start_moto, stop

ITEMS = 10_000


def fill(endpoint, table):
    kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="b", aws_secret_access_key="b")
    dynamodb = boto3.client("dynamodb", **kw)
    dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                          AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                                {"AttributeName": "sk", "AttributeType": "N"}],
                          KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}])
    resource = boto3.resource("dynamodb", **kw).Table(table)
    with resource.batch_writer() as batch:
        for i in range(ITEMS):
            batch.put_item(Item={"pk": "user#1", "sk": i, "status": "open" if i % 2 else "closed",
                                 "connectedAt": 1764000000000 + i, "sourceIp": f"10.0.{i % 256}.{i // 256 % 256}"})


def best_of(command, env, repeat=3):
    """Best (wall, CPU) seconds of `repeat` runs, CPU from the child's own rusage."""
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        assert status == 0, f"{command[0]} exited {status >> 8}"
        wall = time.perf_counter() - started
        cpu = usage.ru_utime + usage.ru_stime
        best = (wall, cpu) if best is None or wall < best[0] else best
    return best


def count_lines(command, env):
    return len(subprocess.run(command, env=env, capture_output=True, check=True).stdout.splitlines())


def keys():
    moto, endpoint = start_moto()
    env = aws_env(endpoint)
    try:
        fill(endpoint, "bench-keys")
        query_iops = [IOPS, "table", "query", "bench-keys", "--key", 'pk = "user#1"', "-o", "ndjson"]
        query_aws = [AWS, "dynamodb", "query", "--table-name", "bench-keys", "--key-condition-expression", "pk = :p",
                     "--expression-attribute-values", '{":p":{"S":"user#1"}}']
        assert count_lines(query_iops, env) == ITEMS, "iops read every item"
        assert len(json.loads(subprocess.run(query_aws, env=env, capture_output=True, check=True).stdout)["Items"]) == ITEMS
        get_iops = [IOPS, "table", "get", "bench-keys", "pk=user#1", "sk=4242", "-o", "json"]
        get_aws = [AWS, "dynamodb", "get-item", "--table-name", "bench-keys", "--key", '{"pk":{"S":"user#1"},"sk":{"N":"4242"}}']
        print(f"machine: {os.cpu_count()} cores; moto server; whole processes, best of 3")
        for name, ours, theirs in [(f"query, one partition of {ITEMS:,} items", query_iops, query_aws),
                                   ("get, one item by its whole key", get_iops, get_aws)]:
            mine, other = best_of(ours, env), best_of(theirs, env)
            print(f"{name}:")
            print(f"  iops:    wall {mine[0] * 1000:7.0f} ms, CPU {mine[1] * 1000:6.1f} ms")
            print(f"  aws CLI: wall {other[0] * 1000:7.0f} ms, CPU {other[1] * 1000:6.0f} ms"
                  f" -> iops uses 1/{other[1] / mine[1]:.0f} of the CPU, {other[0] / mine[0]:.1f}x faster")
    finally:
        stop(moto)


def redrive():
    for count in (1_000, 10_000, 100_000):
        server = subprocess.Popen([PYTHON, str(ROOT / "benches" / "sqs_server.py"), str(count)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        port = int(server.stdout.readline())
        env = aws_env(f"http://127.0.0.1:{port}")
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", IOPS, "queue", "redrive", "bench-queue", "--to", "bench-dest",
                               "--yes", "--client-side", "-o", "json"], env=env, capture_output=True)
        wall = time.perf_counter() - started
        out, status = done.stdout, done.returncode
        rss_mb = int(done.stderr.decode().strip().splitlines()[-1]) / 1024
        server.stdin.close()
        server.wait()
        moved = json.loads(out)[0]["moved"] if status == 0 else f"exit {status}"
        print(f"queue redrive --client-side, {count:,} messages (synthetic SQS): moved {moved}, wall {wall:.2f} s,"
              f" {count / wall:,.0f} messages/s, peak memory {rss_mb:.1f} MB")


if __name__ == "__main__":
    keys()
    redrive()
