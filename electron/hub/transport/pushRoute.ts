import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CutoverState, Role } from '../../../shared/cutover';
import { parsePushJson, parsePushText, type PushParse } from '../../../shared/metrics';
import type { Invite } from '../auth/tokens';
import type { CutoverRegistry } from '../cutovers/registry';
import { bearerToken } from './token';

const PUSH_PATH = /^\/api\/cutovers\/([a-z0-9-]{1,64})\/push$/;
const MAX_BODY = 1024 * 1024;

const PUSHES: readonly Role[] = ['lead', 'operator'];

/**
 * Why this invite may not push, or null when it may. A push names no person, only the invite,
 * so it takes the narrowest of the invite's role and the roles the lead has since given anyone
 * who came in by it: a crew member demoted to observer cannot go on pushing with that token.
 */
function pushRefusal(invite: Invite, state: CutoverState): string | null {
  if (!PUSHES.includes(invite.role)) return 'Only a lead or operator invite may push samples';
  const demoted = Object.values(state.members).find((m) => m.inviteId === invite.id && !PUSHES.includes(m.role));
  return demoted ? `The lead made ${demoted.name}, who joined with this invite, ${/^[aeiou]/.test(demoted.role) ? 'an' : 'a'} ${demoted.role}: it may no longer push samples` : null;
}

/**
 * `POST /api/cutovers/<id>/push` with `Authorization: Bearer <invite token>` (lead or
 * operator): readings for series whose source is "push", as JSON or Prometheus text.
 * Answers `{accepted, errors}`; a partly bad body keeps its good samples and lists the rest.
 */
export function servePush(req: IncomingMessage, res: ServerResponse, path: string, registry: CutoverRegistry, now: () => number): boolean {
  const match = PUSH_PATH.exec(path);
  if (!match || req.method !== 'POST') return false;
  const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  const cutover = registry.get(match[1]!);
  const token = bearerToken(req);
  const invite = token ? cutover?.invites.verify(token) : null;
  if (!cutover || !invite) {
    send(401, { error: 'This invite token is not valid for this cutover' });
    return true;
  }
  const refusal = pushRefusal(invite, cutover.runtime.state);
  if (refusal) {
    send(403, { error: refusal });
    return true;
  }

  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY) {
      send(413, { error: 'The body is larger than 1 MiB' });
      req.destroy();
    } else chunks.push(c);
  });
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    const isJson = (req.headers['content-type'] ?? '').includes('json');
    let parsed: PushParse;
    if (isJson) {
      try {
        parsed = parsePushJson(JSON.parse(text));
      } catch {
        return send(400, { accepted: 0, errors: ['The body is not valid JSON'] });
      }
    } else parsed = parsePushText(text, cutover.runtime.state.seriesOrder);
    const errors = [...parsed.errors];
    let accepted = 0;
    for (const s of parsed.samples) {
      const problem = cutover.metrics.push(s.series, s.t ?? now(), s.value);
      if (problem) errors.push(problem);
      else accepted++;
    }
    send(accepted === 0 && errors.length > 0 ? 400 : 200, { accepted, errors: errors.slice(0, 20) });
  });
  return true;
}
