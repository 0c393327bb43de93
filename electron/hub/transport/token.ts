import type { IncomingMessage } from 'node:http';
import { TOKEN_PROTOCOL_PREFIX } from '../../../shared/protocol';

/**
 * The token comes with the upgrade: browsers cannot set headers on a WebSocket, so it
 * rides as a second subprotocol; Node clients may use `Authorization: Bearer`. Never in
 * the URL, where proxies and logs would keep it.
 */
export function tokenFromUpgrade(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || null;
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const carrier = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return carrier ? carrier.slice(TOKEN_PROTOCOL_PREFIX.length) || null : null;
}
