import { afterEach, describe, expect, it } from 'vitest';
import { recordStageTimes, STAGES } from '../../../electron/hub/stageTimes';
import { live, startTestHub, until, type TestHub } from '../../support/hubHarness';

let t: TestHub;
afterEach(async () => t?.stop());

describe("a command's way through the hub (the stage clock bench:sync reads)", () => {
  it('is decided, written, fsync’d and only then broadcast, for every command, in that order, under the id it was sent with', async () => {
    const stages = recordStageTimes();
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const observer = t.client('observer', 'Olive');
    await Promise.all([live(lead), live(observer)]);

    const sent = Array.from({ length: 8 }, (_, i) => lead.send('note.add', { text: `check ${i}`, severity: 'info' }));
    const seqs = (await Promise.all(sent.map((s) => s.done))).flat();
    await until(observer, (o) => o.state.seq >= Math.max(...seqs));

    expect(stages.done).toHaveLength(8);
    for (const entry of stages.done) {
      const times = STAGES.map((s) => entry[s]);
      expect(times.every((x) => typeof x === 'number')).toBe(true);
      // Never broadcast before durable: the fsync'd moment comes first.
      expect([...(times as number[])].sort((a, b) => a - b)).toEqual(times);
    }
    // Each entry names its command as the client sent it, so bench:sync can put it beside its own clock.
    expect(stages.done.map((e) => e.command)).toEqual(sent.map((s) => s.id));
  });
});
