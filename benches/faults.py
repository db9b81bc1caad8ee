#!/usr/bin/env python3
"""Benchmarks how long a failure takes to be reported, iops against the aws CLI (PyPI), each
run as a whole process: nothing listening (connection refused), HTTP 500 on every request, and
throttling on every request. iops runs with its defaults (--give-up-after 30s); the aws CLI with
its own (legacy retry mode). Prints exit code, seconds and the first line of stderr. Not a test.
"""
import http.server
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IOPS = str(ROOT / "target" / "release" / "iops")
AWS = str(ROOT / ".venv-bench" / "bin" / "aws")
LIMIT = 300


def fault_server(status, code):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            if b"Action=" in body:
                payload = (f"<ErrorResponse><Error><Type>Receiver</Type><Code>{code}</Code><Message>injected"
                           f"</Message></Error><RequestId>b</RequestId></ErrorResponse>").encode()
                kind = "text/xml"
            else:
                payload = f'{{"__type":"{code}","message":"injected"}}'.encode()
                kind = "application/x-amz-json-1.1"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("x-amzn-ErrorType", code)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def dead_endpoint():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


def timed(command, endpoint):
    env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="b", AWS_SECRET_ACCESS_KEY="b",
               AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
               NO_PROXY="127.0.0.1,localhost", AWS_PAGER="", AWS_CONFIG_FILE="/nonexistent",
               AWS_SHARED_CREDENTIALS_FILE="/nonexistent")
    started = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=LIMIT, text=True)
        code, first = done.returncode, next((l for l in done.stderr.splitlines() if l.strip()), "")
    except subprocess.TimeoutExpired:
        code, first = "-", f"still running after {LIMIT} s"
    return code, time.perf_counter() - started, first[:110]


PAIRS = [
    ("table scan T", [IOPS, "table", "scan", "T"], [AWS, "dynamodb", "scan", "--table-name", "T"]),
    ("logs groups", [IOPS, "logs", "groups"], [AWS, "logs", "describe-log-groups"]),
    ("kinesis stream", [IOPS, "simulate", "--to", "kinesis:S"], [AWS, "kinesis", "describe-stream-summary", "--stream-name", "S"]),
]

print(f"machine: {os.cpu_count()} cores; one run each, whole process")
print(f"{'fault':<14} {'command':<16} {'iops':>28}   {'aws CLI':>28}   ratio")
for fault, status, code in [("dead port", None, None), ("HTTP 500", 500, "InternalFailure"),
                            ("throttled", 400, "ThrottlingException")]:
    server, endpoint = (None, dead_endpoint()) if status is None else fault_server(status, code)
    for name, iops, aws in PAIRS:
        i = timed(iops, endpoint)
        a = timed(aws, endpoint)
        ratio = f"{a[1] / i[1]:.1f}x" if i[1] > 0 else "-"
        print(flush=True)
        print(f"{fault:<14} {name:<16} exit {i[0]!s:>3} {i[1]:7.2f} s            exit {a[0]!s:>3} {a[1]:7.2f} s   {ratio}")
        print(f"{'':31}iops: {i[2]}")
        print(f"{'':31}aws:  {a[2]}")
    if server:
        server.shutdown()
