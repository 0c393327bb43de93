import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Invite } from '../auth/tokens';
import type { CutoverRegistry, OpenCutover } from '../cutovers/registry';
import { bearerToken } from './token';

/** The one refusal for a missing, wrong or revoked token, and for an unknown cutover alike: no route says which ids exist. */
export const NOT_VALID = 'This invite token is not valid for this cutover';

/** A body already serialised, answered as JSON that no cache keeps. */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** The cutover and live invite a request's bearer token opens, or null. */
export function authorize(req: IncomingMessage, registry: Pick<CutoverRegistry, 'get'>, cutoverId: string): { cutover: OpenCutover; invite: Invite } | null {
  const token = bearerToken(req);
  const cutover = token ? registry.get(cutoverId) : undefined;
  const invite = token && cutover ? cutover.invites.verify(token) : null;
  return cutover && invite ? { cutover, invite } : null;
}
