#!/usr/bin/env python3
"""Benchmarks `iops doctor` against the runbooks' checklist typed by hand: the same questions asked
with the aws CLI from PyPI (one command per call) and a WebSocket held open with websocat. Both run
against the same local stack: a CDK-shaped CloudFormation stack on moto (tests/support/cfn_stack.py),
the API Gateway v2 server of benches/apigw_server.py and `iops simulate --serve` as the WebSocket
backend. Not a test.

That backend does not write connection records and the stage is behind in apigw_server.py, so the
doctor reports connection-record and deployment as failed: the run is timed, not graded.
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench_common import AWS, IOPS, PYTHON, ROOT, aws_env, free_port, start_moto, start_server, stop

WEBSOCAT = str(ROOT / ".bench-bin" / "bin" / "websocat")
WAIT_S = 1


def timed(commands, env, cwd, repeat=3):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        for command in commands:
            subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        best = wall if best is None or wall < best else best
    return best


moto, moto_url = start_moto()
apigw, apigw_url = start_server([PYTHON, str(ROOT / "benches" / "apigw_server.py")])
ws_port = free_port()
backend = subprocess.Popen([IOPS, "simulate", "--serve", f"127.0.0.1:{ws_port}"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
env = aws_env(moto_url, AWS_ENDPOINT_URL_APIGATEWAYV2=apigw_url)
try:
    ids = json.loads(subprocess.run([PYTHON, str(ROOT / "tests" / "support" / "cfn_stack.py"), moto_url, "BenchDash"],
                                    env=env, check=True, capture_output=True).stdout)
    work = tempfile.mkdtemp()
    subprocess.run([IOPS, "init", "--stack", "BenchDash", "--env", "bench"], env=env, cwd=work, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    config = Path(work, "iops.toml")
    text = config.read_text().replace("k3y9abc123", "abc123").replace(
        "wss://abc123.execute-api.us-east-1.amazonaws.com/prod", f"ws://127.0.0.1:{ws_port}/prod")
    config.write_text(text)
    functions = [ids[k] for k in ("ConnectFunction52BFC429", "DisconnectFunction11A2B3C4", "DefaultFunction0D1E2F3A",
                                  "AuthorizerFunction6C7D8E9F", "StreamProcessorFunction9F8E7D6C")]
    for name in functions:
        subprocess.run([AWS, "logs", "create-log-group", "--log-group-name", f"/aws/lambda/{name}"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    doctor = [[IOPS, "doctor", "--wait", f"{WAIT_S}s", "-o", "json"]]
    report = json.loads(subprocess.run(doctor[0], env=env, cwd=work, capture_output=True).stdout)
    statuses = ", ".join(f"{c['name']} {c['status']}" for c in report["checks"])

    connections, metrics = ids["ConnectionsTable0A1B2C3D"], ids["MetricsTable7A6B5C4D"]
    stream = ids["EventsStream5B4C3D2E"]
    api = ["--api-id", "abc123"]
    since = str(int(time.time() * 1000) - 15 * 60 * 1000)
    probe = [WEBSOCAT, "-q", "-U", f"ws://127.0.0.1:{ws_port}/prod"] if os.path.exists(WEBSOCAT) else None
    by_hand = [
        [AWS, "sts", "get-caller-identity"],
        [AWS, "apigatewayv2", "get-api", *api],
        [AWS, "dynamodb", "describe-table", "--table-name", connections],
        [AWS, "dynamodb", "describe-table", "--table-name", metrics],
        [AWS, "kinesis", "describe-stream-summary", "--stream-name", stream],
        [AWS, "lambda", "list-functions"],
        [AWS, "apigatewayv2", "get-routes", *api],
        [AWS, "apigatewayv2", "get-integrations", *api],
        [AWS, "apigatewayv2", "get-authorizers", *api],
        [AWS, "apigatewayv2", "get-stage", *api, "--stage-name", "prod"],
        [AWS, "apigatewayv2", "get-deployments", *api],
        [AWS, "dynamodb", "scan", "--table-name", connections],
        *([["timeout", str(WAIT_S), *probe]] if probe else [["sleep", str(WAIT_S)]]),
        [AWS, "dynamodb", "scan", "--table-name", connections],
        *[[AWS, "logs", "filter-log-events", "--log-group-name", f"/aws/lambda/{f}", "--start-time", since,
           "--filter-pattern", "?ERROR ?Error ?\"Task timed out\""] for f in functions],
        [AWS, "dynamodb", "scan", "--table-name", metrics],
        [AWS, "lambda", "list-event-source-mappings", "--event-source-arn", ids["StreamArn"]],
    ]
    iops_s = timed(doctor, env, work)
    default_s = timed([[IOPS, "doctor", "-o", "json"]], env, work, repeat=1)
    hand_s = timed(by_hand, env, work)
    print(f"machine: {os.cpu_count()} cores; best of 3; probe held {WAIT_S} s in both")
    print(f"iops doctor: {iops_s:.2f} s for 8 checks ({statuses})")
    print(f"the same checklist by hand: {len(by_hand)} commands (aws CLI {len(by_hand) - 1}, "
          f"{'websocat' if probe else 'sleep'} 1): {hand_s:.2f} s, and the answers still to be read")
    print(f"iops doctor with the default 5 s hold: {default_s:.2f} s (goal: under 30 s)")
    print(f"ratio: iops {hand_s / iops_s:.1f}x faster; without the {WAIT_S} s hold: "
          f"{(hand_s - WAIT_S) / max(iops_s - WAIT_S, 0.001):.1f}x")
    shutil.rmtree(work)
finally:
    backend.terminate()
    for process in (moto, apigw):
        stop(process)
