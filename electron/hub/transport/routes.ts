import type { IncomingMessage, RequestListener, ServerOptions, ServerResponse } from 'node:http';
import type { Role } from '../../../shared/cutover';
import { serveBanner } from '../comms/bannerRoute';
import type { CutoverRegistry } from '../cutovers/registry';
import { serveArchive } from './archiveRoute';
import { MISDIRECTED, type HubNames } from './hostNames';
import type { PushLimiter } from './pushLimit';
import { servePush } from './pushRoute';
import { serveStatic, webCsp } from './staticFiles';
import { bearerToken } from './token';

const TICKET_PATH = /^\/api\/cutovers\/([a-z0-9-]{1,64})\/tickets$/;

export type IssuedTicket = { ticket: string; expiresAt: number; role: Role; station: string; title: string };

export type RouteDeps = {
  registry: CutoverRegistry;
  now: () => number;
  names: HubNames;
  pushLimiter: PushLimiter;
  issueTicket: (cutoverId: string, token: string) => IssuedTicket | null;
  /** The built renderer, served at `/` for web mode; none when absent. */
  staticDir?: string;
};

/**
 * Node's limits on a connection that is not yet a request. A socket that sends nothing, or
 * its headers a byte at a time, is answered 408 and closed once `headersTimeoutMs` passes,
 * as a socket that never says hello is: otherwise each one is held for good. Node checks
 * only every `connectionsCheckingInterval` (30 s by default): here a twentieth of the timeout.
 */
export function serverTimeouts(headersTimeoutMs = 10_000): ServerOptions {
  return {
    headersTimeout: headersTimeoutMs,
    // A whole request (a push's 1 MiB body, a refused body being read and dropped).
    requestTimeout: Math.max(60_000, headersTimeoutMs),
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 20))),
  };
}

/** The hub's HTTP routes (docs/protocol.md, "HTTP"); the socket upgrade is hub.ts's. */
export function httpRoutes(deps: RouteDeps): RequestListener {
  const { registry, now } = deps;
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));

  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    // Public by design, for customers' pages under whatever name they know the hub by:
    // nothing in it for a rebinding page to take.
    if (serveBanner(req, res, path, registry, now)) return;
    const named = deps.names.check(req.headers.host);
    if (!named.ok) return res.writeHead(MISDIRECTED.status, { 'content-type': 'text/plain' }).end(MISDIRECTED.reason);
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (reading && path === '/healthz') {
      return json(res, 200, { ok: true, cutovers: registry.list().length, unavailable: registry.unavailable.size });
    }
    const ticketFor = TICKET_PATH.exec(path);
    if (req.method === 'POST' && ticketFor) {
      const token = bearerToken(req);
      const issued = token ? deps.issueTicket(ticketFor[1]!, token) : null;
      return issued ? json(res, 200, issued) : json(res, 401, { error: 'This invite token is not valid for this cutover' });
    }
    if (serveArchive(req, res, path, registry, now)) return;
    if (servePush(req, res, path, registry, now, deps.pushLimiter)) return;
    const notFound = () => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    if (!reading || !deps.staticDir) return notFound();
    serveStatic(deps.staticDir, path, res, webCsp(named.host)).then((served) => served || notFound(), notFound);
  };
}
