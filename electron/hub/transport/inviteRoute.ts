import type { IncomingMessage, ServerResponse } from 'node:http';
import { inviteStillOpen } from '@shared/crew';
import { mayDo } from '@shared/cutover';
import type { CutoverRegistry } from '../cutovers/registry';
import { authorize, NOT_VALID, sendJson } from './http';
import { permit } from './permits';
import { bearerToken } from './token';

const INVITE_PATH = /^\/api\/cutovers\/([a-z0-9-]{1,64})\/invite$/;

export const REVOKED = 'The lead revoked this invite';

/**
 * `GET /api/cutovers/<id>/invite` with `Authorization: Bearer <invite token>`: what a join
 * link opens, asked before the browser asks for a name, so a wrong or revoked link is told
 * at once rather than after. 200 `{title, role, station, label}`; 401 for a wrong token or
 * an unknown cutover alike (no route says which ids exist); 410 for a revoked one: its holder
 * is told so, as the socket tells them (4410), which says nothing to anyone else.
 */
export function serveInvite(req: IncomingMessage, res: ServerResponse, path: string, registry: Pick<CutoverRegistry, 'get'>): boolean {
  const match = INVITE_PATH.exec(path);
  if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const token = bearerToken(req);
  const cutover = token ? registry.get(match[1]!) : undefined;
  const invite = token && cutover ? cutover.invites.find(token) : null;
  if (!cutover || !invite) sendJson(res, 401, { error: NOT_VALID });
  else if (invite.revokedAt !== null) sendJson(res, 410, { error: REVOKED });
  else sendJson(res, 200, { title: cutover.runtime.state.info?.title ?? '', role: invite.role, station: invite.station, label: invite.label });
  return true;
}

const LINK_PATH = /^\/api\/cutovers\/([a-z0-9-]{1,64})\/invites\/([A-Za-z0-9-]{1,64})\/link$/;

/**
 * `POST /api/cutovers/<id>/invites/<inviteId>/link` with the lead's invite token: the token
 * of a live invite, from the hub's encrypted vault (auth/inviteLinks.ts), so the lead can
 * hand the same link out again. 200 `{token}`; 403 for anyone but a lead (a lead invite
 * whose holder was made something else included); 410 once the invite is revoked or its one
 * person joined; 404 when this hub kept no copy (it has no secrets key).
 */
export function serveInviteLink(req: IncomingMessage, res: ServerResponse, path: string, registry: Pick<CutoverRegistry, 'get'>): boolean {
  const match = LINK_PATH.exec(path);
  if (!match || req.method !== 'POST') return false;
  const opened = authorize(req, registry, match[1]!);
  if (!opened) {
    sendJson(res, 401, { error: NOT_VALID });
    return true;
  }
  const { cutover, invite } = opened;
  const state = cutover.runtime.state;
  const may = permit(invite.role, 'invite.copyLink');
  const demoted = Object.values(state.members).some((m) => m.inviteId === invite.id && !mayDo(m.role, 'invite.copyLink'));
  const inviteId = match[2]!;
  const token = cutover.links.token(inviteId);
  if (!may.ok || demoted) sendJson(res, 403, { error: may.ok ? 'Only the lead may copy an invite’s link again' : may.reason });
  else if (!state.invites[inviteId]) sendJson(res, 404, { error: 'There is no such invite' });
  else if (!inviteStillOpen(state, inviteId))
    sendJson(res, 410, {
      error: state.invites[inviteId]?.revokedAt ? 'This invite is revoked' : 'This link was for one person, who has joined: it lets nobody else in',
    });
  else if (!token) sendJson(res, 404, { error: 'This hub kept no copy of that link (it has no WARROOM_SECRETS_KEY): create a new invite' });
  else sendJson(res, 200, { token });
  return true;
}
