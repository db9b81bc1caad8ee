#!/usr/bin/env python3
"""Benchmarks `iops deploy status` against the runbook's way of answering "is the stage behind?":
`aws apigatewayv2 get-stage` plus `aws apigatewayv2 get-deployments` (aws CLI from PyPI), both
against a minimal API Gateway v2 server (benches/apigw_server.py). Not a test.
"""
import os

from bench_common import AWS, IOPS, PYTHON, ROOT, aws_env, measure, start_server, stop

server, endpoint = start_server([PYTHON, str(ROOT / "benches" / "apigw_server.py")])
env = aws_env(endpoint)
# The stage is behind on purpose: `deploy status` answers with exit 1.
iops = measure([[IOPS, "deploy", "--api-id", "abc123", "status", "--stage", "prod", "--output", "json"]], env, check=False)
aws = measure([[AWS, "apigatewayv2", "get-stage", "--api-id", "abc123", "--stage-name", "prod"],
               [AWS, "apigatewayv2", "get-deployments", "--api-id", "abc123"]], env)
stop(server)
print(f"machine: {os.cpu_count()} cores; best of 5")
print(f"is the stage behind?  iops deploy status: wall {iops[0] * 1000:.0f} ms, CPU {iops[1] * 1000:.0f} ms")
print(f"  aws apigatewayv2 get-stage + get-deployments: wall {aws[0] * 1000:.0f} ms, CPU {aws[1] * 1000:.0f} ms"
      f" -> iops {aws[0] / iops[0]:.0f}x faster, and it answers the question (exit 1 when behind)")
