import type { IncomingMessage, ServerResponse } from 'node:http';
import { archiveFileName, encodeArchive } from '../../../shared/archive';
import type { CutoverEvent } from '../../../shared/cutover';
import type { CutoverRegistry } from '../cutovers/registry';
import { bearerToken } from './token';

const ARCHIVE_PATH = /^\/api\/cutovers\/([a-z0-9-]{1,64})\/archive$/;

export type ExportedArchive = { text: string; fileName: string };

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
  const text = await encodeArchive({ events, samples: await cutover.metrics.storedSamples(), exportedAt: (opts.now ?? Date.now)(), ...(opts.exportedBy ? { exportedBy: opts.exportedBy } : {}) });
  const info = cutover.runtime.state.info;
  return { text, fileName: info ? archiveFileName(info) : `${cutoverId}.warroom.json` };
}

/**
 * `GET /api/cutovers/<id>/archive` with `Authorization: Bearer <invite token>`: any live
 * invite of that cutover may take its archive (observers too: it is the record they saw).
 * Answers and returns true when the path is this route's; false leaves it to the next.
 */
export function serveArchive(req: IncomingMessage, res: ServerResponse, path: string, registry: CutoverRegistry, now: () => number): boolean {
  const match = ARCHIVE_PATH.exec(path);
  if (!match || req.method !== 'GET') return false;
  const send = (status: number, body: string, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers }).end(body);
  const cutoverId = match[1]!;
  const token = bearerToken(req);
  // An unknown cutover gets the same answer as a wrong token: the route says nothing about which exist.
  const invite = token ? registry.get(cutoverId)?.invites.verify(token) : null;
  if (!invite) {
    send(401, JSON.stringify({ error: 'This invite token is not valid for this cutover' }));
    return true;
  }
  exportArchive({ registry }, cutoverId, { exportedBy: invite.label || invite.role, now }).then(
    (archive) =>
      archive
        ? send(200, archive.text, { 'content-disposition': `attachment; filename="${archive.fileName}"` })
        : send(404, JSON.stringify({ error: 'No such cutover on this hub' })),
    (error: unknown) => send(500, JSON.stringify({ error: `The archive could not be built: ${(error as Error).message}` })),
  ).catch(() => res.destroy());
  return true;
}
