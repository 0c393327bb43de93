import type { IncomingMessage, RequestListener, ServerOptions, ServerResponse } from 'node:http';
import type { Role } from '@shared/cutover';
import type { AdminToken } from '../auth/adminToken';
import { serveBanner } from '../comms/bannerRoute';
import type { CutoverRegistry } from '../cutovers/registry';
import { serveAdmin } from './adminRoute';
import { serveArchive } from './archiveRoute';
import { serveInvite, serveInviteLink } from './inviteRoute';
import { MISDIRECTED, type HubNames } from './hostNames';
import { NOT_VALID, sendJson } from './http';
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
  /** Origins the page may also open sockets to: the other hubs of a night several serve (their --origin). */
  otherHubs?: readonly string[];
  /** Who may plan a new night over HTTP (adminRoute.ts); null: nobody. */
  admin: AdminToken | null;
};

/** Answers and returns true when the request is this route's; false leaves it to the next. */
type Route = (req: IncomingMessage, res: ServerResponse, path: string, deps: RouteDeps) => boolean;

const reading = (req: IncomingMessage) => req.method === 'GET' || req.method === 'HEAD';

const health: Route = (req, res, path, { registry }) => {
  if (!reading(req) || path !== '/healthz') return false;
  // The store, the other hubs heard from and the cutovers whose side effects this hub runs (several hubs on one database).
  sendJson(res, 200, { ok: true, cutovers: registry.list().length, unavailable: registry.unavailable.size, ...registry.backend.status() });
  return true;
};

/** `POST /api/cutovers/<id>/tickets`: a one-time socket ticket for an invite token. */
const tickets: Route = (req, res, path, deps) => {
  const ticketFor = TICKET_PATH.exec(path);
  if (req.method !== 'POST' || !ticketFor) return false;
  const token = bearerToken(req);
  const issued = token ? deps.issueTicket(ticketFor[1]!, token) : null;
  if (issued) sendJson(res, 200, issued);
  else sendJson(res, 401, { error: NOT_VALID });
  return true;
};

/**
 * Public by design, for customers' pages under whatever name they know the hub by: nothing
 * in them for a rebinding page to take. Answered before the host name is checked.
 */
const PUBLIC_ROUTES: readonly Route[] = [(req, res, path, { registry, now }) => serveBanner(req, res, path, registry, now)];

/** The rest, in order, for requests addressed to one of the hub's names; static files last. */
const ROUTES: readonly Route[] = [
  health,
  tickets,
  (req, res, path, { registry, now }) => serveArchive(req, res, path, registry, now),
  (req, res, path, { registry, now, pushLimiter }) => servePush(req, res, path, registry, now, pushLimiter),
  (req, res, path, deps) => serveAdmin(req, res, path, deps),
  (req, res, path, { registry }) => serveInvite(req, res, path, registry) || serveInviteLink(req, res, path, registry),
];

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

/** The hub's HTTP routes (docs/protocol.md, "HTTP"); the socket upgrade is admission.ts's. */
export function httpRoutes(deps: RouteDeps): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    if (PUBLIC_ROUTES.some((route) => route(req, res, path, deps))) return;
    const named = deps.names.check(req.headers.host);
    if (!named.ok) return res.writeHead(MISDIRECTED.status, { 'content-type': 'text/plain' }).end(MISDIRECTED.reason);
    if (ROUTES.some((route) => route(req, res, path, deps))) return;
    const notFound = () => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    if (!reading(req) || !deps.staticDir) return notFound();
    serveStatic(deps.staticDir, path, res, webCsp(named.host, deps.otherHubs)).then((served) => served || notFound(), notFound);
  };
}
