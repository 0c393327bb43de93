import type { IncomingMessage, ServerResponse } from 'node:http';
import { archiveFileName, encodeArchive } from '@shared/archive';
import type { CutoverEvent } from '@shared/cutover';
import type { CutoverRegistry } from '../cutovers/registry';
import { NOT_VALID, sendJson, sendJsonText } from './http';
import { permit } from './permits';
import { bearerToken } from './token';

const ARCHIVE_PATH = /^\/api\/cutovers\/([a-z0-9-]{1,64})\/archive$/;

export type ExportedArchive = { text: string; fileName: string };

/** An archive for an invite's holder; `unknown`: no such cutover here, `token`: no live invite has this token, `refused`: its role may not take the archive. */
export type ArchiveAnswer = ({ ok: true } & ExportedArchive) | { ok: false; why: 'unknown' | 'token' | 'refused'; reason: string };

/**
 * The archive of one cutover, from the durable events exactly as the journal holds them
 * (what is not yet durable was never acknowledged, so it is not part of the record).
 * Null when the hub holds no such cutover.
 */
export async function exportArchive(
  hub: { registry: Pick<CutoverRegistry, 'get'> },
  cutoverId: string,
  opts: { exportedBy?: string; now?: () => number } = {},
): Promise<ExportedArchive | null> {
  const cutover = hub.registry.get(cutoverId);
  if (!cutover) return null;
  const events = cutover.runtime.rawsAfter(0).map((raw) => JSON.parse(raw) as CutoverEvent);
  // The samples from disk: memory holds only a bounded window of them.
  const text = await encodeArchive({
    events,
    samples: await cutover.metrics.storedSamples(),
    exportedAt: (opts.now ?? Date.now)(),
    ...(opts.exportedBy ? { exportedBy: opts.exportedBy } : {}),
  });
  const info = cutover.runtime.state.info;
  return { text, fileName: info ? archiveFileName(info) : `${cutoverId}.warroom.json` };
}

/** The archive for whoever holds `token`: the HTTP route's answer and the desktop's alike. */
export async function archiveForToken(registry: Pick<CutoverRegistry, 'get'>, cutoverId: string, token: string, now: () => number): Promise<ArchiveAnswer> {
  const cutover = registry.get(cutoverId);
  if (!cutover) return { ok: false, why: 'unknown', reason: 'No such cutover on this hub' };
  const invite = cutover.invites.verify(token);
  if (!invite) return { ok: false, why: 'token', reason: NOT_VALID };
  const may = permit(invite.role, 'archive.export');
  if (!may.ok) return { ok: false, why: 'refused', reason: may.reason };
  const archive = await exportArchive({ registry }, cutoverId, { exportedBy: invite.label || invite.role, now });
  return archive ? { ok: true, ...archive } : { ok: false, why: 'unknown', reason: 'No such cutover on this hub' };
}

/**
 * `GET /api/cutovers/<id>/archive` with `Authorization: Bearer <invite token>`: any live
 * invite of that cutover may take its archive (observers too: it is the record they saw).
 * Answers and returns true when the path is this route's; false leaves it to the next.
 */
export function serveArchive(req: IncomingMessage, res: ServerResponse, path: string, registry: Pick<CutoverRegistry, 'get'>, now: () => number): boolean {
  const match = ARCHIVE_PATH.exec(path);
  if (!match || req.method !== 'GET') return false;
  const headers = { 'x-content-type-options': 'nosniff' };
  const cutoverId = match[1]!;
  const token = bearerToken(req);
  if (!token) {
    sendJson(res, 401, { error: NOT_VALID }, headers);
    return true;
  }
  archiveForToken(registry, cutoverId, token, now)
    .then(
      (answer) => {
        if (answer.ok) return sendJsonText(res, 200, answer.text, { ...headers, 'content-disposition': `attachment; filename="${answer.fileName}"` });
        // An unknown cutover gets the same answer as a wrong token: the route says nothing about which exist.
        if (answer.why !== 'refused') return sendJson(res, 401, { error: NOT_VALID }, headers);
        sendJson(res, 403, { error: answer.reason }, headers);
      },
      (error: unknown) => sendJson(res, 500, { error: `The archive could not be built: ${(error as Error).message}` }, headers),
    )
    .catch(() => res.destroy());
  return true;
}
