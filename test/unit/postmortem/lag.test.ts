import { describe, expect, it } from 'vitest';
import type { SampleBatch, SeriesConfigInput } from '@shared/metrics';
import { draftPostmortem, draftTimeline, mergeSamples } from '@shared/postmortem';
import { LEAD, Night, SRE } from '../../support/domain';
import { draftOf, hubRecords, RUNBOOK, samplesOf, section } from './support';

const alarmQueue: SeriesConfigInput = { id: 'alarm-queue', name: 'Alarm queue', unit: 'count', warning: 1000, critical: 4000, source: { kind: 'push' } };

const alert = (
  seriesId: string,
  kind: 'warning' | 'critical' | 'normal' | 'not_draining' | 'draining' | 'down' | 'up',
  value: number | null,
  message: string,
) => ({
  type: 'series.alerted' as const,
  payload: { seriesId, kind, value, message },
});

/**
 * Processing stops at 19:00 and restarts at `restartAt` minutes; the alarm queue grows by
 * 100 a minute until `peakAt`, then drains by 50 a minute to 0. The hub's alerts are
 * recorded as it would have raised them.
 */
function queueNight(restartAt = 45, peakAt = 45) {
  const n = new Night(RUNBOOK);
  n.at(0).ok(LEAD, 'cutover.start').ok(LEAD, 'series.define', { series: alarmQueue }).ok(SRE, 'step.start', { stepId: 'a' });
  hubRecords(n.at(6), alert('alarm-queue', 'not_draining', 600, 'Alarm queue is not draining: 600, growing at +100/min'));
  n.at(10).ok(SRE, 'step.complete', { stepId: 'a' }).ok(SRE, 'step.start', { stepId: 'b' });
  hubRecords(n, alert('alarm-queue', 'warning', 1000, 'Alarm queue is at warning level: 1,000 (line 1,000)'));
  hubRecords(n.at(40), alert('alarm-queue', 'critical', 4000, 'Alarm queue is critical at 4,000 (line 4,000)'));
  n.at(restartAt - 5)
    .ok(SRE, 'step.complete', { stepId: 'b' })
    .ok(SRE, 'step.start', { stepId: 'c' });
  n.at(restartAt).ok(SRE, 'step.complete', { stepId: 'c' });
  hubRecords(n.at(peakAt + 3), alert('alarm-queue', 'draining', 4350, 'Alarm queue is draining again at 50/min: 4,350'));
  hubRecords(n.at(peakAt + 10), alert('alarm-queue', 'warning', 4000, 'Alarm queue is back under critical, still at warning level: 4,000'));
  hubRecords(n.at(117), alert('alarm-queue', 'normal', 900, 'Alarm queue is back to normal at 900'));
  n.at(240).ok(LEAD, 'cutover.finish', { outcome: 'completed' });
  const peak = 100 * peakAt;
  const samples = samplesOf('alarm-queue', 0, 240, (m) => (m <= peakAt ? 100 * m : Math.max(0, peak - 50 * (m - peakAt))));
  return { n, samples };
}

describe('the lag series in the postmortem', () => {
  it('gives a queue its peak, the lines it crossed, and how long it took to drain after processing restarted', () => {
    const { n, samples } = queueNight();
    const md = draftOf(n, samples);
    expect(section(md, 'Queues and lag')).toBe(
      [
        '- **Alarm queue**: peaked at 4,500 at 19:45; above its warning line (1,000) 19:10–20:57; over its critical line (4,000) 19:40–19:55; caught up at 21:15 (0), 1 h 30 min after event processing restarted at 19:45.',
        '',
        // Processing stopped at its first reading: no normal depth to learn, so 1 % of the peak, said so.
        'Caught up means back within the normal range and staying there for 30 s: Alarm queue up to 45, 1% of its peak, as no normal range was set or could be read.',
      ].join('\n'),
    );
  });

  it('puts a queue that crossed its critical line under what did not go to plan, after the outage that built it', () => {
    const { n, samples } = queueNight();
    const didNot = section(draftOf(n, samples), 'What went wrong').split('\n');
    expect(didNot.slice(-3)).toEqual([
      '- Event processing was stopped for 45 min against 30 min planned (15 min over), 19:00–19:45.',
      '- Alarm queue peaked at 4,500 at 19:45 and took 1 h 30 min to drain, caught up at 21:15; it was over its critical line (4,000) 19:40–19:55.',
      '- The night ran 2 h past the end of the maintenance window.',
    ]);
    expect(section(draftOf(n, samples), 'What went well')).not.toContain('Alarm queue');
  });

  it('measures the drain from the restart when the backlog kept growing for a while after it', () => {
    const { n, samples } = queueNight(45, 47);
    expect(section(draftOf(n, samples), 'What went wrong')).toContain(
      '- Alarm queue peaked at 4,700 at 19:47 and took 1 h 36 min to drain from the restart of event processing at 19:45, caught up at 21:21;',
    );
  });

  it('puts a lag that stayed under its critical line and drained under what went to plan, caught up at 1% of its peak', () => {
    const n = new Night(RUNBOOK);
    n.at(0)
      .ok(LEAD, 'cutover.start')
      .ok(LEAD, 'series.define', { series: { id: 'replica', name: 'Replica lag', unit: 'seconds', warning: 120, critical: 600, source: { kind: 'push' } } });
    n.at(100).ok(LEAD, 'cutover.finish', { outcome: 'completed', early: true, reason: 'only the queue is under test' });
    // 2 s more every minute to 90 s at 19:45, then 6 s less a minute; it settles at 0.5 s, never 0.
    const samples = samplesOf('replica', 0, 100, (m) => (m <= 45 ? 2 * m : Math.max(0.5, 90 - 6 * (m - 45))));
    const md = draftOf(n, samples);
    expect(section(md, 'What went well')).toContain('- Replica lag peaked at 1 min 30 s at 19:45 and took 15 min to drain, caught up at 20:00.');
    expect(section(md, 'What went wrong')).not.toContain('Replica lag');
    expect(section(md, 'Queues and lag')).toContain(
      '- **Replica lag**: peaked at 1 min 30 s at 19:45; stayed under its warning line (2 min 00 s); caught up at 20:00 (0.5 s), 15 min after the peak.',
    );
  });

  it('says a queue that never drained was still high at the end of the record, and that it did not go to plan', () => {
    const n = new Night(RUNBOOK);
    n.at(0)
      .ok(LEAD, 'cutover.start')
      .ok(LEAD, 'series.define', { series: { id: 'outbox', name: 'Outbox', source: { kind: 'push' } } });
    n.at(250).ok(LEAD, 'cutover.finish', { outcome: 'completed', early: true, reason: 'only the queue is under test' });
    const samples = samplesOf('outbox', 0, 250, (m) => (m <= 120 ? 125 * m : 15_000 - 20 * (m - 120)));
    const md = draftOf(n, samples);
    expect(section(md, 'What went wrong')).toContain(
      '- Outbox was not caught up by the end of the record (still 12,400 at 23:10); it peaked at 15,000 at 21:00.',
    );
    expect(section(md, 'Queues and lag')).toContain('- **Outbox**: peaked at 15,000 at 21:00; not caught up by the end of the record (still 12,400 at 23:10).');
    expect(section(md, 'Timeline')).not.toContain('caught up');
  });

  it('lists every time a source could not be read, with why, and counts it as not going to plan', () => {
    const n = new Night(RUNBOOK);
    n.at(0)
      .ok(LEAD, 'cutover.start')
      .ok(LEAD, 'series.define', { series: { id: 'replica', name: 'Replica lag', unit: 'seconds', source: { kind: 'push' } } });
    hubRecords(n.at(124), alert('replica', 'down', null, 'Replica lag down: connection refused'));
    hubRecords(n.at(132), alert('replica', 'up', null, 'Replica lag up again'));
    hubRecords(n.at(240), alert('replica', 'down', null, 'Replica lag down: timeout after 5 s'));
    n.at(250).ok(LEAD, 'cutover.finish', { outcome: 'completed', early: true, reason: 'only the queue is under test' });
    const samples = [...samplesOf('replica', 0, 123, () => 0), ...samplesOf('replica', 132, 239, () => 0)];
    const md = draftOf(n, samples);
    expect(section(md, 'Queues and lag').split('\n').slice(0, 3)).toEqual([
      '- **Replica lag**: stayed at 0 s over 232 readings.',
      '- Replica lag source down 21:04–21:12: connection refused',
      '- Replica lag source down from 23:00 to the end of the record: timeout after 5 s',
    ]);
    expect(section(md, 'What went wrong')).toContain('- The Replica lag source was down for 8 min (21:04–21:12): connection refused.');
    expect(section(md, 'What went wrong')).toContain(
      '- The Replica lag source went down at 23:00 and was not back by the end of the record: timeout after 5 s.',
    );
    expect(section(md, 'Timeline')).toContain('- 21:04 [alert] Replica lag down: connection refused\n- 21:12 [alert] Replica lag up again');
  });

  it('adds the alert moments that matter to the timeline, and the moment the queue caught up, and leaves the routine ones out', () => {
    const { n, samples } = queueNight();
    const lines = draftTimeline({ state: n.state, events: n.events, samples }).map((l) => l.text);
    expect(lines.filter((t) => t.startsWith('Alarm queue'))).toEqual([
      'Alarm queue is not draining: 600, growing at +100/min',
      'Alarm queue is critical at 4,000 (line 4,000)',
      'Alarm queue caught up: 0, down from a peak of 4,500',
    ]);
    expect(section(draftOf(n, samples), 'Timeline')).toContain('- 21:15 [queue] Alarm queue caught up: 0, down from a peak of 4,500');
  });

  it('says no lag was recorded when there are no samples', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start');
    expect(section(draftOf(n), 'Queues and lag')).toBe('No lag was recorded.');
    n.ok(LEAD, 'series.define', { series: alarmQueue });
    expect(section(draftOf(n, []), 'Queues and lag')).toBe('No lag was recorded: no readings for Alarm queue.');
  });

  it('names a series that was sampled but never defined by its id', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start');
    n.at(30).ok(LEAD, 'note.add', { text: 'Switched', severity: 'info' });
    const md = draftOf(
      n,
      samplesOf('queue-1.depth', 0, 30, (m) => (m <= 10 ? m * 10 : Math.max(0, 100 - 10 * (m - 10)))),
    );
    expect(section(md, 'What went well')).toContain('- Queue-1.depth peaked at 100 at 19:10 and took 10 min to drain, caught up at 19:20.');
  });

  it('merges the batches of each series, however they are split and interleaved, into the same text', () => {
    const { n, samples } = queueNight();
    const other = samplesOf('other', 0, 240, (m) => m % 7);
    const interleaved: SampleBatch[] = samples.flatMap((b, i) => [b, ...(other[i] ? [other[i]!] : [])]);
    const small = [
      ...samplesOf('alarm-queue', 0, 240, (m) => (m <= 45 ? 100 * m : Math.max(0, 4500 - 50 * (m - 45))), 7),
      ...samplesOf('other', 0, 240, (m) => m % 7, 13),
    ];
    const reversed = [...small].reverse();
    const text = draftOf(n, interleaved);
    expect(draftOf(n, small)).toBe(text);
    expect(draftOf(n, reversed)).toBe(text);
    const merged = mergeSamples(reversed).get('alarm-queue')!;
    expect(merged.t.length).toBe(241);
    expect([...merged.t].every((t, i, all) => i === 0 || all[i - 1]! <= t)).toBe(true);
  });

  it('is deterministic: the same record and samples give the same text', () => {
    const a = queueNight();
    const b = queueNight();
    const once = draftPostmortem({ state: a.n.state, events: a.n.events, samples: a.samples });
    expect(draftPostmortem({ state: a.n.state, events: a.n.events, samples: a.samples })).toBe(once);
    expect(draftPostmortem({ state: b.n.state, events: b.n.events, samples: b.samples })).toBe(once);
  });
});
