import { afterEach, describe, expect, it } from 'vitest';
import { CutoverInfoSchema, HUB_ACTOR, parseCommand, type Actor, type Command, type CutoverEvent } from '@shared/cutover';
import { CutoverRuntime } from '../../../electron/hub/cutovers/cutoverRuntime';
import { Deadlines } from '../../../electron/hub/cutovers/deadlines';
import { channelsFor } from '../../../electron/hub/store/postgres/schemaScope';
import { PgBackend } from '../../../electron/hub/store/postgres/pgBackend';
import { PgEventStore } from '../../../electron/hub/store/postgres/pgEventStore';
import { SMALL_RUNBOOK, WINDOW_START, waitFor } from '../../support/hubHarness';
import { freshSchema } from '../store/pgSchema';

/*
 * Two hubs on one store. Hub A runs the deadlines; its notice of what hub B stored is late (a
 * notice lost or late "costs only a moment": deploy.md). The lead closes the poll on hub B; A's
 * deadline, decided on what A had, lost the race for its seq, caught up, and appended its close
 * anyway: the poll closed three times, the lead's close rewritten as the deadline's.
 */

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

const command = (raw: unknown): Command => {
  const r = parseCommand(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.command;
};

describe('a deadline on one hub, the poll closed on another', () => {
  it('is decided again on what the other hub stored: the poll is closed once, by the lead', { timeout: 20_000 }, async () => {
    const db = freshSchema('wr_deadline');
    cleanup.push(db.drop);
    const backend = await PgBackend.open({ url: db.url, log: () => undefined, leaseRetryMs: 60_000 });
    cleanup.push(() => backend.close());
    const id = 'c-deadline1';
    await backend.create(id);
    let n = 0;
    // No notices at all: each hub learns of the other's events only by losing a race for a seq.
    const storeOf = (hubId: string) =>
      new PgEventStore({
        pool: backend.pool,
        shown: backend.shown,
        cutoverId: id,
        hubId,
        channel: channelsFor(db.schema).events,
        listen: () => () => undefined,
      });
    let clock = WINDOW_START;
    const now = () => clock;
    const a = await CutoverRuntime.open({ store: storeOf('A'), now, newId: () => `a${n++}` });
    cleanup.push(() => a.close());
    const info = { id, title: 'Night', window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' }, isRehearsal: false };
    await a.record(HUB_ACTOR, [{ type: 'cutover.created', payload: { cutover: CutoverInfoSchema.parse(info), runbook: SMALL_RUNBOOK } }]);
    const lead: Actor = { id: 'm-lead', name: 'Lena', role: 'lead' };
    const opened = await a.execute(
      command({ id: 'open', type: 'poll.open', payload: { question: 'Go?', stations: ['role:approver'], deadline: WINDOW_START + 1000 } }),
      lead,
    );
    expect(opened.ok).toBe(true);
    const pollId = a.state.pollOrder[0]!;

    const b = await CutoverRuntime.open({ store: storeOf('B'), now, newId: () => `b${n++}` });
    cleanup.push(() => b.close());
    expect((await b.execute(command({ id: 'close', type: 'poll.close', payload: { pollId } }), lead)).ok).toBe(true);

    // The deadline passes on hub A, which has not heard of the close.
    clock = WINDOW_START + 5000;
    const deadlines = new Deadlines(a, now, 10);
    deadlines.start();
    await waitFor(() => a.durableSeq >= b.durableSeq && a.state.polls[pollId]!.rounds[0]!.closedAt !== null, 'hub A to catch up', 3000);
    await new Promise((r) => setTimeout(r, 200));
    deadlines.stop();

    const { rows } = await backend.pool.query<{ event: string }>('SELECT event FROM warroom_events WHERE cutover = $1 ORDER BY seq', [id]);
    const closes = rows.map((r) => JSON.parse(r.event) as CutoverEvent).filter((e) => e.type === 'poll.closed');
    expect(closes.map((e) => e.payload)).toEqual([{ pollId, round: 1, reason: 'closed_by_lead' }]);
    expect(a.state.polls[pollId]!.rounds[0]!.closeReason).toBe('closed_by_lead');
  });
});
