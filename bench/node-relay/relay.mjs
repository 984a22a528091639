// Baseline relay (the JSMpeg relay pattern): one publisher socket, every binary message forwarded as-is to every
// viewer socket. No decoding, no pacing, no black frames: the least a relay can do.
// usage: node relay.mjs <port>   publisher: ws://127.0.0.1:<port>/publish   viewers: ws://127.0.0.1:<port>/view
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] || 18081);
const wss = new WebSocketServer({ port, host: '127.0.0.1', maxPayload: 16 * 1024 * 1024 });
const viewers = new Set();

wss.on('connection', (socket, request) => {
  if (request.url === '/view') {
    viewers.add(socket);
    socket.on('close', () => viewers.delete(socket));
    return;
  }
  socket.on('message', (data, isBinary) => {
    if (!isBinary) return;
    for (const viewer of viewers) {
      if (viewer.readyState === 1) viewer.send(data, { binary: true });
    }
  });
});
wss.on('listening', () => console.log(`relay listening ${port}`));
