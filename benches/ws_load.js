// A Node `ws` load script: CONCURRENCY workers each open and close connections until TOTAL opened.
const WebSocket = require('ws');
const [url, total, concurrency] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
let started = 0, opened = 0, failed = 0;
const latencies = [];
const t0 = process.hrtime.bigint();
function next() {
  if (started >= total) return Promise.resolve();
  started++;
  return new Promise((resolve) => {
    const begin = process.hrtime.bigint();
    const ws = new WebSocket(url);
    ws.on('open', () => { latencies.push(Number(process.hrtime.bigint() - begin) / 1e6); opened++; ws.close(1000); });
    ws.on('close', resolve);
    ws.on('error', () => { failed++; resolve(); });
  }).then(next);
}
Promise.all(Array.from({ length: concurrency }, next)).then(() => {
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(JSON.stringify({ opened, failed, seconds, rate: opened / seconds, p50: q(0.5), p99: q(0.99) }));
});
