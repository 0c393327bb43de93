import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import type { CutoverEvent } from '@shared/cutover';
import { live, startTestHub, until, waitFor, WINDOW_START, type TestHub } from '../../support/hubHarness';

/*
 * A lag condition through a real hub with an injected clock: a pushed replication lag dips
 * under the line, comes back over it, and goes under again. "Under 5 for 10 min" is met only
 * once 10 unbroken minutes of readings say so.
 */

const results = (c: HubClient) => c.events.filter((e): e is Extract<CutoverEvent, { type: 'check.evaluated' }> => e.type === 'check.evaluated');

describe('a lag condition held for 10 minutes, through a real hub', () => {
  let t: TestHub | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('is met only after 10 unbroken minutes under the line', async () => {
    let clock = WINDOW_START;
    t = await startTestHub({ now: () => clock });
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const seen: number[] = [];
    lead.onSamples((batches, history) => {
      if (!history) for (const b of batches) seen.push(...b.t);
    });
    await lead.send('series.define', { series: { id: 'repl', name: 'Replication lag', unit: 'seconds', source: { kind: 'push' } } }).done;
    await lead.send('check.define', {
      check: { id: 'caught-up', name: 'Replication caught up', spec: { kind: 'lag', seriesId: 'repl', op: 'below', value: 5, heldForSec: 600 } },
    }).done;

    const lag = (minute: number) => (minute < 3 ? 40 : minute < 8 ? 2 : minute < 9 ? 7 : 1);
    const verdicts: { minute: number; pass: boolean; summary: string }[] = [];
    for (let minute = 0; minute <= 20; minute++) {
      clock = WINDOW_START + minute * 60_000;
      const res = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.tokens.lead}`, 'content-type': 'application/json' },
        body: JSON.stringify({ series: 'repl', value: lag(minute), t: clock }),
      });
      expect(res.status).toBe(200);
      await waitFor(() => seen.includes(clock), `the reading of minute ${minute}`);
      const before = results(lead).length;
      await lead.send('check.run', { checkId: 'caught-up' }).done;
      await until(lead, (c) => results(c).length > before, 5000, `the result of minute ${minute}`);
      const r = results(lead).at(-1)!.payload;
      verdicts.push({ minute, pass: r.pass, summary: r.summary });
    }
    expect(verdicts.filter((v) => v.pass).map((v) => v.minute)).toEqual([19, 20]);
    expect(verdicts[7]!.summary).toBe('Replication lag 2, below 5 for 4 min of 10 min');
    expect(verdicts[8]!.summary).toBe('Replication lag 7, not below 5');
    expect(verdicts[19]!.summary).toBe('Replication lag 1, below 5 for 10 min');
    expect(lead.state.checks['caught-up']!.last).toMatchObject({ pass: true, heldSince: WINDOW_START + 9 * 60_000 });
  });
});
