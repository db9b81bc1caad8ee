"""A CloudWatch Logs endpoint for the follow-memory benchmark: every request goes to moto, except
StartLiveTail, which streams synthetic events as AWS frames them (event-stream prelude, CRC32s,
string headers): one `sessionUpdate` a second with RATE events of SIZE bytes stamped now, every
tenth one written twice (identical events are normal: retries, loops). Prints its port; stops when
stdin closes; GET answers how many events were pushed.

Usage: livetail_flood.py MOTO_ENDPOINT RATE SIZE UPDATES (then the session stays open, quiet)
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench_common import event_frame, forward

UPSTREAM, RATE, SIZE, UPDATES = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
PUSHED = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("X-Amz-Target", "").endswith(".StartLiveTail"):
            return self.live_tail(json.loads(body))
        forward(self, UPSTREAM, body)

    def do_GET(self):
        # The benchmark reads how many events were pushed here.
        data = str(PUSHED[0]).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def chunk(self, data):
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def live_tail(self, request):
        arn = request["logGroupIdentifiers"][0]
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.chunk(event_frame("sessionStart", {"sessionId": "flood", "logGroupIdentifiers": [arn]}))
        padding = "x" * max(0, SIZE - 40)
        sequence = 0
        try:
            for _ in range(UPDATES):
                time.sleep(1)
                now = int(time.time() * 1000)
                results = []
                while len(results) < RATE:
                    message = f"event {sequence} {padding}"
                    copies = 2 if sequence % 10 == 0 else 1
                    for _ in range(copies):
                        results.append({"logGroupIdentifier": arn, "logStreamName": f"stream-{sequence % 8}",
                                        "timestamp": now, "ingestionTime": now, "message": message})
                    sequence += 1
                self.chunk(event_frame("sessionUpdate", {"sessionMetadata": {"sampled": False}, "sessionResults": results}))
                PUSHED[0] += len(results)
            while True:
                time.sleep(1)
                self.chunk(event_frame("sessionUpdate", {"sessionMetadata": {"sampled": False}, "sessionResults": []}))
        except (BrokenPipeError, ConnectionResetError):
            pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
print(server.server_address[1], flush=True)
sys.stdin.read()
