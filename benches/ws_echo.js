// A Node `ws` echo server on a free loopback port (printed on stdout): the server the probe's
// cycle goal is stated against. Ends when stdin closes.
const { WebSocketServer } = require('ws');
// WS_BACKLOG: the listen backlog (Node's default 511 drops SYNs when thousands connect each
// second, and every dropped one waits a 1 s retransmit: the server's limit, not the client's).
const backlog = Number(process.env.WS_BACKLOG || 511);
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, backlog }, () => console.log(wss.address().port));
wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
