import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CutoverEvent } from '@shared/cutover';
import { draftPostmortem } from '@shared/postmortem';
import { startHub, type Hub } from '../../../electron/hub/hub';
import { describeEvent } from '../../../renderer/features/timeline/timelineView';
import { live, nodeClient, SMALL_RUNBOOK, tempDir, until, WINDOW_START } from '../../support/hubHarness';
import { cutoverOnDisk, spawnHub } from '../../support/spawnHub';

/*
 * A hub that was away is on the record: stopped or killed, then started again on the same
 * data folder, it records how long it was gone (from the heartbeat it left, or its last
 * event) and the timeline and the postmortem say so. The hub's clock is injected.
 */

const MIN = 60_000;
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function hubAt(dir: string, now: () => number, port = 0): Promise<Hub> {
  return startHub({ dataDir: dir, port, now, log: () => undefined });
}

async function newCutover(hub: Hub, windowStart = WINDOW_START) {
  const { cutoverId, invites } = await hub.createCutover({
    title: 'Database cutover',
    window: { start: windowStart, end: windowStart + 120 * MIN, timeZone: 'Europe/London' },
    isRehearsal: false,
    runbook: SMALL_RUNBOOK,
  });
  return { cutoverId, token: invites.find((i) => i.invite.role === 'lead')!.token };
}

const stored = (hub: Hub, cutoverId: string): CutoverEvent[] =>
  hub.registry
    .get(cutoverId)!
    .runtime.rawsAfter(0)
    .map((r) => JSON.parse(r) as CutoverEvent);
const resumed = (events: readonly CutoverEvent[]) => events.flatMap((e) => (e.type === 'hub.resumed' ? [e] : []));

describe('a hub that was away', () => {
  it('records how long it was stopped, from its last heartbeat, and the timeline and postmortem say so', { timeout: 20_000 }, async () => {
    const dir = await tempDir('warroom-outage-');
    dirs.push(dir);
    let clock = WINDOW_START + 10 * MIN; // 19:10 in London
    const first = await hubAt(dir, () => clock);
    const { cutoverId, token } = await newCutover(first);
    const lead = nodeClient(first.url, cutoverId, token, 'Lena', { now: () => clock });
    lead.start();
    try {
      await live(lead);
      await lead.send('cutover.start', {}).done;
      clock += 2 * MIN; // nothing happens for two minutes: only the heartbeat knows the hub was up
      await first.close();

      // Back within twice the heartbeat interval: a restart, not an outage.
      clock += 15_000;
      const quick = await hubAt(dir, () => clock, first.port);
      expect(resumed(stored(quick, cutoverId))).toEqual([]);
      await quick.close();

      clock += 15 * MIN;
      const again = await hubAt(dir, () => clock, first.port);
      try {
        await until(lead, (c) => c.status === 'live' && resumed(c.events).length > 0, 8000, 'the outage on the record');
        const [event] = resumed(lead.events);
        expect(event!.payload).toEqual({ downFrom: WINDOW_START + 12 * MIN + 15_000, downUntil: WINDOW_START + 27 * MIN + 15_000 });
        expect(event!.actor.role).toBe('system');
        expect(describeEvent(event!, lead.state).text).toBe('Hub was down 19:12:15–19:27:15 (15m)');
        const md = draftPostmortem({ state: lead.state, events: lead.events });
        expect(md).toContain('- 19:12 [hub] Hub was down 19:12–19:27 (15 min)');
      } finally {
        await again.close();
      }
    } finally {
      lead.stop();
    }
  });

  it('measures a killed hub’s absence from the heartbeat it left behind', { timeout: 30_000 }, async () => {
    const dir = await tempDir('warroom-outage-');
    dirs.push(dir);
    const { cutoverId } = await cutoverOnDisk(dir);
    const spawnedAt = Date.now();
    const { proc } = await spawnHub(dir);
    // The hub beats once as it opens the cutover; kill it once that beat is on disk.
    const beat = join(dir, 'cutovers', cutoverId, 'heartbeat.json');
    const beatAt = () =>
      readFile(beat, 'utf8').then(
        (t) => (JSON.parse(t) as { at: number }).at,
        () => 0,
      );
    while ((await beatAt()) < spawnedAt) await new Promise((r) => setTimeout(r, 20));
    const killedAt = Date.now();
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));

    const back = Date.now() + 15 * MIN;
    const hub = await hubAt(dir, () => back);
    try {
      const [event] = resumed(stored(hub, cutoverId));
      // The killed hub wrote its heartbeat when it opened the cutover: after the setup hub closed.
      expect(event!.payload.downFrom).toBeGreaterThanOrEqual(spawnedAt);
      expect(event!.payload.downFrom).toBeLessThanOrEqual(killedAt);
      expect(event!.payload.downUntil).toBe(back);
    } finally {
      await hub.close();
    }
  });

  it('records nothing while the night is still being planned, before its window opens', async () => {
    const dir = await tempDir('warroom-outage-');
    dirs.push(dir);
    let clock = WINDOW_START - 26 * 60 * MIN; // the day before
    const first = await hubAt(dir, () => clock);
    const { cutoverId } = await newCutover(first);
    await first.close();
    clock += 8 * 60 * MIN; // the lead's laptop was closed overnight
    const again = await hubAt(dir, () => clock);
    try {
      expect(resumed(stored(again, cutoverId))).toEqual([]);
    } finally {
      await again.close();
    }
  });
});

describe('a hub that freezes while a window is catching up', () => {
  // The silence watch started only at `synced`: a hub frozen (or a link that died) during the
  // catch-up left the window "catching up" for good, its commands unsent, for nothing more
  // would be sent on that socket to notice it. A process stopped with SIGSTOP keeps its
  // sockets open and answers nothing, as such a hub does.
  it('is given up on after the silence limit, and the window comes back once the hub does', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const { cutoverId, leadToken } = await cutoverOnDisk(dir);
    const { proc, url } = await spawnHub(dir);
    try {
      const lead = nodeClient(url, cutoverId, leadToken, 'Lena', { pingEveryMs: 200, silenceMs: 600 });
      let gaveUp = false;
      lead.subscribe(() => {
        // Frozen the moment the socket opens, before it has read the hello.
        if (lead.status === 'syncing' && !proc.killed && proc.signalCode === null && !gaveUp) proc.kill('SIGSTOP');
        if (lead.status === 'offline') gaveUp = true;
      });
      lead.start();
      const note = lead.send('note.add', { text: 'Replica caught up', severity: 'info' });
      await until(lead, () => gaveUp, 5000, 'the window to give up on the silent hub');
      proc.kill('SIGCONT');
      const [seq] = await note.done;
      await until(lead, (c) => c.status === 'live' && c.state.seq >= seq!, 8000, 'the window live again');
      lead.stop();
    } finally {
      proc.kill('SIGCONT');
      proc.kill('SIGKILL');
    }
  });
});
