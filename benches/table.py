#!/usr/bin/env python3
"""Benchmarks `iops table scan` side by side with `aws dynamodb scan` (aws CLI from PyPI) and a
boto3 paginator script, against the synthetic Scan server (benches/scan_server.py):

1. client CPU (user + sys) and wall time for 100,000 items;
2. wall time with --segments 8 vs --segments 1 at 30 ms per page;
3. peak RSS from 10,000 to 1,000,000 items;
4. `iops connections count|list` on 1,000,000 items (CPU per item, peak RSS);
5. on moto, a 1,200-item table scanned by iops equals the aws CLI's output (correctness);
6. `-o csv` of 100,000 items (the csv crate, streamed) vs `-o ndjson`, and vs the aws CLI piped
   through jq's @csv, the usual way to get a CSV out of a table.

Not a test: it prints figures and ratios. Run it with scripts/bench-table.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IOPS = str(ROOT / "target" / "release" / "iops")
AWS = str(ROOT / ".venv-bench" / "bin" / "aws")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ENV = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_REGION="us-east-1",
           AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true", NO_PROXY="127.0.0.1,localhost", AWS_PAGER="")
ENV.pop("AWS_PROFILE", None)


class ScanServer:
    def __init__(self, items, latency_ms=30):
        self.process = subprocess.Popen([PYTHON, str(ROOT / "benches" / "scan_server.py"), str(items), str(latency_ms)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.endpoint = f"http://127.0.0.1:{int(self.process.stdout.readline())}"

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def measure(command, env):
    """Wall s, CPU s (user + sys) and peak RSS MB of one run, via GNU time."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *command], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=True)
    wall = time.perf_counter() - started
    user, system, rss_kb = done.stderr.decode().strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(rss_kb) / 1024


def best(command, env, repeat=3):
    runs = [measure(command, env) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


def bench_cpu():
    server = ScanServer(100_000)
    env = dict(ENV, AWS_ENDPOINT_URL=server.endpoint)
    best([IOPS, "table", "scan", "bench", "--output", "ndjson"], env, repeat=1)  # warm the page cache
    iops = best([IOPS, "table", "scan", "bench", "--output", "ndjson"], env)
    aws = best([AWS, "dynamodb", "scan", "--table-name", "bench", "--output", "json"], env, repeat=2)
    boto = best([PYTHON, str(ROOT / "benches" / "scan_boto3.py"), server.endpoint, "bench"], env)
    server.close()
    print("scan 100,000 items (synthetic server, 30 ms/page)")
    print(f"  iops table scan:      wall {iops[0]:.2f} s, CPU {iops[1]:.2f} s {per_item(iops[1], 100_000)}, RSS {iops[2]:.0f} MB")
    print(f"  aws dynamodb scan:    wall {aws[0]:.2f} s, CPU {aws[1]:.2f} s {per_item(aws[1], 100_000)}, RSS {aws[2]:.0f} MB"
          f"  -> iops uses 1/{aws[1] / iops[1]:.0f} of its CPU")
    print(f"  boto3 paginator:      wall {boto[0]:.2f} s, CPU {boto[1]:.2f} s {per_item(boto[1], 100_000)}, RSS {boto[2]:.0f} MB"
          f"  -> iops uses 1/{boto[1] / iops[1]:.1f} of its CPU")


def per_item(cpu, items):
    """CPU per item and items per CPU-second (one core)."""
    return f"({cpu / items * 1e6:.1f} µs/item, {items / cpu / 1000:,.0f}k items/s per core)"


def bench_segments():
    server = ScanServer(100_000)
    env = dict(ENV, AWS_ENDPOINT_URL=server.endpoint)
    for segments in (1, 8):  # warm the server's answer cache
        measure([IOPS, "table", "scan", "bench", "--segments", str(segments), "--output", "ndjson"], env)
    one = best([IOPS, "table", "scan", "bench", "--segments", "1", "--output", "ndjson"], env)
    eight = best([IOPS, "table", "scan", "bench", "--segments", "8", "--output", "ndjson"], env)
    alone_one = min(server_alone(server.endpoint, 1) for _ in range(3))
    alone_eight = min(server_alone(server.endpoint, 8) for _ in range(3))
    server.close()
    print(f"segments (100,000 items, 30 ms/page): 1 segment {one[0]:.2f} s, 8 segments {eight[0]:.2f} s -> {eight[0] / one[0]:.2f}x the wall time")
    print(f"  the server alone (a client that only reads the bytes): 1 segment {alone_one:.2f} s, 8 segments {alone_eight:.2f} s"
          f" -> {alone_eight / alone_one:.2f}x")
    over = eight[0] / alone_eight
    cores = os.cpu_count()
    if over <= 1.15:
        limit = "the server (iops is within 15% of its own floor)"
    else:
        limit = (f"iops: it used {eight[1]:.2f} s CPU in {eight[0]:.2f} s on {cores} cores shared with the server"
                 f" (the server alone needs {alone_eight:.2f} s)")
    print(f"  at 8 segments iops takes {over:.2f}x the server-alone time; the limit is {limit}")


def server_alone(endpoint, segments):
    """Wall time of a scan by a client that only reads each page's bytes (one thread and one
    keep-alive connection per segment, the next key found by a byte search): what the server
    alone allows, so the figure can say whether iops or the server is the limit."""
    import http.client
    import re
    import threading

    host, port = endpoint.removeprefix("http://").split(":")
    headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.Scan"}

    def one(segment):
        connection = http.client.HTTPConnection(host, int(port))
        start = None
        while True:
            request = {"TableName": "bench", "Segment": segment, "TotalSegments": segments}
            if start:
                request["ExclusiveStartKey"] = {"connectionId": {"S": start}}
            connection.request("POST", "/", json.dumps(request), headers)
            tail = connection.getresponse().read()[-200:]
            found = re.search(rb'"LastEvaluatedKey":\{"connectionId":\{"S":"([^"]+)"', tail)
            if not found:
                return
            start = found.group(1).decode()

    started = time.perf_counter()
    threads = [threading.Thread(target=one, args=(s,)) for s in range(segments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def bench_memory():
    print("peak RSS of iops table scan by table size:")
    for items in (10_000, 100_000, 1_000_000):
        server = ScanServer(items, latency_ms=0)
        env = dict(ENV, AWS_ENDPOINT_URL=server.endpoint)
        wall, cpu, rss = measure([IOPS, "table", "scan", "bench", "--segments", "4", "--output", "ndjson"], env)
        server.close()
        print(f"  {items:>9,} items: {rss:.1f} MB (wall {wall:.2f} s, CPU {cpu:.2f} s {per_item(cpu, items)})")


def bench_connections():
    """The connections commands still read items through the SDK's attribute maps, and `list`
    holds every record to sort them newest first: their cost at 1M items, for the record."""
    server = ScanServer(1_000_000, latency_ms=0)
    env = dict(ENV, AWS_ENDPOINT_URL=server.endpoint)
    measure([IOPS, "table", "scan", "bench", "--count"], env)  # render the server's answers once
    print("iops connections on 1,000,000 items (synthetic server, no latency):")
    for command in ("count", "list"):
        wall, cpu, rss = measure([IOPS, "connections", "--table", "bench", command, "--output", "ndjson"], env)
        print(f"  connections {command:<5}  wall {wall:.2f} s, CPU {cpu:.2f} s {per_item(cpu, 1_000_000)}, peak RSS {rss:.0f} MB")
    server.close()


def bench_csv():
    server = ScanServer(100_000, latency_ms=0)
    env = dict(ENV, AWS_ENDPOINT_URL=server.endpoint)
    fields = "connectionId,connected,connectedAt,sourceIp,userAgent,ttl"
    best([IOPS, "table", "scan", "bench", "--output", "csv"], env, repeat=1)  # warm up
    csv = best([IOPS, "table", "scan", "bench", "--fields", fields, "--output", "csv"], env)
    ndjson = best([IOPS, "table", "scan", "bench", "--fields", fields, "--output", "ndjson"], env)
    jq = ".Items[] | [.connectionId.S, .connected.S, .connectedAt.N, .sourceIp.S, .userAgent.S, .ttl.N] | @csv"
    pipeline = best(["sh", "-c", f"{AWS} dynamodb scan --table-name bench --output json | jq -r '{jq}'"], env, repeat=1)
    server.close()
    print("-o csv of 100,000 items (synthetic server, no latency)")
    print(f"  iops table scan -o csv:    wall {csv[0]:.2f} s, CPU {csv[1]:.2f} s {per_item(csv[1], 100_000)}, RSS {csv[2]:.0f} MB")
    print(f"  iops table scan -o ndjson: wall {ndjson[0]:.2f} s, CPU {ndjson[1]:.2f} s {per_item(ndjson[1], 100_000)}, RSS {ndjson[2]:.0f} MB")
    print(f"  aws dynamodb scan | jq @csv: wall {pipeline[0]:.2f} s, CPU {pipeline[1]:.2f} s {per_item(pipeline[1], 100_000)}, RSS {pipeline[2]:.0f} MB"
          f"  -> iops uses 1/{pipeline[1] / csv[1]:.0f} of its CPU")


def bench_moto():
    import boto3
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server.get_host_and_port()[1]}"
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="b", aws_secret_access_key="b")
    client.create_table(TableName="t", BillingMode="PAY_PER_REQUEST", AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    for start in range(0, 1200, 25):
        client.batch_write_item(RequestItems={"t": [{"PutRequest": {"Item": {
            "pk": {"S": f"item-{i}"}, "big": {"N": f"1234567890123456789012345678901234567{i % 10}"}, "tenth": {"N": "0.1"},
            "ss": {"SS": ["a", f"b{i}"]}, "m": {"M": {"x": {"L": [{"N": "1"}, {"NULL": True}, {"BOOL": False}]}}}}}}
            for i in range(start, start + 25)]})
    env = dict(ENV, AWS_ENDPOINT_URL=endpoint)
    ours = subprocess.run([IOPS, "table", "scan", "t", "--raw", "--output", "ndjson"], env=env, capture_output=True, check=True).stdout
    theirs = json.loads(subprocess.run([AWS, "dynamodb", "scan", "--table-name", "t", "--output", "json"], env=env, capture_output=True, check=True).stdout)
    server.stop()
    canonical = lambda items: sorted(json.dumps(i, sort_keys=True) for i in items)
    same = canonical(json.loads(line) for line in ours.splitlines()) == canonical(theirs["Items"])
    print(f"moto, 1,200 items: iops --raw {'equals' if same else 'DIFFERS FROM'} the aws CLI's items ({len(theirs['Items'])} items)")


if __name__ == "__main__":
    which = sys.argv[1:] or ["cpu", "segments", "memory", "connections", "moto", "csv"]
    print(f"machine: {os.cpu_count()} cores")
    for name in which:
        globals()[f"bench_{name}"]()
