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
});
