#!/usr/bin/env python3
"""Benchmarks `iops ws probe` side by side with the tools the runbooks used, against
`iops simulate --serve` on loopback. Not a test.

1. One cycle — connect, send {"action":"ping"}, wait for the reply, close — as a whole process,
   median of 30 runs: iops, websocat (`cargo install websocat`), wscat (npm), a Node `ws` script.
2. Load: connections per second and p99 connect latency at the same concurrency (100), iops load
   mode vs a Node `ws` script.
3. Paced mode: 500 connections/s for 10 s, achieved rate.
4. 10,000 held connections: client and backend peak RSS, idle and with a message every second.
5. Messages: 2,000 connections, 10 messages each in turn (the next once the last is answered),
   against the local backend (`simulate --serve` answers every "ping" with a pong): iops load mode
   (--messages 10), artillery (npm, its WebSocket engine, the same flow) and a Node `ws` script
   (benches/ws_messages.js). Messages/s, round-trip p99, client CPU and peak RSS.
"""
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IOPS = str(ROOT / "target" / "release" / "iops")
WEBSOCAT = str(ROOT / ".bench-bin" / "bin" / "websocat")
NODE_MODULES = ROOT / ".bench-node" / "node_modules"
WSCAT = str(NODE_MODULES / ".bin" / "wscat")
ARTILLERY = str(NODE_MODULES / ".bin" / "artillery")
# Artillery sends anonymous telemetry unless told not to: this benchmark talks to loopback only.
ENV = dict(os.environ, NODE_PATH=str(NODE_MODULES), NO_COLOR="1", ARTILLERY_DISABLE_TELEMETRY="true")


class Backend:
    def __init__(self, *args, rate="1"):
        self.process = subprocess.Popen([IOPS, "simulate", "--serve", "127.0.0.1:0", "--rate", rate, *args],
                                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        self.url = self.process.stderr.readline().decode().split()[-1]

    def peak_rss_mb(self):
        for line in open(f"/proc/{self.process.pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def close(self):
        self.process.send_signal(2)
        self.process.wait()


class NodeEcho:
    """benches/ws_echo.js: a Node `ws` echo server, the other backend of the cycle goal."""

    def __init__(self):
        self.process = subprocess.Popen(["node", str(ROOT / "benches" / "ws_echo.js")], env=ENV,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.url = f"ws://127.0.0.1:{int(self.process.stdout.readline())}/"

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def median_ms(command, runs=30, stdin=None):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        # No `timeout=`: with one, subprocess polls the child with sleeps of up to 50 ms.
        subprocess.run(command, env=ENV, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bench_cycle():
    backend = Backend()
    url = backend.url
    ping = '{"action":"ping"}'
    results = {
        "iops --version": median_ms([IOPS, "--version"]),
        "iops ws probe": median_ms([IOPS, "-q", "ws", "probe", url, "--send", ping, "--expect", "pong"]),
        "websocat": median_ms([WEBSOCAT, "-1", url], stdin=(ping + "\n").encode()),
        "wscat": median_ms([WSCAT, "-c", url, "-x", ping, "-w", "0"]),
        "node ws script": median_ms(["node", str(ROOT / "benches" / "ws_cycle.js"), url]),
    }
    backend.close()
    echo = NodeEcho()
    on_node = median_ms([IOPS, "-q", "ws", "probe", echo.url, "--send", ping, "--expect", "ping"])
    echo.close()
    print("connect -> send -> reply -> close, whole process, median of 30 runs:")
    base = results["iops ws probe"]
    for name, value in results.items():
        ratio = "" if name.startswith("iops") else f"  ({value / base:.1f}x iops)"
        ratio = "  (process start-up alone)" if name == "iops --version" else ratio
        print(f"  {name:<16} {value:6.1f} ms{ratio}")
    # The machine-independent goals: within 2x iops's own start-up, under 1/12 of a Node client.
    print(f"  the probe cycle is {base / results['iops --version']:.2f}x iops --version and "
          f"1/{results['node ws script'] / base:.1f} of the Node ws script")
    print(f"  against a Node ws echo server (benches/ws_echo.js): iops ws probe {on_node:.1f} ms ="
          f" {on_node / results['iops --version']:.2f}x iops --version")


def bench_load():
    # Three runs in a row: a margin that holds once may not hold on a noisy machine.
    for run in range(1, 4):
        print(f"run {run} of 3:")
        load_once()


def load_once():
    backend = Backend()
    total = 20_000
    started = time.perf_counter()
    out = subprocess.run([IOPS, "ws", "probe", backend.url, "--connections", str(total), "--rate", "1000000", "--concurrency", "100",
                          "--hold", "1ms", "--output", "json"], capture_output=True, env=ENV).stdout
    iops_seconds = time.perf_counter() - started
    ours = json.loads(out)
    node = json.loads(subprocess.run(["node", str(ROOT / "benches" / "ws_load.js"), backend.url, str(total), "100"],
                                     capture_output=True, env=ENV, check=True).stdout)
    backend.close()
    iops_rate = ours["connected"] / iops_seconds
    print(f"load, {total:,} connections at concurrency 100 (whole process):")
    print(f"  iops:      {iops_rate:8.0f} connections/s, p99 connect {ours['connect_ms']['p99']:.2f} ms, failed {ours['failed']}")
    print(f"  node ws:   {node['rate']:8.0f} connections/s, p99 connect {node['p99']:.2f} ms, failed {node['failed']}")
    print(f"  ratio: iops opens {iops_rate / node['rate']:.1f}x as many connections per second")


def bench_paced():
    backend = Backend()
    report = json.loads(subprocess.run([IOPS, "ws", "probe", backend.url, "--connections", "5000", "--rate", "500", "--hold", "10ms",
                                        "--output", "json"], capture_output=True, env=ENV).stdout)
    backend.close()
    error = abs(report["achieved_rate"] - 500) / 500 * 100
    print(f"paced: 500/s requested for 10 s, {report['achieved_rate']:.1f}/s achieved ({error:.2f}% off), {report['connected']} connected")


def bench_held():
    backend = Backend()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", IOPS, "ws", "probe", backend.url, "--connections", "10000", "--rate", "5000",
                           "--hold", "3s", "--output", "json"], capture_output=True, env=ENV)
    report = json.loads(done.stdout)
    client_mb = int(done.stderr.decode().strip().splitlines()[-1]) / 1024
    backend_mb = backend.peak_rss_mb()
    backend.close()
    print(f"held: {report['held_peak']:,} connections open at once; client peak RSS {client_mb:.0f} MB, backend peak RSS {backend_mb:.0f} MB")
    # The same with a message every second on each connection, answered by the backend.
    backend = Backend(rate="0.01")
    done = timed([IOPS, "ws", "probe", backend.url, "--connections", "10000", "--rate", "5000", "--hold", "5s",
                  "--send", "ping {conn}-{seq}", "--every", "1s", "--output", "json"])
    backend.close()
    report = json.loads(done["stdout"])
    m = report["messages"]
    print(f"held with a send every second: {report['held_peak']:,} open at once, {m['sent']:,} sent, {m['matched']:,} answered, "
          f"round trip p99 {report['round_trip_ms']['p99']} ms; client peak RSS {done['rss_mb']:.0f} MB = "
          f"{done['rss_mb'] * 1024 / report['held_peak']:.1f} KB per connection")


def timed(command, cwd=None):
    """Runs a whole process under /usr/bin/time: wall seconds, CPU seconds (user + system), peak RSS."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *command], capture_output=True, env=ENV, cwd=cwd)
    wall = time.perf_counter() - started
    user, system, rss_kb = done.stderr.decode().strip().splitlines()[-1].split()
    if done.returncode != 0:
        print(f"  ({Path(command[0]).name} exited {done.returncode}: {done.stderr.decode().strip().splitlines()[-2:]})")
    return {"wall": wall, "cpu": float(user) + float(system), "rss_mb": int(rss_kb) / 1024, "stdout": done.stdout}


CONNECTIONS, MESSAGES = 2000, 10


def artillery_messages(url, workdir):
    """Artillery's WebSocket engine, the same flow: 2,000 arrivals in one second (its fastest
    phase), each sending 10 pings in turn and waiting for each pong (a `capture` makes `send`
    wait); benches/artillery_rtt.js times each one."""
    scenario = {
        "config": {"target": url, "phases": [{"duration": 1, "arrivalCount": CONNECTIONS}],
                   "processor": str(ROOT / "benches" / "artillery_rtt.js")},
        "scenarios": [{"engine": "ws", "flow": [{"loop": [
            {"function": "mark"},
            {"send": {"payload": "ping {{ $loopCount }}", "capture": {"regexp": "pong", "as": "reply"}}},
            {"function": "measure"}], "count": MESSAGES}]}],
    }
    (workdir / "scenario.json").write_text(json.dumps(scenario))
    done = timed([ARTILLERY, "run", "--quiet", "--output", "report.json", "scenario.json"], cwd=workdir)
    aggregate = json.loads((workdir / "report.json").read_text())["aggregate"]
    answered = aggregate["counters"].get("websocket.messages_received", 0)
    active = (aggregate["lastMetricAt"] - aggregate["firstMetricAt"]) / 1000
    return dict(done, answered=answered, failed=aggregate["counters"].get("vusers.failed", 0),
                active=active, p99=aggregate["summaries"]["ws.round_trip"]["p99"])


def iops_messages(url, rate):
    done = timed([IOPS, "ws", "probe", url, "--connections", str(CONNECTIONS), "--rate", rate, "--send", "ping {conn}-{seq}",
                  "--reply", "pong", "--messages", str(MESSAGES), "--output", "json"])
    report = json.loads(done["stdout"])
    return dict(done, answered=report["messages"]["matched"], failed=report["failed"], active=report["elapsed_ms"] / 1000,
                p99=report["round_trip_ms"]["p99"])


def node_messages(url, rate):
    done = timed(["node", str(ROOT / "benches" / "ws_messages.js"), url, str(CONNECTIONS), str(MESSAGES), rate])
    report = json.loads(done["stdout"])
    return dict(done, answered=report["answered"], failed=report["failed"], active=report["seconds"], p99=report["p99"])


def bench_messages():
    import tempfile
    print(f"messages: {CONNECTIONS:,} connections x {MESSAGES} messages in turn against simulate --serve (a fresh one each):")
    runs = []
    with tempfile.TemporaryDirectory() as workdir:
        for name, run in [
            ("artillery (2,000/s)", lambda url: artillery_messages(url, Path(workdir))),
            ("iops (2,000/s)", lambda url: iops_messages(url, "2000")),
            ("node ws (2,000/s)", lambda url: node_messages(url, "2000")),
            ("iops (all at once)", lambda url: iops_messages(url, "1000000")),
            ("node ws (all at once)", lambda url: node_messages(url, "0")),
        ]:
            # Broadcasts every 100 s: none in a run, so every message answers a send.
            backend = Backend(rate="0.01")
            result = run(backend.url)
            backend.close()
            runs.append((name, result))
    print(f"  {'client':<22} {'answered':>8} {'failed':>6} {'msg/s whole':>11} {'msg/s active':>12} {'p99 ms':>7} {'CPU s':>6} {'RSS MB':>6}")
    for name, r in runs:
        print(f"  {name:<22} {r['answered']:>8,} {r['failed']:>6} {r['answered'] / r['wall']:>11,.0f} {r['answered'] / r['active']:>12,.0f}"
              f" {r['p99']:>7.2f} {r['cpu']:>6.2f} {r['rss_mb']:>6.0f}")
    results = dict(runs)
    ours, artillery, node = results["iops (2,000/s)"], results["artillery (2,000/s)"], results["node ws (2,000/s)"]
    rate = lambda r, key: r["answered"] / r[key]
    print(f"  iops vs artillery, same arrivals: {rate(ours, 'wall') / rate(artillery, 'wall'):.1f}x the message rate over the whole"
          f" process ({rate(ours, 'active') / rate(artillery, 'active'):.1f}x over each one's active time), p99"
          f" {ours['p99']:.2f} vs {artillery['p99']:.2f} ms, 1/{artillery['cpu'] / ours['cpu']:.0f} of the CPU")
    print(f"  iops vs node ws, same arrivals: {rate(ours, 'wall') / rate(node, 'wall'):.1f}x the message rate, p99 {ours['p99']:.2f} vs"
          f" {node['p99']:.2f} ms, 1/{node['cpu'] / ours['cpu']:.0f} of the CPU; all at once:"
          f" {rate(results['iops (all at once)'], 'wall') / rate(results['node ws (all at once)'], 'wall'):.1f}x")


if __name__ == "__main__":
    which = sys.argv[1:] or ["cycle", "load", "paced", "held", "messages"]
    print(f"machine: {os.cpu_count()} cores, loopback")
    for name in which:
        globals()[f"bench_{name}"]()
