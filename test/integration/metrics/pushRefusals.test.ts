import { afterEach, describe, expect, it } from 'vitest';
import { MIN } from '@shared/time';
import { live, startTestHub, WINDOW_START, type TestHub } from '../../support/hubHarness';

type PushAnswer = { status: number; json: { accepted?: number; errors?: string[] } };

async function push(h: TestHub, samples: { series: string; value: number; t?: number }[]): Promise<PushAnswer> {
  const res = await fetch(`${h.hub.url}/api/cutovers/${h.cutoverId}/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.tokens.operator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ samples }),
  });
  return { status: res.status, json: (await res.json()) as PushAnswer['json'] };
}

describe('what a push may not say, through a real hub', () => {
  let h: TestHub | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('refuses a negative lag in seconds or size in bytes, and keeps a negative count', async () => {
    h = await startTestHub();
    const lead = h.client('lead', 'Lena');
    await live(lead);
    for (const [id, unit] of [
      ['replica-lag', 'seconds'],
      ['binlog-size', 'bytes'],
      ['row-diff', 'count'],
    ] as const)
      await lead.send('series.define', { series: { id, name: id, unit, source: { kind: 'push' } } }).done;

    const t = Date.now();
    const answer = await push(h, [
      { series: 'replica-lag', value: -3, t },
      { series: 'replica-lag', value: 2, t: t + 1 },
      { series: 'binlog-size', value: -1, t },
      // A count may be a difference (rows missing on the target, minus the ones in excess).
      { series: 'row-diff', value: -12, t },
    ]);
    expect(answer).toEqual({
      status: 200,
      json: {
        accepted: 2,
        errors: [
          'A reading for "replica-lag" is -3: a lag in seconds cannot be negative',
          'A reading for "binlog-size" is -1: a size in bytes cannot be negative',
        ],
      },
    });
    const archive = h.hub.registry.get(h.cutoverId)!.metrics.allSamples();
    expect(Object.fromEntries(archive.map((b) => [b.s, b.v]))).toEqual({ 'replica-lag': [2], 'row-diff': [-12] });
  });

  it('refuses readings after the night ended, keeps those from before its end, and takes them again once reopened', async () => {
    let clock = WINDOW_START;
    h = await startTestHub({ now: () => clock });
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await lead.send('series.define', { series: { id: 'alarm-queue', name: 'Alarm queue', source: { kind: 'push' } } }).done;
    await lead.send('cutover.start', {}).done;
    clock = WINDOW_START + 60 * MIN;
    await lead.send('cutover.finish', { outcome: 'completed', early: true, reason: 'Moved on to the next night' }).done;
    const ended = clock;

    clock = ended + 2 * MIN;
    // A script still pushing after the end (no time: the hub's clock), and one catching up on the night.
    const late = await push(h, [
      { series: 'alarm-queue', value: 40 },
      { series: 'alarm-queue', value: 10, t: ended - MIN },
      { series: 'alarm-queue', value: 9, t: ended + 1 },
    ]);
    expect(late).toEqual({
      status: 200,
      json: {
        accepted: 1,
        errors: [
          'A reading for "alarm-queue" at 20:02:00 comes after the night ended (20:00:00) and was not kept',
          'A reading for "alarm-queue" at 20:00:00 comes after the night ended (20:00:00) and was not kept',
        ],
      },
    });
    expect((await push(h, [{ series: 'alarm-queue', value: 8 }])).status).toBe(400);

    await lead.send('cutover.reopen', { reason: 'Ended by mistake' }).done;
    expect(await push(h, [{ series: 'alarm-queue', value: 7 }])).toEqual({ status: 200, json: { accepted: 1, errors: [] } });
    const archive = h.hub.registry.get(h.cutoverId)!.metrics.allSamples();
    expect(archive.flatMap((b) => b.v)).toEqual([10, 7]);
  });

  it('refuses a reading timed in seconds (a moment of 1970) or before 2001, and keeps one from earlier today', async () => {
    // `"t": $(date +%s)`: kept, it was "accepted", drawn nowhere, and in the record as January 1970.
    const clock = WINDOW_START + 30 * MIN;
    h = await startTestHub({ now: () => clock });
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await lead.send('series.define', { series: { id: 'replica-lag', name: 'Replica lag', unit: 'seconds', source: { kind: 'push' } } }).done;

    const seconds = Math.floor(clock / 1000);
    expect(seconds).toBe(1777487400);
    expect(await push(h, [{ series: 'replica-lag', value: 4, t: seconds }])).toEqual({
      status: 400,
      json: {
        accepted: 0,
        errors: [
          'A reading for "replica-lag" was not kept: t 1777487400 looks like seconds: send milliseconds since the epoch, or leave "t" out to use the time it arrives',
        ],
      },
    });
    // The same in the text format, whose timestamps are milliseconds too.
    const text = await fetch(`${h.hub.url}/api/cutovers/${h.cutoverId}/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens.operator}`, 'content-type': 'text/plain' },
      body: `replica_lag 4 ${seconds}\n`,
    });
    expect(text.status).toBe(400);
    expect(((await text.json()) as PushAnswer['json']).errors).toEqual([expect.stringContaining('t 1777487400 looks like seconds')]);
    // A number that is neither tonight in milliseconds nor in seconds: not a reading of tonight either.
    expect((await push(h, [{ series: 'replica-lag', value: 4, t: 86_400_000 }])).json.errors).toEqual([
      'A reading for "replica-lag" was not kept: t 86400000 is before 2001, not a moment of tonight, or leave "t" out to use the time it arrives',
    ]);
    // A script catching up on the last hours, in milliseconds, is kept.
    expect(await push(h, [{ series: 'replica-lag', value: 3, t: clock - 23 * 60 * MIN }])).toEqual({ status: 200, json: { accepted: 1, errors: [] } });
    expect(await push(h, [{ series: 'replica-lag', value: 2, t: clock }])).toEqual({ status: 200, json: { accepted: 1, errors: [] } });
    const archive = h.hub.registry.get(h.cutoverId)!.metrics.allSamples();
    expect(archive.flatMap((b) => b.t)).toEqual([clock - 23 * 60 * MIN, clock]);
  });

  it('refuses a reading timed minutes ahead of the hub, so the true readings after it are kept', async () => {
    // Kept, a reading from a clock 4 min fast would "hold" a lag check early and drop every true reading until then as older.
    const clock = WINDOW_START;
    h = await startTestHub({ now: () => clock });
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await lead.send('series.define', { series: { id: 'replica-lag', name: 'Replica lag', unit: 'seconds', source: { kind: 'push' } } }).done;

    expect(await push(h, [{ series: 'replica-lag', value: 1, t: clock + 4 * MIN }])).toEqual({
      status: 400,
      json: {
        accepted: 0,
        errors: [
          'A reading for "replica-lag" is timed 4 min ahead of the hub\'s clock (more than 5 s) and was not kept: check the clock of the machine pushing it, or leave "t" out to use the hub\'s',
        ],
      },
    });
    // The hub's own time, then a clock a few seconds fast: both kept.
    expect(await push(h, [{ series: 'replica-lag', value: 900 }])).toEqual({ status: 200, json: { accepted: 1, errors: [] } });
    expect(await push(h, [{ series: 'replica-lag', value: 899, t: clock + 5_000 }])).toEqual({ status: 200, json: { accepted: 1, errors: [] } });
    expect(
      h.hub.registry
        .get(h.cutoverId)!
        .metrics.allSamples()
        .flatMap((b) => b.v),
    ).toEqual([900, 899]);
  });
});
