import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeArchive } from '@shared/archive';
import { draftPostmortem } from '@shared/postmortem';
import { startHub, type Hub } from '../../../electron/hub/hub';
import { exportArchive } from '../../../electron/hub/transport/archiveRoute';
import { live, nodeClient, SMALL_RUNBOOK, tempDir, waitFor, WINDOW_START } from '../../support/hubHarness';

/*
 * A restart never invents figures: a simulated series carries on from its last value, and
 * a stretch with no readings is a gap in the draft, never a drain.
 */

const MIN = 60_000;
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function setUp(now: () => number) {
  const dir = await tempDir('warroom-restart-');
  dirs.push(dir);
  const hub = await startHub({ dataDir: dir, port: 0, now, log: () => undefined });
  const { cutoverId, invites } = await hub.createCutover({
    title: 'Database cutover',
    window: { start: WINDOW_START, end: WINDOW_START + 120 * MIN, timeZone: 'Europe/London' },
    isRehearsal: false,
    runbook: SMALL_RUNBOOK,
  });
  const token = (role: string) => invites.find((i) => i.invite.role === role)!.token;
  const lead = nodeClient(hub.url, cutoverId, token('lead'), 'Lena', { now });
  lead.start();
  await live(lead);
  return { dir, hub, cutoverId, lead, token };
}

const valuesOf = (hub: Hub, cutoverId: string) =>
  hub.registry
    .get(cutoverId)!
    .metrics.allSamples()
    .flatMap((b) => b.t.map((t, i) => ({ t, v: b.v[i]! })));

describe('a restart', () => {
  it('lets a simulated backlog carry on from its last value instead of starting again at 0', { timeout: 20_000 }, async () => {
    const { dir, hub, cutoverId, lead } = await setUp(Date.now);
    try {
      await lead.send('cutover.start', {}).done;
      const source = { kind: 'simulated' as const, stopStep: 'a', restartStep: 'b', inflowPerSec: 10_000, drainPerSec: 0, noise: 0 };
      await lead.send('series.define', { series: { id: 'backlog', name: 'Backlog', intervalSec: 1, source } }).done;
      await lead.send('step.start', { stepId: 'a' }).done; // processing stopped: the backlog builds
      await waitFor(() => valuesOf(hub, cutoverId).some((p) => p.v >= 10_000), 'a backlog');
    } finally {
      lead.stop();
      await hub.close();
    }
    const before = valuesOf(hub, cutoverId);
    const last = before[before.length - 1]!;

    const again = await startHub({ dataDir: dir, port: 0, log: () => undefined });
    try {
      await waitFor(() => valuesOf(again, cutoverId).some((p) => p.t > last.t), 'a reading after the restart');
      const first = valuesOf(again, cutoverId).find((p) => p.t > last.t)!;
      expect(first.v).toBeGreaterThanOrEqual(last.v);
    } finally {
      await again.close();
    }
  });

  it('leaves a gap in the readings as a gap in the draft, never a drain', { timeout: 20_000 }, async () => {
    let clock = WINDOW_START + 11 * MIN;
    const { dir, hub, cutoverId, lead, token } = await setUp(() => clock);
    const push = async (h: Hub, samples: { value: number; t: number }[]) => {
      const body = JSON.stringify({ samples: samples.map((s) => ({ series: 'queue', ...s })) });
      const res = await fetch(`${h.url}/api/cutovers/${cutoverId}/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token('lead')}`, 'content-type': 'application/json' },
        body,
      });
      expect(await res.json()).toMatchObject({ errors: [] });
    };
    try {
      await lead.send('cutover.start', {}).done;
      await lead.send('series.define', { series: { id: 'queue', name: 'Alarm queue', source: { kind: 'push' } } }).done;
      // One reading a minute, 19:00 to 19:10, rising to 12,000.
      await push(
        hub,
        Array.from({ length: 11 }, (_, m) => ({ t: WINDOW_START + m * MIN, value: m * 1200 })),
      );
    } finally {
      lead.stop();
      await hub.close();
    }
    clock = WINDOW_START + 25 * MIN; // the hub was away for 14 minutes
    const again = await startHub({ dataDir: dir, port: 0, now: () => clock, log: () => undefined });
    try {
      // A reading a minute, each pushed when it is taken (the hub refuses readings timed ahead of its clock).
      for (let m = 0; m < 3; m++, clock += MIN) await push(again, [{ t: clock, value: 0 }]);
      const archive = await exportArchive(again, cutoverId, { now: () => clock });
      const decoded = await decodeArchive(archive!.text);
      if (!decoded.ok) throw new Error(decoded.error);
      const md = draftPostmortem({ state: decoded.state, events: decoded.archive.events, samples: decoded.archive.samples });
      expect(md).not.toMatch(/to drain/);
      expect(md).toContain(
        '- Alarm queue peaked at 12,000 at 19:10; it had no readings 19:10–19:25 and read 0 when they resumed, so when it drained is not known.',
      );
      expect(md).not.toMatch(/caught up: 0, down from/);
    } finally {
      await again.close();
    }
  });
});
