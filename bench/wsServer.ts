import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import { exitWhenParentSaysSo } from './lib';

/*
 * Child process for bench/sync.ts: the baseline. A bare `ws` server with no journal, no auth
 * and no parsing: every message received is sent as it is (as text, like the hub's frames)
 * to every connected socket. Same `ws` version and defaults as the hub (no compression).
 * Prints {url} as one JSON line on stdout, then serves until its stdin closes.
 */
export type WsServerInfo = { url: string };

const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => {
  ws.on('error', (e) => process.stderr.write(`[ws] socket error: ${e.message}\n`));
  ws.on('message', (data, isBinary) => {
    for (const c of wss.clients) if (c.readyState === WebSocket.OPEN) c.send(data, { binary: isBinary });
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const info: WsServerInfo = { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/` };
process.stdout.write(`${JSON.stringify(info)}\n`);
exitWhenParentSaysSo(async () => {
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  await new Promise<void>((r) => server.close(() => r()));
});
