import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyCutoverState, parseEvent, type CutoverEvent } from '@shared/cutover';
import { draftPostmortem } from '@shared/postmortem';
import { startHub, type Hub } from '../../../electron/hub/hub';
import { describeEvent } from '../../../renderer/features/timeline/timelineView';
import { live, nodeClient, SMALL_RUNBOOK, tempDir, until, WINDOW_START } from '../../support/hubHarness';

/*
 * A note is stamped when it was written: the client puts its time of action (corrected by
 * the clock offset it measured) on the command when it is queued, the hub keeps it beside
 * its own time (clamped), and the timeline shows both when they are apart.
 */

const MIN = 60_000;
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function hubAt(dir: string, now: () => number, port = 0): Promise<Hub> {
  return startHub({ dataDir: dir, port, now, log: () => undefined });
}

const notes = (events: readonly CutoverEvent[]) => events.filter((e) => e.type === 'note.added' || e.type === 'step.noted');

describe('a note written while the hub was away', () => {
  it('keeps the time it was written beside the time it was delivered, corrected by the client’s clock offset', { timeout: 20_000 }, async () => {
    const dir = await tempDir('warroom-written-');
    dirs.push(dir);
    let clock = WINDOW_START + 40 * MIN; // 19:40 in London
    const first = await hubAt(dir, () => clock);
    const { cutoverId, invites } = await first.createCutover({
      title: 'Database cutover',
      window: { start: WINDOW_START, end: WINDOW_START + 120 * MIN, timeZone: 'Europe/London' },
      isRehearsal: false,
      runbook: SMALL_RUNBOOK,
    });
    // This laptop's clock is 7 s slow; the pongs tell it so.
    const lead = nodeClient(first.url, cutoverId, invites.find((i) => i.invite.role === 'lead')!.token, 'Lena', { now: () => clock - 7000 });
    lead.start();
    let again: Hub | null = null;
    try {
      await live(lead);
      await until(lead, (c) => c.clock.offsetMs === 7000, 5000, 'the clock offset');
      await lead.send('cutover.start', {}).done;
      await first.close();
      await until(lead, (c) => c.status !== 'live', 5000, 'offline');

      clock += 25_000; // 19:40:25: typed while the hub is away
      const note = lead.send('note.add', { text: 'Row counts match', severity: 'info' });
      const stepNote = lead.send('step.note', { stepId: 'a', text: 'Consumers paused' });
      clock += 40_000; // 19:41:05: the hub is back and the queue goes out
      again = await hubAt(dir, () => clock, first.port);
      await Promise.all([note.done, stepNote.done]);

      const [added, noted] = notes(lead.events);
      for (const e of [added!, noted!]) {
        expect(e.ts).toBe(WINDOW_START + 41 * MIN + 5000);
        expect(e.type === 'note.added' || e.type === 'step.noted' ? e.payload.writtenAt : null).toBe(WINDOW_START + 40 * MIN + 25_000);
      }
      expect(describeEvent(added!, lead.state).text).toBe('Row counts match (written 19:40:25, delivered 19:41:05)');
      expect(describeEvent(noted!, lead.state).text).toBe('On “Stop event processing”: Consumers paused (written 19:40:25, delivered 19:41:05)');
      const md = draftPostmortem({ state: lead.state, events: lead.events });
      expect(md).toContain('- 19:41 [note] Row counts match (written 19:40:25, delivered 19:41:05)');
      expect(md).toContain('- 19:41 [note] Note on Stop event processing: Consumers paused (written 19:40:25, delivered 19:41:05)');
    } finally {
      lead.stop();
      await again?.close();
    }
  });

  it('is dated when written by a page reloaded with the hub away, from the clock offset the page before it measured', { timeout: 20_000 }, async () => {
    const dir = await tempDir('warroom-written-');
    dirs.push(dir);
    let clock = WINDOW_START + 40 * MIN;
    const first = await hubAt(dir, () => clock);
    const { cutoverId, invites } = await first.createCutover({
      title: 'Database cutover',
      window: { start: WINDOW_START, end: WINDOW_START + 120 * MIN, timeZone: 'Europe/London' },
      isRehearsal: false,
      runbook: SMALL_RUNBOOK,
    });
    const token = invites.find((i) => i.invite.role === 'lead')!.token;
    // This laptop's clock is 7 s slow, as the page before the reload measured.
    const before = nodeClient(first.url, cutoverId, token, 'Lena', { now: () => clock - 7000 });
    before.start();
    let page: ReturnType<typeof nodeClient> | null = null;
    let again: Hub | null = null;
    try {
      await live(before);
      await until(before, (c) => c.clock.offsetMs === 7000, 5000, 'the clock offset');
      await before.send('cutover.start', {}).done;
      const kept = { events: [...before.events], member: before.member, clock: { offsetMs: before.clock.offsetMs, rttMs: before.clock.bestRttMs! } };
      before.stop();
      await first.close();

      // The reload: a new page, the night and the clock as this device kept them, no hub.
      page = nodeClient(first.url, cutoverId, token, 'Lena', { now: () => clock - 7000 });
      page.restoreEvents(kept.events, clock, kept.member, kept.clock);
      page.start();
      clock += 25_000; // 19:40:25, typed with the hub away
      const note = page.send('note.add', { text: 'Stopped consumers on host 3', severity: 'info' });
      clock += 30 * MIN; // the hub is back half an hour later
      again = await hubAt(dir, () => clock, first.port);
      await note.done;
      const [added] = notes(page.events);
      expect(added!.type === 'note.added' ? added!.payload.writtenAt : null).toBe(WINDOW_START + 40 * MIN + 25_000);
    } finally {
      page?.stop();
      await again?.close();
    }
  });

  it('clamps a written time to the hub’s clock and the cutover’s creation, and shows none a few seconds off', { timeout: 20_000 }, async () => {
    const dir = await tempDir('warroom-written-');
    dirs.push(dir);
    const created = WINDOW_START - 30 * MIN;
    let clock = created;
    const hub = await hubAt(dir, () => clock);
    const { cutoverId, invites } = await hub.createCutover({
      title: 'Database cutover',
      window: { start: WINDOW_START, end: WINDOW_START + 120 * MIN, timeZone: 'Europe/London' },
      isRehearsal: false,
      runbook: SMALL_RUNBOOK,
    });
    const lead = nodeClient(hub.url, cutoverId, invites.find((i) => i.invite.role === 'lead')!.token, 'Lena', { now: () => clock });
    lead.start();
    try {
      await live(lead);
      clock = WINDOW_START + 5 * MIN;
      await lead.send('note.add', { text: 'From the future', severity: 'info', writtenAt: clock + 60 * MIN }).done;
      await lead.send('note.add', { text: 'From before the night', severity: 'info', writtenAt: 1000 }).done;
      await lead.send('note.add', { text: 'Just now', severity: 'info', writtenAt: clock - 3000 }).done;
      const written = notes(lead.events).map((e) => (e.type === 'note.added' ? e.payload.writtenAt : null));
      expect(written).toEqual([clock, created, clock - 3000]);
      expect(describeEvent(notes(lead.events)[2]!, lead.state).text).toBe('Just now');
    } finally {
      lead.stop();
      await hub.close();
    }
  });

  it('leaves a note unstamped until the client has measured its clock against the hub’s', () => {
    // No hub answers here: the offset is unknown, so the hub's time of delivery will be the truer one.
    const lonely = nodeClient('http://127.0.0.1:9', 'c-none', 'token', 'Lena', { now: () => WINDOW_START });
    lonely.start();
    lonely.send('note.add', { text: 'Typed before any pong', severity: 'info' }).done.catch(() => undefined);
    lonely.stop();
    expect(lonely.pending.map((c) => c.payload)).toEqual([{ text: 'Typed before any pong', severity: 'info' }]);
  });

  it('still reads notes recorded before notes carried a written time', () => {
    const old = {
      v: 1,
      seq: 7,
      ts: WINDOW_START,
      actor: { id: 'm-1', name: 'Lena', role: 'lead' },
      type: 'note.added',
      payload: { noteId: 'n1', text: 'Old', severity: 'info' },
    };
    const parsed = parseEvent(old);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && describeEvent(parsed.event, emptyCutoverState()).text).toBe('Old');
  });
});
