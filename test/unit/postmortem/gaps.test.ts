import { describe, expect, it } from 'vitest';
import type { SeriesConfigInput } from '@shared/metrics';
import { LEAD, Night } from '../../support/domain';
import { draftOf, hubRecords, RUNBOOK, samplesOf, section } from './support';

/*
 * A gap in a series' readings is a gap in the draft, never a drain: when readings stop
 * above the caught-up floor and come back below it, nobody saw the drain, so no drain time
 * is given. (The hub's own outage, through a real hub: test/integration/metrics/restart.test.ts.)
 */

const queue = (source: SeriesConfigInput['source'] = { kind: 'push' }): SeriesConfigInput => ({ id: 'queue', name: 'Outbox', unit: 'count', source });
const UNSEEN = '- Outbox peaked at 12,000 at 19:10; it had no readings 19:10–19:40 and read 0 when they resumed, so when it drained is not known.';

function night(source?: SeriesConfigInput['source']) {
  const n = new Night(RUNBOOK);
  n.at(0)
    .ok(LEAD, 'cutover.start')
    .ok(LEAD, 'series.define', { series: queue(source) });
  n.at(60).ok(LEAD, 'cutover.finish', { outcome: 'completed', early: true, reason: 'only the queue is under test' });
  return n;
}

describe('a gap in a series’ readings', () => {
  it('is not timed as a drain when nothing arrived for half an hour', () => {
    const n = night();
    const samples = [...samplesOf('queue', 0, 10, (m) => 1200 * m), ...samplesOf('queue', 40, 60, () => 0)];
    const md = draftOf(n, samples);
    expect(md).not.toMatch(/to drain/);
    expect(section(md, 'What went well').split('\n')).toContain(UNSEEN);
    expect(section(md, 'Queues and lag')).toContain(
      '- **Outbox**: peaked at 12,000 at 19:10; it had no readings 19:10–19:40 and read 0 when they resumed, so when it drained is not known.',
    );
    expect(section(md, 'Timeline')).toContain('- 19:40 [queue] Outbox read 0 when its readings resumed, down from a peak of 12,000');
  });

  it('is not timed as a drain when its source was down, however short', () => {
    const n = night({ kind: 'prometheus', url: 'http://prom:9090', query: 'outbox' });
    const alert = (kind: 'down' | 'up', message: string) => ({ type: 'series.alerted' as const, payload: { seriesId: 'queue', kind, value: null, message } });
    hubRecords(n.at(11), alert('down', 'Outbox down: connection refused'));
    hubRecords(n.at(13), alert('up', 'Outbox up again'));
    const samples = [...samplesOf('queue', 0, 10, (m) => 1200 * m), ...samplesOf('queue', 13, 60, () => 0)];
    expect(draftOf(n, samples)).toContain(
      '- Outbox peaked at 12,000 at 19:10; it had no readings 19:10–19:13 and read 0 when they resumed, so when it drained is not known.',
    );
  });

  it('still lets a drain seen on both sides of a gap be timed', () => {
    const n = night();
    // Readings stop at 6,000 on the way down and come back at 3,000: the drain itself is seen.
    const samples = [
      ...samplesOf('queue', 0, 10, (m) => 1200 * m),
      ...samplesOf('queue', 11, 15, (m) => 12_000 - 1200 * (m - 10)),
      ...samplesOf('queue', 30, 60, (m) => Math.max(0, 3000 - 600 * (m - 30))),
    ];
    expect(section(draftOf(n, samples), 'What went well').split('\n')).toContain(
      '- Outbox peaked at 12,000 at 19:10 and took 25 min to drain, caught up at 19:35.',
    );
  });
});
