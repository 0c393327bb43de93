import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, SUBPROTOCOL } from '@shared/protocol';
import type { TicketBook } from '../auth/tickets';
import { unavailableReason, type CutoverRegistry } from '../cutovers/registry';
import { Connection } from './connection';
import type { Fanout } from './fanout';
import { MISDIRECTED, type HubNames } from './hostNames';
import { isAllowedOrigin } from './origin';
import { REVOKED } from './inviteRoute';
import { credentialFromUpgrade, type Credential } from './token';

const WS_PATH = /^\/ws\/([a-z0-9-]{1,64})$/;

export type AdmissionDeps = {
  registry: CutoverRegistry;
  names: HubNames;
  tickets: TicketBook;
  fanout: Fanout;
  allowedOrigins: string[];
  now: () => number;
  log: (msg: string) => void;
  maxPayload: number;
  helloTimeoutMs: number;
  maxBufferedBytes: number;
};

export type Admission = {
  wss: WebSocketServer;
  /** The HTTP server's 'upgrade' listener. */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
};

/**
 * Who gets a socket: the host name, path and origin are checked on the HTTP upgrade (a
 * refusal there is an HTTP status); the credential once it is a socket, so that a browser,
 * which sees no HTTP status for a refused socket, can still be told why in the close frame.
 */
export function socketAdmission(deps: AdmissionDeps): Admission {
  const { registry, tickets, log } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: deps.maxPayload,
    // Off, as ws's default is: with compression ws queues its frames while it deflates them,
    // and a broadcast written straight to the socket (Connection.sendFrame) could overtake one.
    perMessageDeflate: false,
    // Agree on our protocol only; the token "protocol" is never echoed back.
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!deps.names.check(req.headers.host).ok) return refuseUpgrade(socket, MISDIRECTED.status, MISDIRECTED.reason);
    const match = WS_PATH.exec(new URL(req.url ?? '/', 'http://hub').pathname);
    if (!match) return refuseUpgrade(socket, 404, 'Not a Warroom socket path');
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, deps.allowedOrigins)) {
      return refuseUpgrade(socket, 403, 'Origin not allowed');
    }
    const cutoverId = match[1]!;
    const credential = credentialFromUpgrade(req);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // With noServer, ws leaves 'connection' to us: without it the liveness check never
      // knew the socket and cut it at the first tick.
      wss.emit('connection', ws, req);
      admit(ws, socket, cutoverId, credential);
    });
  }

  function admit(ws: WebSocket, socket: Duplex, cutoverId: string, credential: Credential | null): void {
    // A protocol error (an oversized frame, bad UTF-8) is reported here; ws closes the
    // socket itself with the right code. Without a listener it would crash the hub.
    ws.on('error', (e) => log(`socket closed on protocol error: ${e.message}`));
    const cutover = registry.get(cutoverId);
    if (!cutover) {
      const broken = registry.unavailable.get(cutoverId);
      return ws.close(CloseCode.unknownCutover, broken ? unavailableReason(broken) : 'No such cutover on this hub');
    }
    const invite = !credential ? null : credential.kind === 'token' ? cutover.invites.find(credential.value) : tickets.redeem(credential.value, cutoverId);
    if (!invite) {
      const reason = !credential
        ? 'An invite token is required'
        : credential.kind === 'token'
          ? 'This invite token is not valid for this cutover'
          : 'This connection ticket has expired or was used already';
      // A spent ticket is not fatal: the app asks for a fresh one and tries again.
      return ws.close(credential?.kind === 'ticket' ? CloseCode.ticketInvalid : CloseCode.unauthorized, reason);
    }
    // The holder of the very token is told it was revoked: that says nothing to anyone else.
    if (invite.revokedAt !== null) return ws.close(CloseCode.revoked, REVOKED);
    new Connection(ws, socket, cutover, invite, {
      now: deps.now,
      helloTimeoutMs: deps.helloTimeoutMs,
      maxBufferedBytes: deps.maxBufferedBytes,
      joined: (c) => deps.fanout.join(c),
      left: (c) => deps.fanout.leave(c),
      integrations: registry.integrations,
    });
  }

  return { wss, upgrade };
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}
