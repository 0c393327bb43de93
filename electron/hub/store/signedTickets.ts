import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { TicketBook } from '../auth/tickets';
import type { Invite } from '../auth/tokens';

/**
 * Tickets any hub on the same store accepts: `<payload>.<HMAC-SHA256>` signed with a key the
 * hubs share (kept in the database), naming the cutover, the invite (by id), when it expires
 * and a nonce. A ticket is spent on the hub that redeems it; the invite is looked up afresh,
 * so one revoked since is refused.
 */
export class SignedTicketBook extends TicketBook {
  private spent = new Map<string, number>();

  constructor(
    private readonly key: Buffer,
    private readonly clock: () => number,
    private readonly inviteById: (cutoverId: string, inviteId: string) => Invite | null,
    private readonly ttl = 60_000,
  ) {
    super(clock, ttl);
  }

  override issue(cutoverId: string, invite: Invite): { ticket: string; expiresAt: number } {
    const expiresAt = this.clock() + this.ttl;
    const payload = Buffer.from(JSON.stringify({ c: cutoverId, i: invite.id, e: expiresAt, n: randomBytes(9).toString('base64url') })).toString('base64url');
    return { ticket: `${payload}.${this.sign(payload)}`, expiresAt };
  }

  override redeem(ticket: string, cutoverId: string): Invite | null {
    const dot = ticket.indexOf('.');
    if (dot < 0) return null;
    const payload = ticket.slice(0, dot);
    const given = Buffer.from(ticket.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let body: { c?: unknown; i?: unknown; e?: unknown };
    try {
      body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof body;
    } catch {
      return null;
    }
    const now = this.clock();
    if (body.c !== cutoverId || typeof body.i !== 'string' || typeof body.e !== 'number' || body.e < now) return null;
    this.forgetSpent(now);
    if (this.spent.has(payload)) return null;
    this.spent.set(payload, body.e);
    const invite = this.inviteById(cutoverId, body.i);
    return invite && invite.revokedAt === null ? invite : null;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  private forgetSpent(now: number): void {
    for (const [k, e] of this.spent) if (e < now) this.spent.delete(k);
  }
}
