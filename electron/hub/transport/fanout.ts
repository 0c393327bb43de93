import { CloseCode, type PresenceEntry } from '@shared/protocol';
import type { CutoverLog, CutoverPart } from '../cutovers/parts';
import type { CutoverMetrics } from '../metrics/cutoverMetrics';
import { stageTimes } from '../stageTimes';
import { stoppedRecording, type Connection } from './connection';
import { textFrame } from './textFrame';

/**
 * Delivers each durable batch to every connection of its cutover. The frame is built once
 * from the stored JSON, header and all (textFrame), and the same bytes are written to every
 * socket; a client that cannot keep up is dropped by its connection (Connection.sendFrame)
 * rather than allowed to hold the hub's memory, and catches up by seq when it reconnects.
 */
export class Fanout {
  private connections = new Map<string, Set<Connection>>();

  /** The fan-out of one cutover's batches and samples, as one of its parts. */
  partFor(cutover: {
    id: string;
    runtime: Pick<CutoverLog, 'subscribe'> & { onFailure(listener: (e: Error) => void): () => void };
    metrics: Pick<CutoverMetrics, 'subscribe'>;
  }): CutoverPart {
    let unsubscribe: Array<() => void> = [];
    const send = (text: string) => {
      const frame = textFrame(text);
      for (const c of this.connections.get(cutover.id) ?? []) c.sendFrame(frame);
    };
    return {
      // Batches of commands still in flight at shutdown reach whoever is still connected.
      outlivesJournal: true,
      start: () => {
        unsubscribe = [
          cutover.runtime.subscribe((_events, raws) => {
            send(`{"t":"events","events":[${raws.join(',')}]}`);
            stageTimes?.broadcast(raws[0]);
          }),
          cutover.metrics.subscribe((batches) => send(JSON.stringify({ t: 'samples', batches, history: false }))),
          // The journal failed: nothing more is recorded until the hub starts again. Every
          // window hears it now (not at its next click), keeps its changes, and retries.
          cutover.runtime.onFailure((e) => {
            for (const c of [...(this.connections.get(cutover.id) ?? [])]) c.close(CloseCode.journalFailed, stoppedRecording(e.message));
          }),
        ];
      },
      stop: () => {
        for (const u of unsubscribe) u();
      },
    };
  }

  join(c: Connection): void {
    const set = this.connections.get(c.cutover.id) ?? new Set<Connection>();
    set.add(c);
    this.connections.set(c.cutover.id, set);
    this.announcePresence(c.cutover.id);
  }

  leave(c: Connection): void {
    this.connections.get(c.cutover.id)?.delete(c);
    this.announcePresence(c.cutover.id);
  }

  disconnectInvite(cutoverId: string, inviteId: string, code: number, reason: string): void {
    for (const c of this.connections.get(cutoverId) ?? []) if (c.invite.id === inviteId) c.close(code, reason);
  }

  presence(cutoverId: string): PresenceEntry[] {
    const byMember = new Map<string, PresenceEntry>();
    for (const c of this.connections.get(cutoverId) ?? []) {
      const m = c.member;
      if (!m) continue;
      const seen = byMember.get(m.id);
      if (seen) {
        seen.connections += 1;
        seen.connectedSince = Math.min(seen.connectedSince, c.connectedAt);
      } else {
        byMember.set(m.id, {
          memberId: m.id,
          name: m.name,
          role: c.actor.role as PresenceEntry['role'],
          station: m.station,
          connections: 1,
          connectedSince: c.connectedAt,
        });
      }
    }
    return [...byMember.values()];
  }

  private announcePresence(cutoverId: string): void {
    const frame = textFrame(JSON.stringify({ t: 'presence', members: this.presence(cutoverId) }));
    for (const c of this.connections.get(cutoverId) ?? []) c.sendFrame(frame);
  }
}
