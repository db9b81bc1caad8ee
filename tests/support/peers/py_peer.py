"""A WebSocket server nobody here wrote (Python `websockets`, pinned in
scripts/requirements-test.txt) serving one behaviour per URL path, the same paths as
node_peer.js except /log.

Prints `READY <port>` once listening on 127.0.0.1 (port 0: the system's choice); exits when its
stdin closes, so it never outlives the test binary holding that pipe. Paths (query ignored):
  /echo                      echo text and binary
  /close-now/CODE            close with CODE, reason "now", right after the upgrade
  /close-after/N/CODE        echo N messages, then close with CODE
  /close-after-ms/MS/CODE    echo; close with CODE after MS ms
  /drop, /drop-after-ms/MS   abort the TCP connection (no close frame), at once or after MS ms
  /invalid-utf8              send a text frame whose payload (ff fe) is not UTF-8
  /oversize/BYTES            send one text message of BYTES bytes
  /delayed-reverse           reply to a message carrying seq N ("seq":N or seq=N) with the same
                             text: even N at once, odd N after 1000 ms (out of order)
  /skip-odd                  reply only to messages carrying an even seq
  /broadcast/MS              send {"type":"broadcast","n":K} every MS ms; echo
  /ping-flood/MS             send a protocol ping every MS ms; echo
  /http/STATUS               refuse the upgrade with HTTP STATUS and an HTML body
GET /closes answers a JSON list of {"path": request target, "code": close code received from the
client, or 1006 when none came} for every connection that has ended.
"""

import asyncio
import http
import json
import os
import re
import sys
import threading

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

CLOSES = []


def seq_of(message):
    text = message if isinstance(message, str) else message.decode("utf-8", "replace")
    match = re.search(r'"seq"\s*:\s*(\d+)', text) or re.search(r"seq=(\d+)", text)
    return int(match.group(1)) if match else None


async def echo(ws, limit=None):
    """Echoes until the connection ends, or `limit` messages have been echoed."""
    echoed = 0
    if limit == 0:
        return
    async for message in ws:
        await ws.send(message)
        echoed += 1
        if limit is not None and echoed >= limit:
            return


async def echo_while(ws, background):
    """Echoes while `background` (a coroutine acting on the connection) runs beside it."""
    task = asyncio.create_task(background)
    try:
        await echo(ws)
    finally:
        task.cancel()


async def later(ms, action):
    await asyncio.sleep(ms / 1000)
    await action()


async def close_now(ws, code):
    await ws.close(int(code), "now")


async def close_after(ws, n, code):
    await echo(ws, int(n))
    await ws.close(int(code), "after")


async def close_after_ms(ws, ms, code):
    await echo_while(ws, later(int(ms), lambda: ws.close(int(code), "after-ms")))


async def drop(ws):
    ws.transport.abort()


async def drop_after_ms(ws, ms):
    async def abort():
        ws.transport.abort()

    await echo_while(ws, later(int(ms), abort))


async def invalid_utf8(ws):
    # websockets refuses to send text that is not UTF-8, so the frame is written by hand:
    # FIN + text opcode, unmasked, 2 bytes of payload.
    ws.transport.write(b"\x81\x02\xff\xfe")
    await ws.wait_closed()


async def oversize(ws, size):
    await ws.send("x" * int(size))
    await ws.wait_closed()


async def delayed_reverse(ws):
    async def reply_later(message):
        await asyncio.sleep(1)
        try:
            await ws.send(message)
        except ConnectionClosed:
            pass

    held = set()
    async for message in ws:
        seq = seq_of(message)
        if seq is not None and seq % 2 == 1:
            task = asyncio.create_task(reply_later(message))
            held.add(task)
            task.add_done_callback(held.discard)
        else:
            await ws.send(message)
    for task in held:
        task.cancel()


async def skip_odd(ws):
    async for message in ws:
        seq = seq_of(message)
        if seq is not None and seq % 2 == 0:
            await ws.send(message)


async def broadcast(ws, ms):
    async def send_forever():
        n = 0
        while True:
            await asyncio.sleep(int(ms) / 1000)
            n += 1
            await ws.send(json.dumps({"type": "broadcast", "n": n}, separators=(",", ":")))

    await echo_while(ws, send_forever())


async def ping_flood(ws, ms):
    async def ping_forever():
        while True:
            await asyncio.sleep(int(ms) / 1000)
            await ws.ping()

    await echo_while(ws, ping_forever())


BEHAVIOURS = [
    (r"/echo", echo),
    (r"/close-now/(\d+)", close_now),
    (r"/close-after/(\d+)/(\d+)", close_after),
    (r"/close-after-ms/(\d+)/(\d+)", close_after_ms),
    (r"/drop", drop),
    (r"/drop-after-ms/(\d+)", drop_after_ms),
    (r"/invalid-utf8", invalid_utf8),
    (r"/oversize/(\d+)", oversize),
    (r"/delayed-reverse", delayed_reverse),
    (r"/skip-odd", skip_odd),
    (r"/broadcast/(\d+)", broadcast),
    (r"/ping-flood/(\d+)", ping_flood),
]


def behaviour_for(path):
    for pattern, behaviour in BEHAVIOURS:
        match = re.fullmatch(pattern, path)
        if match:
            return behaviour, match.groups()
    return None


def respond(connection, status, body, content_type):
    response = connection.respond(http.HTTPStatus(status), body)
    del response.headers["Content-Type"]
    response.headers["Content-Type"] = content_type
    return response


def process_request(connection, request):
    path = request.path.split("?", 1)[0]
    if path == "/closes":
        return respond(connection, 200, json.dumps(CLOSES), "application/json")
    status = re.fullmatch(r"/http/(\d{3})", path)
    if status:
        code = status.group(1)
        return respond(
            connection, int(code), f"<html><body><h1>{code}</h1></body></html>", "text/html"
        )
    if behaviour_for(path) is None:
        return respond(connection, 404, f"no behaviour at {path}\n", "text/plain")
    return None


async def handler(ws):
    behaviour, args = behaviour_for(ws.request.path.split("?", 1)[0])
    try:
        await behaviour(ws, *args)
    except ConnectionClosed:
        pass
    finally:
        await ws.wait_closed()
        CLOSES.append({"path": ws.request.path, "code": ws.close_code})


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


async def main():
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    # No keepalive pings and no compression: the peer sends only what its path asks for.
    async with serve(
        handler,
        "127.0.0.1",
        0,
        process_request=process_request,
        ping_interval=None,
        compression=None,
        max_size=None,
    ) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
