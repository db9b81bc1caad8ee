#!/usr/bin/env python3
"""A synthetic SQS queue (and API Gateway management API) for the `queue stale` benchmark: moto
takes ~1 s per ReceiveMessage once a queue holds 1,000 messages (it walks every message), so it
cannot show a client's speed over 10,000.

Speaks the SQS JSON protocol (`X-Amz-Target: AmazonSQS.*`: GetQueueUrl, GetQueueAttributes,
ReceiveMessage with VisibilityTimeout, ChangeMessageVisibilityBatch, DeleteMessageBatch) for one
queue of N messages whose bodies name connections alternately gone and live, and answers
`GET /prod/@connections/{id}` with 200 for `live…` ids and 410 GoneException for the rest. For the
client-side redrive benchmark, a second queue `bench-dest` takes SendMessageBatch (counted, not
kept), ListDeadLetterSourceQueues names it, and Lambda's ListEventSourceMappings answers none.

usage: sqs_server.py MESSAGES   (prints the port, serves until stdin closes)
"""
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNT = int(sys.argv[1])
NOW_MS = int(time.time() * 1000)
LOCK = threading.Lock()
# id -> [body, hidden_until, receive_count]; receipt handle = id + "#" + receive count
MESSAGES = {
    f"m{i:07d}": [json.dumps({"connectionId": f"{'live' if i % 2 else 'gone'}{i:07d}="}), 0.0, 0]
    for i in range(COUNT)
}
ORDER = list(MESSAGES)
CURSOR = [0]


def receive(body):
    want = min(int(body.get("MaxNumberOfMessages", 1)), 10)
    hide = int(body.get("VisibilityTimeout", 30))
    now = time.time()
    out = []
    with LOCK:
        # Resume where the last receive stopped: a real queue does not hand out hidden messages.
        scanned = 0
        while len(out) < want and scanned < len(ORDER):
            mid = ORDER[CURSOR[0] % len(ORDER)] if ORDER else None
            CURSOR[0] += 1
            scanned += 1
            if mid is None or mid not in MESSAGES:
                continue
            message = MESSAGES[mid]
            if message[1] > now:
                continue
            message[1] = now + hide
            message[2] += 1
            out.append({
                "MessageId": mid,
                "ReceiptHandle": f"{mid}#{message[2]}",
                "MD5OfBody": "",
                "Body": message[0],
                "Attributes": {"SentTimestamp": str(NOW_MS), "ApproximateReceiveCount": str(message[2])},
            })
    return {"Messages": out} if out else {}


def change_visibility(body):
    with LOCK:
        for entry in body.get("Entries", []):
            mid = entry["ReceiptHandle"].split("#")[0]
            if mid in MESSAGES:
                MESSAGES[mid][1] = time.time() + int(entry.get("VisibilityTimeout", 0))
    return {"Successful": [{"Id": e["Id"]} for e in body.get("Entries", [])], "Failed": []}


SENT = [0]


def send(body):
    entries = body.get("Entries", [])
    with LOCK:
        SENT[0] += len(entries)
    return {"Successful": [{"Id": e["Id"], "MessageId": e["Id"], "MD5OfMessageBody": ""} for e in entries], "Failed": []}


def delete(body):
    with LOCK:
        for entry in body.get("Entries", []):
            MESSAGES.pop(entry["ReceiptHandle"].split("#")[0], None)
    return {"Successful": [{"Id": e["Id"]} for e in body.get("Entries", [])], "Failed": []}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle + delayed ACK add ~40 ms.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def reply(self, status, payload, headers=()):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.startswith("/2015-03-31/event-source-mappings"):
            self.reply(200, {"EventSourceMappings": []})
            return
        connection = self.path.rsplit("/", 1)[-1]
        if connection.startswith("live"):
            self.reply(200, {"connectedAt": "2026-11-25T12:00:00Z"})
        else:
            self.reply(410, {"message": None}, [("x-amzn-ErrorType", "GoneException")])

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}"
        try:
            body = json.loads(raw)
        except ValueError:
            # Not SQS's JSON protocol (CloudWatch's form-encoded GetMetricData): not served here.
            self.reply(400, {"__type": "InvalidAction", "message": "only SQS is served here"})
            return
        target = self.headers.get("X-Amz-Target", "").split(".")[-1]
        port = self.server.server_address[1]
        if target == "GetQueueUrl":
            self.reply(200, {"QueueUrl": f"http://127.0.0.1:{port}/123456789012/{body.get('QueueName', 'bench-queue')}"})
        elif target == "GetQueueAttributes" and body.get("QueueUrl", "").endswith("/bench-dest"):
            with LOCK:
                sent = SENT[0]
            self.reply(200, {"Attributes": {"QueueArn": "arn:aws:sqs:us-east-1:123456789012:bench-dest",
                                            "ApproximateNumberOfMessages": str(sent),
                                            "ApproximateNumberOfMessagesNotVisible": "0", "VisibilityTimeout": "30"}})
        elif target == "SendMessageBatch":
            self.reply(200, send(body))
        elif target == "ListDeadLetterSourceQueues":
            self.reply(200, {"queueUrls": [f"http://127.0.0.1:{port}/123456789012/bench-dest"]})
        elif target == "GetQueueAttributes":
            with LOCK:
                visible = sum(1 for m in MESSAGES.values() if m[1] <= time.time())
            self.reply(200, {"Attributes": {"QueueArn": "arn:aws:sqs:us-east-1:123456789012:bench-queue",
                                            "ApproximateNumberOfMessages": str(visible),
                                            "ApproximateNumberOfMessagesNotVisible": str(len(MESSAGES) - visible),
                                            "VisibilityTimeout": "30"}})
        elif target == "ReceiveMessage":
            self.reply(200, receive(body))
        elif target == "ChangeMessageVisibilityBatch":
            self.reply(200, change_visibility(body))
        elif target == "DeleteMessageBatch":
            self.reply(200, delete(body))
        else:
            self.reply(400, {"__type": "InvalidAction", "message": target})

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
