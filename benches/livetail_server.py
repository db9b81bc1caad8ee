"""A CloudWatch Logs endpoint for the follow benchmark: every request goes to moto, except
StartLiveTail, which is served as AWS serves it (moto's own ends each session after one update):
one open session per request, `sessionStart`, then a `sessionUpdate` every second with the events
moto received since the last one, in the AWS event-stream framing (prelude, CRC32s, string
headers). It counts the FilterLogEvents requests it forwards, so the benchmark can say how many a
follow spent. Prints its port; stops when stdin closes.

Usage: livetail_server.py MOTO_ENDPOINT
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3

from bench_common import event_frame, forward

UPSTREAM = sys.argv[1]
FILTER_CALLS = [0]
logs = boto3.client("logs", endpoint_url=UPSTREAM, region_name="us-east-1",
                    aws_access_key_id="bench", aws_secret_access_key="bench")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        target = self.headers.get("X-Amz-Target", "")
        if target.endswith(".StartLiveTail"):
            return self.live_tail(json.loads(body))
        if target.endswith(".FilterLogEvents"):
            FILTER_CALLS[0] += 1
        forward(self, UPSTREAM, body)

    def do_GET(self):
        # The benchmark reads the count here.
        data = str(FILTER_CALLS[0]).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def chunk(self, data):
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def live_tail(self, request):
        arns = request["logGroupIdentifiers"]
        names = [arn.split(":log-group:", 1)[1] for arn in arns]
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.chunk(event_frame("sessionStart", {"sessionId": "bench", "logGroupIdentifiers": arns}))
        seen, since = set(), int(time.time() * 1000) - 1000
        try:
            while True:
                time.sleep(1)
                results = []
                for arn, name in zip(arns, names):
                    for event in logs.filter_log_events(logGroupName=name, startTime=since - 5000)["events"]:
                        if event["eventId"] not in seen:
                            seen.add(event["eventId"])
                            results.append({"logGroupIdentifier": arn, "logStreamName": event["logStreamName"],
                                            "timestamp": event["timestamp"], "ingestionTime": event["ingestionTime"],
                                            "message": event["message"]})
                since = int(time.time() * 1000)
                self.chunk(event_frame("sessionUpdate", {"sessionMetadata": {"sampled": False}, "sessionResults": results}))
        except (BrokenPipeError, ConnectionResetError):
            pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
print(server.server_address[1], flush=True)
sys.stdin.read()
