import type { CutoverLog, CutoverPart } from '../cutovers/parts';
import type { InviteStore } from './tokens';

/**
 * Makes a revocation bite at once: when `invite.revoked` is durable, the invite store is
 * told (so the token and its tickets stop working) and everyone connected with it is
 * disconnected.
 */
export class Revocations implements CutoverPart {
  // A revoke still in flight at shutdown is enforced too.
  readonly outlivesJournal = true;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly log: CutoverLog,
    private readonly invites: Pick<InviteStore, 'revoke'>,
    private readonly now: () => number,
    private readonly disconnect: (inviteId: string) => void,
  ) {}

  start(): void {
    this.unsubscribe = this.log.subscribe((events) => {
      const ids = events.flatMap((e) => (e.type === 'invite.revoked' ? [e.payload.inviteId] : []));
      if (ids.length === 0) return;
      // Memory first, so a connection racing this cannot slip in; the file follows.
      const revoking = this.invites.revoke(ids, this.now());
      for (const id of ids) this.disconnect(id);
      revoking.catch(() => undefined); // reconciled from the journal on the next start anyway
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }
}
