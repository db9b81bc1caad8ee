// A WebSocket server nobody here wrote (Node `ws`, pinned in scripts/test) serving one behaviour
// per URL path, so the tests judge `iops ws` against a peer iops's authors did not build.
//
// Prints `READY <port>` once listening on 127.0.0.1 (port 0: the system's choice); exits when its
// stdin closes, so it never outlives the test binary holding that pipe. Paths (query ignored):
//   /echo                      echo text and binary
//   /close-now/CODE            close with CODE, reason "now", right after the upgrade
//   /close-after/N/CODE        echo N messages, then close with CODE
//   /close-after-ms/MS/CODE    echo; close with CODE after MS ms
//   /drop, /drop-after-ms/MS   destroy the TCP socket (no close frame), at once or after MS ms
//   /invalid-utf8              send a text frame whose payload (ff fe) is not UTF-8
//   /oversize/BYTES            send one text message of BYTES bytes
//   /delayed-reverse           reply to a message carrying seq N (`"seq":N` or `seq=N`) with the
//                              same text: even N at once, odd N after 1000 ms (out of order)
//   /skip-odd                  reply only to messages carrying an even seq
//   /broadcast/MS              send {"type":"broadcast","n":K} every MS ms; echo
//   /ping-flood/MS             send a protocol ping every MS ms; echo
//   /http/STATUS               refuse the upgrade with HTTP STATUS and an HTML body
//   /log                       echo; append each connection's first message (one line) to the
//                              file named by $PEER_LOG, if set
// GET /closes answers a JSON list of {"path": request target, "code": close code received from the
// client, or 1006 when none came} for every connection that has ended.
'use strict';

const fs = require('fs');
const http = require('http');
const { WebSocketServer } = require('ws');

const closes = [];

function seqOf(text) {
  const match = /"seq"\s*:\s*(\d+)/.exec(text) || /seq=(\d+)/.exec(text);
  return match ? Number(match[1]) : null;
}

function echo(ws) {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
}

// Timers die with the connection, so a closed socket is never written to.
function every(ws, ms, action) {
  const timer = setInterval(action, ms);
  ws.on('close', () => clearInterval(timer));
}

function after(ws, ms, action) {
  const timer = setTimeout(action, ms);
  ws.on('close', () => clearTimeout(timer));
}

const behaviours = [
  [/^\/echo$/, (ws) => echo(ws)],
  [/^\/close-now\/(\d+)$/, (ws, code) => ws.close(Number(code), 'now')],
  [
    /^\/close-after\/(\d+)\/(\d+)$/,
    (ws, n, code) => {
      let left = Number(n);
      if (left === 0) return ws.close(Number(code), 'after');
      ws.on('message', (data, isBinary) => {
        if (left === 0) return;
        ws.send(data, { binary: isBinary });
        left -= 1;
        if (left === 0) ws.close(Number(code), 'after');
      });
    },
  ],
  [
    /^\/close-after-ms\/(\d+)\/(\d+)$/,
    (ws, ms, code) => {
      echo(ws);
      after(ws, Number(ms), () => ws.close(Number(code), 'after-ms'));
    },
  ],
  [/^\/drop$/, (ws) => ws.terminate()],
  [
    /^\/drop-after-ms\/(\d+)$/,
    (ws, ms) => {
      echo(ws);
      after(ws, Number(ms), () => ws.terminate());
    },
  ],
  [/^\/invalid-utf8$/, (ws) => ws.send(Buffer.from([0xff, 0xfe]), { binary: false })],
  [/^\/oversize\/(\d+)$/, (ws, bytes) => ws.send('x'.repeat(Number(bytes)))],
  [
    /^\/delayed-reverse$/,
    (ws) =>
      ws.on('message', (data, isBinary) => {
        const seq = seqOf(data.toString());
        const reply = () => ws.send(data, { binary: isBinary });
        if (seq !== null && seq % 2 === 1) after(ws, 1000, reply);
        else reply();
      }),
  ],
  [
    /^\/skip-odd$/,
    (ws) =>
      ws.on('message', (data, isBinary) => {
        const seq = seqOf(data.toString());
        if (seq !== null && seq % 2 === 0) ws.send(data, { binary: isBinary });
      }),
  ],
  [
    /^\/broadcast\/(\d+)$/,
    (ws, ms) => {
      echo(ws);
      let n = 0;
      every(ws, Number(ms), () => {
        n += 1;
        ws.send(JSON.stringify({ type: 'broadcast', n }));
      });
    },
  ],
  [
    /^\/ping-flood\/(\d+)$/,
    (ws, ms) => {
      echo(ws);
      every(ws, Number(ms), () => ws.ping());
    },
  ],
  [
    /^\/log$/,
    (ws) => {
      let first = true;
      ws.on('message', (data, isBinary) => {
        if (first && process.env.PEER_LOG) {
          fs.appendFileSync(process.env.PEER_LOG, `${data.toString()}\n`);
        }
        first = false;
        ws.send(data, { binary: isBinary });
      });
    },
  ],
];

function behaviourFor(path) {
  for (const [pattern, serve] of behaviours) {
    const match = pattern.exec(path);
    if (match) return (ws) => serve(ws, ...match.slice(1));
  }
  return null;
}

function refuse(socket, status, body, type) {
  const reason = http.STATUS_CODES[status] || 'Refused';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

const server = http.createServer((req, res) => {
  if (req.url.split('?')[0] === '/closes') {
    const body = JSON.stringify(closes);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  }
});

const wss = new WebSocketServer({ noServer: true });

server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => {});
  const path = req.url.split('?')[0];
  const status = /^\/http\/(\d{3})$/.exec(path);
  if (status) {
    refuse(socket, Number(status[1]), `<html><body><h1>${status[1]}</h1></body></html>`, 'text/html');
    return;
  }
  const serve = behaviourFor(path);
  if (!serve) {
    refuse(socket, 404, `no behaviour at ${path}\n`, 'text/plain');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    ws.on('close', (code) => closes.push({ path: req.url, code }));
    serve(ws);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
