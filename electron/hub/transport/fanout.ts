import type { PresenceEntry } from '../../../shared/protocol';
import type { OpenCutover } from '../cutovers/registry';
import type { Session } from './session';

/**
 * Delivers each durable batch to every session of its cutover. The frame is built once
 * from the stored JSON and sent as is; a client that cannot keep up is dropped by its
 * session (Session.sendRaw) rather than allowed to hold the hub's memory, and catches up
 * by seq when it reconnects.
 */
export class Fanout {
  private sessions = new Map<string, Set<Session>>();

  watch(cutover: OpenCutover): void {
    cutover.runtime.subscribe((_events, raws) => {
      const frame = `{"t":"events","events":[${raws.join(',')}]}`;
      for (const s of this.sessions.get(cutover.id) ?? []) s.sendRaw(frame);
    });
    cutover.metrics.subscribe((batches) => {
      const frame = JSON.stringify({ t: 'samples', batches, history: false });
      for (const s of this.sessions.get(cutover.id) ?? []) s.sendRaw(frame);
    });
  }

  join(s: Session): void {
    const set = this.sessions.get(s.cutover.id) ?? new Set<Session>();
    set.add(s);
    this.sessions.set(s.cutover.id, set);
    this.announcePresence(s.cutover.id);
  }

  leave(s: Session): void {
    this.sessions.get(s.cutover.id)?.delete(s);
    this.announcePresence(s.cutover.id);
  }

  disconnectInvite(cutoverId: string, inviteId: string, code: number, reason: string): void {
    for (const s of this.sessions.get(cutoverId) ?? []) if (s.invite.id === inviteId) s.close(code, reason);
  }

  presence(cutoverId: string): PresenceEntry[] {
    const byMember = new Map<string, PresenceEntry>();
    for (const s of this.sessions.get(cutoverId) ?? []) {
      const m = s.member;
      if (!m) continue;
      const seen = byMember.get(m.id);
      if (seen) {
        seen.connections += 1;
        seen.connectedSince = Math.min(seen.connectedSince, s.connectedAt);
      } else {
        byMember.set(m.id, { memberId: m.id, name: m.name, role: s.actor.role as PresenceEntry['role'], station: m.station, connections: 1, connectedSince: s.connectedAt });
      }
    }
    return [...byMember.values()];
  }

  private announcePresence(cutoverId: string): void {
    const frame = JSON.stringify({ t: 'presence', members: this.presence(cutoverId) });
    for (const s of this.sessions.get(cutoverId) ?? []) s.sendRaw(frame);
  }
}
