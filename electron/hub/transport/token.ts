import type { IncomingMessage } from 'node:http';
import { TICKET_PROTOCOL_PREFIX, TOKEN_PROTOCOL_PREFIX } from '@shared/protocol';

export type Credential = { kind: 'token' | 'ticket'; value: string };

/**
 * The credential comes with the upgrade: browsers cannot set headers on a WebSocket, so it
 * rides as a second subprotocol (an invite token, or a one-time ticket from the desktop
 * app); Node clients may use `Authorization: Bearer`. Never in the URL, where proxies and
 * logs would keep it.
 */
export function credentialFromUpgrade(req: IncomingMessage): Credential | null {
  const bearer = bearerToken(req);
  if (bearer) return { kind: 'token', value: bearer };
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  for (const [prefix, kind] of [
    [TOKEN_PROTOCOL_PREFIX, 'token'],
    [TICKET_PROTOCOL_PREFIX, 'ticket'],
  ] as const) {
    const carrier = protocols.find((p) => p.startsWith(prefix));
    if (carrier && carrier.length > prefix.length) return { kind, value: carrier.slice(prefix.length) };
  }
  return null;
}

export function bearerToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() || null : null;
}
