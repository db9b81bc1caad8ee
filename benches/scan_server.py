#!/usr/bin/env python3
"""A synthetic DynamoDB Scan server for benchmarks (moto re-sorts the whole table on every Scan
call, ~3 s per 1 MB page at 100k items, so it cannot show a client's speed).

Speaks the DynamoDB JSON protocol for `X-Amz-Target: DynamoDB_20120810.Scan` (with Segment /
TotalSegments, ExclusiveStartKey, Select=COUNT), DescribeTable and DescribeTimeToLive; serves ~1 MB pages of
connection-table items after a per-page latency (default 30 ms, like a real region round trip).
Answers are rendered once and cached, so the server's own cost per request is sending them.

usage: scan_server.py ITEMS [LATENCY_MS]   (prints the port, serves until stdin closes)
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ITEMS = int(sys.argv[1])
LATENCY = (float(sys.argv[2]) if len(sys.argv) > 2 else 30.0) / 1000
PAGE_BYTES = 1_000_000
NOW = 1_764_000_000


def item(i):
    return (
        f'{{"connectionId":{{"S":"conn-{i:08d}-AbCdEfGhIjKl="}},"connected":{{"S":"true"}},'
        f'"connectedAt":{{"N":"{(NOW - i) * 1000}"}},"sourceIp":{{"S":"10.{i % 256}.{i // 256 % 256}.7"}},'
        f'"userAgent":{{"S":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"}},'
        f'"ttl":{{"N":"{NOW + 86_400 - i}"}}}}'
    )


LOCK = threading.Lock()


def page(segment, total, start):
    """Items of one segment (index % total == segment) from position `start`, up to ~1 MB."""
    parts, size, index = [], 0, start
    while index < ITEMS and size < PAGE_BYTES:
        if index % total == segment:
            text = item(index)
            parts.append(text)
            size += len(text)
        index += 1
    while index < ITEMS and index % total != segment:
        index += 1
    return parts, index if index < ITEMS else None


ANSWERS = {}


def answer_of(segment, total, start, count_only):
    """The encoded Scan answer, rendered once: the server's cost per request is a send."""
    key = (segment, total, start, count_only)
    with LOCK:
        if key in ANSWERS:
            return ANSWERS[key]
    parts, next_index = page(segment, total, start)
    last = f',"LastEvaluatedKey":{{"connectionId":{{"S":"conn-{next_index - 1:08d}-x"}}}}' if next_index else ""
    if count_only:
        answer = f'{{"Count":{len(parts)},"ScannedCount":{len(parts)}{last}}}'
    else:
        answer = f'{{"Items":[{",".join(parts)}],"Count":{len(parts)},"ScannedCount":{len(parts)}{last}}}'
    with LOCK:
        ANSWERS[key] = answer.encode()
    return ANSWERS[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm a small body would wait for
    # the client's delayed ACK (40 ms), which is the server's cost, not the client's.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        target = self.headers.get("X-Amz-Target", "")
        if target.endswith(".DescribeTable"):
            answer = json.dumps({"Table": {"TableName": body.get("TableName"), "ItemCount": ITEMS, "TableStatus": "ACTIVE",
                                           "KeySchema": [{"AttributeName": "connectionId", "KeyType": "HASH"}]}})
        elif target.endswith(".DescribeTimeToLive"):
            answer = json.dumps({"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}})
        elif target.endswith(".Scan"):
            time.sleep(LATENCY)
            segment, total = body.get("Segment", 0), body.get("TotalSegments", 1)
            start_key = body.get("ExclusiveStartKey")
            start = int(start_key["connectionId"]["S"][5:13]) + 1 if start_key else segment
            data = answer_of(segment, total, start, body.get("Select") == "COUNT")
            self.send_response(200)
            self.send_header("Content-Type", "application/x-amz-json-1.0")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        else:
            answer = json.dumps({"__type": "UnknownOperationException", "message": target})
            self.send_response(400)
            self.send_header("Content-Type", "application/x-amz-json-1.0")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer.encode())
            return
        data = answer.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A client that stops reading (`| head`, Ctrl-C, a benchmark's early exit) is not news.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


server = Server(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
