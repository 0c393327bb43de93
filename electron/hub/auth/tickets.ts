import { randomBytes } from 'node:crypto';
import type { Invite } from './tokens';

type Ticket = { cutoverId: string; invite: Invite; expiresAt: number };

/**
 * Short-lived, single-use stand-ins for an invite token. The desktop app keeps the token
 * itself in the main process (encrypted at rest) and hands the renderer only a ticket per
 * connection attempt, so a compromised page never holds the long-lived secret.
 */
export class TicketBook {
  private tickets = new Map<string, Ticket>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 60_000,
  ) {}

  issue(cutoverId: string, invite: Invite): { ticket: string; expiresAt: number } {
    this.sweep();
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.tickets.set(ticket, { cutoverId, invite, expiresAt });
    return { ticket, expiresAt };
  }

  /** The invite behind a ticket, once: a ticket is spent by the connection that uses it. */
  redeem(ticket: string, cutoverId: string): Invite | null {
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!t || t.cutoverId !== cutoverId || t.expiresAt < this.now() || t.invite.revokedAt !== null) return null;
    return t.invite;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, t] of this.tickets) if (t.expiresAt < now) this.tickets.delete(k);
  }
}
