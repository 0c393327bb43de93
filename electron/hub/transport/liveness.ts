import type { WebSocketServer, WebSocket } from 'ws';

/**
 * Pings every socket each `everyMs`: a peer that has not answered the previous ping is dead
 * (a laptop lid closed, a network gone) and is dropped, so presence tells the truth.
 * Returns the stop.
 */
export function watchLiveness(wss: WebSocketServer, everyMs = 15_000): () => void {
  const answered = new WeakSet<WebSocket>();
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!answered.has(ws)) {
        ws.terminate();
        continue;
      }
      answered.delete(ws);
      ws.ping();
    }
  }, everyMs);
  wss.on('connection', (ws) => {
    answered.add(ws);
    ws.on('pong', () => answered.add(ws));
  });
  return () => clearInterval(timer);
}
