#!/usr/bin/env python3
"""Benchmarks `iops deploy status` against the runbook's way of answering "is the stage behind?":
`aws apigatewayv2 get-stage` plus `aws apigatewayv2 get-deployments` (aws CLI from PyPI), both
against a minimal API Gateway v2 server (benches/apigw_server.py). Not a test.
"""
import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IOPS = str(ROOT / "target" / "release" / "iops")
AWS = str(ROOT / ".venv-bench" / "bin" / "aws")
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def measure(commands, env, repeat=5):
    best = None
    for _ in range(repeat):
        before = os.times()
        started = time.perf_counter()
        for command in commands:
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        best = (wall, cpu) if best is None or wall < best[0] else best
    return best


server = subprocess.Popen([PYTHON, str(ROOT / "benches" / "apigw_server.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
endpoint = f"http://127.0.0.1:{int(server.stdout.readline())}"
env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="b", AWS_SECRET_ACCESS_KEY="b", AWS_REGION="us-east-1",
           AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true", NO_PROXY="127.0.0.1,localhost", AWS_PAGER="")
iops = measure([[IOPS, "deploy", "--api-id", "abc123", "status", "--stage", "prod", "--output", "json"]], env)
aws = measure([[AWS, "apigatewayv2", "get-stage", "--api-id", "abc123", "--stage-name", "prod"],
               [AWS, "apigatewayv2", "get-deployments", "--api-id", "abc123"]], env)
server.stdin.close()
server.wait()
print(f"machine: {os.cpu_count()} cores; best of 5")
print(f"is the stage behind?  iops deploy status: wall {iops[0] * 1000:.0f} ms, CPU {iops[1] * 1000:.0f} ms")
print(f"  aws apigatewayv2 get-stage + get-deployments: wall {aws[0] * 1000:.0f} ms, CPU {aws[1] * 1000:.0f} ms"
      f" -> iops {aws[0] / iops[0]:.0f}x faster, and it answers the question (exit 1 when behind)")
