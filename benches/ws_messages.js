// A Node `ws` message-load script: CONNECTIONS connections opened at RATE per second (0: all at
// once), each sending MESSAGES messages in turn (the next once the answer to the last arrives),
// then closing. Prints messages/s, round-trip percentiles (ms, nearest rank) and failures as JSON.
const WebSocket = require('ws');
const [url, connections, messages, rate] = process.argv.slice(2).map((a, i) => (i ? Number(a) : a));
const trips = [];
let failed = 0, answered = 0;
const t0 = process.hrtime.bigint();
function one(conn) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let seq = 0, sentAt = 0n;
    const send = () => { seq++; sentAt = process.hrtime.bigint(); ws.send(`ping ${conn}-${seq}`); };
    ws.on('open', send);
    ws.on('message', (data) => {
      if (!String(data).includes('pong')) return; // a broadcast, not an answer
      trips.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
      answered++;
      if (seq < messages) send(); else ws.close(1000);
    });
    ws.on('close', resolve);
    ws.on('error', () => { failed++; resolve(); });
  });
}
const due = (i) => new Promise((resolve) => (rate ? setTimeout(resolve, (i * 1000) / rate) : resolve()));
Promise.all(Array.from({ length: connections }, (_, i) => due(i).then(() => one(i)))).then(() => {
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  trips.sort((a, b) => a - b);
  const q = (p) => trips[Math.max(0, Math.ceil(p * trips.length) - 1)];
  console.log(JSON.stringify({ answered, failed, seconds, rate: answered / seconds, p50: q(0.5), p99: q(0.99) }));
});
