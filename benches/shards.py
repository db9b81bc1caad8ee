#!/usr/bin/env python3
"""Benchmarks one WebSocket load plan split across processes (`ws probe --shard K/N`) against a
Node `ws` echo server (benches/ws_echo.js) on loopback. Not a test.

One plan — 20,000 connections at 4,000/s, each held 1 s — run by 1 process, then by 2 and by 4
shards at once, merged by `ws merge -`: connections/s achieved (the merge's rate), the p99
connect time, connections opened, and the wall time. On this 2-core machine the shards, the
server and the merge share two cores: the sums are the point (nothing lost, nothing doubled), the
speed-up is what two cores allow.
"""
import json
import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IOPS = os.environ.get("IOPS_BIN", str(ROOT / "target" / "release" / "iops"))
ENV = dict(os.environ, NODE_PATH=str(ROOT / ".test-node" / "node_modules"), NO_COLOR="1", WS_BACKLOG="4096")
CONNECTIONS = int(os.environ.get("BENCH_SHARD_CONNECTIONS", "20000"))
PLAN = ["--connections", str(CONNECTIONS), "--rate", "4000", "--hold", "1s", "-o", "ndjson"]


sizes = []


def run(url, shards):
    """(merged report, wall s) of the plan over `shards` processes at once (1: no --shard)."""
    started = time.perf_counter()
    extra = [[]] if shards == 1 else [["--shard", f"{k}/{shards}"] for k in range(1, shards + 1)]
    children = [subprocess.Popen([IOPS, "ws", "probe", url, *PLAN, *e], env=ENV, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL) for e in extra]
    outputs = [c.communicate()[0] for c in children]
    wall = time.perf_counter() - started
    sizes.extend(len(o) for o in outputs)
    if shards == 1:
        return json.loads(outputs[0]), wall
    merged = subprocess.run([IOPS, "ws", "merge", "-", "-o", "json"], input=b"".join(outputs),
                            capture_output=True, env=ENV)
    return json.loads(merged.stdout), wall


def main():
    server = subprocess.Popen(["node", str(ROOT / "benches" / "ws_echo.js")], env=ENV, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    url = f"ws://127.0.0.1:{int(server.stdout.readline())}/"
    try:
        print(f"machine: {os.cpu_count()} cores; Node ws echo server on loopback; one plan: {CONNECTIONS:,}"
              f" connections at 4,000/s, held 1 s")
        rounds = int(os.environ.get("BENCH_SHARD_ROUNDS", "3"))
        results = {1: [], 2: [], 4: []}
        # Alternately, so a slow moment of the machine does not land on one configuration.
        for _ in range(rounds):
            for shards in results:
                report, wall = run(url, shards)
                results[shards].append((report, wall, sizes[-1]))
                sizes.clear()
        print(f"  median of {rounds} rounds, alternately:")
        for shards, runs in results.items():
            label = "1 process" if shards == 1 else f"{shards} shards, merged"
            runs.sort(key=lambda r: r[0]["connect_ms"]["p99"])
            report, wall, size = runs[len(runs) // 2]
            p99s = ", ".join(f"{r[0]['connect_ms']['p99']:.1f}" for r in runs)
            print(f"  {label}: {report['attempted']:,} opened, {report['connected']:,} connected,"
                  f" {report['achieved_rate']:,.0f} connections/s, connect p99 {report['connect_ms']['p99']:.1f} ms"
                  f" (rounds: {p99s}), wall {wall:.1f} s; a shard's report line {size / 1024:,.0f} KB"
                  f" ({size / (CONNECTIONS / shards):.1f} B per connection)")
    finally:
        server.stdin.close()
        server.wait()


if __name__ == "__main__":
    main()
