import type { OpenCutover } from '../cutovers/registry';

/**
 * Makes a revocation bite at once: when `invite.revoked` is durable, the invite store is
 * told (so the token and its tickets stop working) and everyone connected with it is
 * disconnected.
 */
export function enforceRevocations(cutover: OpenCutover, now: () => number, disconnect: (inviteId: string) => void): void {
  cutover.runtime.subscribe((events) => {
    const ids = events.flatMap((e) => (e.type === 'invite.revoked' ? [e.payload.inviteId] : []));
    if (ids.length === 0) return;
    // Memory first, so a connection racing this cannot slip in; the file follows.
    const revoking = cutover.invites.revoke(ids, now());
    for (const id of ids) disconnect(id);
    revoking.catch(() => undefined); // reconciled from the journal on the next start anyway
  });
}
