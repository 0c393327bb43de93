import type { IncomingMessage, ServerResponse } from 'node:http';
import { mayDo, type CutoverState } from '@shared/cutover';
import { parsePushJson, parsePushText, type PushParse } from '@shared/metrics';
import type { Invite } from '../auth/tokens';
import type { CutoverRegistry } from '../cutovers/registry';
import { permit } from './permits';
import type { PushLimiter } from './pushLimit';
import { authorize, NOT_VALID, sendJson } from './http';

const PUSH_PATH = /^\/api\/cutovers\/([a-z0-9-]{1,64})\/push$/;
const MAX_BODY = 1024 * 1024;

/**
 * Why this invite may not push, or null when it may. A push names no person, only the invite,
 * so it takes the narrowest of the invite's role and the roles the lead has since given anyone
 * who came in by it: a crew member demoted to observer cannot go on pushing with that token.
 */
function pushRefusal(invite: Invite, state: CutoverState): string | null {
  const may = permit(invite.role, 'samples.push');
  if (!may.ok) return may.reason;
  const demoted = Object.values(state.members).find((m) => m.inviteId === invite.id && !mayDo(m.role, 'samples.push'));
  return demoted
    ? `The lead made ${demoted.name}, who joined with this invite, ${/^[aeiou]/.test(demoted.role) ? 'an' : 'a'} ${demoted.role}: it may no longer push samples`
    : null;
}

/**
 * `POST /api/cutovers/<id>/push` with `Authorization: Bearer <invite token>` (lead or
 * operator): readings for series whose source is "push", as JSON or Prometheus text.
 * Answers `{accepted, errors}`; a partly bad body keeps its good samples and lists the rest.
 * Readings past the invite's rate are refused whole with 429 and when to send them again.
 */
export function servePush(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  registry: CutoverRegistry,
  now: () => number,
  limiter: PushLimiter,
): boolean {
  const match = PUSH_PATH.exec(path);
  if (!match || req.method !== 'POST') return false;
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) => sendJson(res, status, body, headers);
  const tooMany = (seconds: number) =>
    send(
      429,
      { error: `This invite pushed more than ${limiter.limit.perSecond} readings a second; send these again in ${seconds} s` },
      { 'retry-after': String(seconds) },
    );
  const opened = authorize(req, registry, match[1]!);
  if (!opened) {
    send(401, { error: NOT_VALID });
    return true;
  }
  const { cutover, invite } = opened;
  const refusal = pushRefusal(invite, cutover.runtime.state);
  if (refusal) {
    send(403, { error: refusal });
    return true;
  }

  // Out of allowance: told before its body is read (Node reads and drops the body after the answer).
  const wait = limiter.waitBefore(invite.id);
  if (wait !== null) {
    tooMany(wait);
    return true;
  }

  let chunks: Buffer[] | null = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (!chunks) return; // already answered: the rest is read and dropped
    if (size <= MAX_BODY) return void chunks.push(c);
    // Answered at once, but the body is still read to its end (within the server's request
    // timeout): a socket torn down with its body unread is reset, and a client slow to read
    // would lose the answer with it.
    chunks = null;
    send(413, { error: 'The body is larger than 1 MiB' });
  });
  req.on('end', () => {
    if (!chunks) return;
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
    const retry = limiter.take(invite.id, parsed.samples.length);
    if (retry !== null) return tooMany(retry);
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
