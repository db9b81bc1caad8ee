"""What the benchmark scripts share: paths, a free loopback port, a moto server, the environment
for the aws CLI and iops against a local endpoint, and best-of-N timing of whole processes.
(Named so as not to shadow a stdlib module: these scripts run with benches/ first on sys.path.)
"""
import os
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IOPS = os.environ.get("IOPS_BIN", str(ROOT / "target" / "release" / "iops"))
AWS = str(ROOT / ".venv-bench" / "bin" / "aws")
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args):
    """A server script that prints its port and stops when its stdin closes: (process, endpoint)."""
    process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return process, f"http://127.0.0.1:{int(process.stdout.readline())}"


def start_moto():
    """moto server on a free port (tests/support/moto_guard.py): (process, endpoint)."""
    return start_server([PYTHON, str(ROOT / "tests" / "support" / "moto_guard.py")])


def stop(process):
    process.stdin.close()
    process.wait()


def aws_env(endpoint, **extra):
    """Test credentials, one region, no instance metadata, no pager, no proxy for loopback."""
    return dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="b", AWS_SECRET_ACCESS_KEY="b",
                AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
                NO_PROXY="127.0.0.1,localhost", AWS_PAGER="", **extra)


def measure(commands, env, repeat=5, cwd=None, check=True):
    """Best (wall, CPU) seconds of running every command once, in order. With `check`, every
    command must succeed (a failing one would be a fast wrong baseline)."""
    best = None
    for _ in range(repeat):
        before = os.times()
        started = time.perf_counter()
        for command in commands:
            subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=check)
        wall = time.perf_counter() - started
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        best = (wall, cpu) if best is None or wall < best[0] else best
    return best


def event_frame(event_type, payload):
    """One AWS event-stream message (prelude, CRC32s, string headers) carrying a JSON payload, as
    StartLiveTail's response stream frames `sessionStart` and `sessionUpdate`."""
    import json
    import struct
    import zlib

    def header(name, value):
        name, value = name.encode(), value.encode()
        return struct.pack("B", len(name)) + name + b"\x07" + struct.pack(">H", len(value)) + value

    headers = header(":message-type", "event") + header(":event-type", event_type) + header(":content-type", "application/json")
    body = json.dumps(payload).encode()
    total = 12 + len(headers) + len(body) + 4
    prelude = struct.pack(">II", total, len(headers))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    message = prelude + headers + body
    return message + struct.pack(">I", zlib.crc32(message))


def forward(handler, upstream, body):
    """Answers an http.server handler's POST with what `upstream` answers to the same request."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(upstream + handler.path, data=body, method="POST",
                                     headers={k: v for k, v in handler.headers.items() if k.lower() != "host"})
    try:
        with urllib.request.urlopen(request) as answer:
            status, data, headers = answer.status, answer.read(), answer.headers
    except urllib.error.HTTPError as err:
        status, data, headers = err.code, err.read(), err.headers
    handler.send_response(status)
    for name in ("Content-Type", "x-amzn-RequestId"):
        if headers.get(name):
            handler.send_header(name, headers[name])
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
