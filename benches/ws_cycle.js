// The one-off `node test-websocket.js` of the runbooks: connect, send, wait for the reply, close.
const WebSocket = require('ws');
const ws = new WebSocket(process.argv[2]);
ws.on('open', () => ws.send('{"action":"ping"}'));
ws.on('message', () => ws.close(1000));
ws.on('close', () => process.exit(0));
ws.on('error', () => process.exit(1));
