import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocketServer, WebSocket } from 'ws';
import { APPEND_FLAGS, O_DSYNC } from '../electron/hub/journal/fileJournal';
import { exitWhenParentSaysSo } from './lib';

/*
 * Child process for bench/sync.ts: the baseline. A bare `ws` server with no journal, no auth
 * and no parsing: every message received is sent as it is (as text, like the hub's frames)
 * to every connected socket. Same `ws` version and defaults as the hub (no compression).
 * With --fsync-dir DIR it is the bare broadcast plus the disk: each message is appended to a
 * file in DIR, made durable the way the hub's journal makes its writes durable (on Linux one
 * O_DSYNC write, elsewhere a write then an fdatasync), before it is sent on
 * (ws_fsync_p99_ms in bench/sync.ts).
 * Prints {url} as one JSON line on stdout, then serves until its stdin closes.
 */
export type WsServerInfo = { url: string };

const fsyncDir = parseArgs({ options: { 'fsync-dir': { type: 'string' } } }).values['fsync-dir'] ?? null;

const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server });
const broadcast = (data: WebSocket.RawData, isBinary: boolean) => {
  for (const c of wss.clients) if (c.readyState === WebSocket.OPEN) c.send(data, { binary: isBinary });
};
// With --fsync-dir: each message is appended to a file there and made durable (one after the
// other, each awaited as the journal awaits its own) before it is broadcast.
const journal = fsyncDir ? await open(join(fsyncDir, 'bare.jsonl'), APPEND_FLAGS, 0o600) : null;
let writing: Promise<void> = Promise.resolve();
wss.on('connection', (ws) => {
  ws.on('error', (e) => process.stderr.write(`[ws] socket error: ${e.message}\n`));
  ws.on('message', (data, isBinary) => {
    if (!journal) return broadcast(data, isBinary);
    writing = writing.then(async () => {
      await journal.appendFile(`${data.toString()}\n`);
      if (!O_DSYNC) await journal.datasync();
      broadcast(data, isBinary);
    });
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const info: WsServerInfo = { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/` };
process.stdout.write(`${JSON.stringify(info)}\n`);
exitWhenParentSaysSo(async () => {
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  await writing;
  await journal?.close();
  await new Promise<void>((r) => server.close(() => r()));
});
