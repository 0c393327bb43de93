import type { CutoverLog, CutoverPart } from '../cutovers/parts';
import type { InviteLinks } from './inviteLinks';

/**
 * Forgets a kept link as soon as it can no longer let anyone new in: its invite revoked, or
 * the one person of a single-use invite joined. What cannot be shown again is not kept.
 */
export class LinkKeeper implements CutoverPart {
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly log: CutoverLog,
    private readonly links: Pick<InviteLinks, 'forget'>,
  ) {}

  start(): void {
    this.unsubscribe = this.log.subscribe((events) => {
      const spent = events.flatMap((e) => {
        if (e.type === 'invite.revoked') return [e.payload.inviteId];
        if (e.type === 'member.joined' && this.log.state.invites[e.payload.member.inviteId]?.singleUse) return [e.payload.member.inviteId];
        return [];
      });
      if (spent.length > 0) void this.links.forget(spent);
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }
}
