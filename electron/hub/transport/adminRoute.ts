import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatIssues } from '@shared/cutover';
import type { RunbookError } from '@shared/runbook';
import type { AdminToken } from '../auth/adminToken';
import type { CutoverRegistry } from '../cutovers/registry';
import { sendJson } from './http';
import { bearerToken } from './token';

/** A runbook text may be up to 1 MB (the schema's limit); the rest of the request is small. */
const MAX_BODY = 1_100_000;

export const ADMIN_REFUSED = 'This is not the admin token of this hub';
export const NO_ADMIN =
  'This hub takes no admin token: a night is planned from the desktop app, or with `npm run hub -- --runbook FILE`, or on a hub started from the command line';

export type AdminDeps = { registry: CutoverRegistry; admin: AdminToken | null };

/** Answers "is this the admin token?" first: the form is not shown to someone who has none. */
function refusal(req: IncomingMessage, admin: AdminToken | null): { status: number; error: string } | null {
  if (!admin) return { status: 404, error: NO_ADMIN };
  return admin.matches(bearerToken(req)) ? null : { status: 401, error: ADMIN_REFUSED };
}

/**
 * The admin's doors, each with `Authorization: Bearer <admin token>` (never in a URL, never
 * logged; a browser sends that header cross-site only after a preflight the hub never
 * answers, so a page elsewhere cannot plan a night with a token it cannot read):
 *
 * - `GET /api/admin`: 204 when the token is this hub's (what the browser checks before
 *   showing "Plan a new night").
 * - `POST /api/cutovers` with `{title, window, isRehearsal, source}`: plans the night from a
 *   template or a Markdown or YAML runbook. 201 `{cutoverId, title, leadToken}`: the admin
 *   becomes its lead and invites the rest of the crew from the Crew tab. An import that does
 *   not read is 400 `{errors: [{line, message}]}`, every problem at once.
 */
export function serveAdmin(req: IncomingMessage, res: ServerResponse, path: string, deps: AdminDeps): boolean {
  const check = path === '/api/admin' && (req.method === 'GET' || req.method === 'HEAD');
  const create = path === '/api/cutovers' && req.method === 'POST';
  if (!check && !create) return false;
  const refused = refusal(req, deps.admin);
  if (refused) {
    sendJson(res, refused.status, { error: refused.error });
    return true;
  }
  if (check) {
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
    return true;
  }
  readJson(req, res, (body) => void createNight(body, deps.registry, res));
  return true;
}

async function createNight(body: unknown, registry: CutoverRegistry, res: ServerResponse): Promise<void> {
  // The importers (and the YAML parser) are loaded when a night is planned, not with every hub:
  // about 9 MB that a hub serving its nights never needs.
  const { NewNightSchema, planFromSource } = await import('@shared/runbook');
  const request = NewNightSchema.safeParse(body);
  if (!request.success) return badRequest(res, [{ message: formatIssues(request.error) }]);
  const { source, ...info } = request.data;
  const plan = planFromSource(source);
  if (!plan.ok) return badRequest(res, plan.errors);
  try {
    const { cutover, invites } = await registry.create({ ...info, runbook: plan.plan }, ['lead']);
    sendJson(res, 201, { cutoverId: cutover.id, title: info.title, leadToken: invites[0]!.token });
  } catch (e) {
    sendJson(res, 500, { error: `The hub could not record the new night: ${(e as Error).message}` });
  }
}

const badRequest = (res: ServerResponse, errors: RunbookError[]) => sendJson(res, 400, { errors });

/** Reads a JSON body of at most MAX_BODY bytes; answers 413 or 400 itself when it cannot. */
function readJson(req: IncomingMessage, res: ServerResponse, then: (body: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let answered = false;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (answered) return;
    if (size <= MAX_BODY) return void chunks.push(c);
    answered = true;
    sendJson(res, 413, { errors: [{ message: 'The request is larger than 1 MB: a runbook that long is not one a crew can read' }] });
  });
  req.on('end', () => {
    if (answered) return;
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return badRequest(res, [{ message: 'The request is not valid JSON' }]);
    }
    then(body);
  });
}
