import { describe, expect, it } from 'vitest';
import type { SeriesConfigInput } from '@shared/metrics';
import { draftTimeline } from '@shared/postmortem';
import { LEAD, Night, SRE } from '../../support/domain';
import { draftOf, RUNBOOK, samplesOf, section } from './support';

/*
 * "Caught up" in the postmortem is back at the normal depth, held: not 1 % of the peak, which
 * on a 5,000,000 backlog is 50,000 still queued, and put "caught up" on the timeline hours
 * before the crew's own note said so.
 */

const queue: SeriesConfigInput = { id: 'alarm-queue', name: 'Alarm queue', source: { kind: 'push' } };
/** Idling around 300, as a queue does when all is well. */
const idle = (m: number) => Math.round(300 + 40 * Math.sin(1.3 * m));

/**
 * The queue idles until processing stops at 19:40, builds to 5,000,000 by the restart at
 * 20:40, then drains ever more slowly (half of what is left every 28 minutes), as consumers
 * catching up on old events do, back to its idle depth at 03:45.
 */
function bigNight(series: SeriesConfigInput = queue) {
  const n = new Night(RUNBOOK);
  n.at(0).ok(LEAD, 'cutover.start').ok(LEAD, 'series.define', { series });
  n.at(40).ok(SRE, 'step.start', { stepId: 'a' });
  n.at(45).ok(SRE, 'step.complete', { stepId: 'a' }).ok(SRE, 'step.start', { stepId: 'b' });
  n.at(90).ok(SRE, 'step.complete', { stepId: 'b' }).ok(SRE, 'step.start', { stepId: 'c' });
  n.at(100).ok(SRE, 'step.complete', { stepId: 'c' });
  n.at(530).ok(LEAD, 'note.add', { text: 'All alarms caught up', severity: 'info' });
  n.at(600).ok(LEAD, 'cutover.finish', { outcome: 'completed' });
  const depth = (m: number) =>
    m < 40 ? idle(m) : m <= 100 ? Math.round(300 + (4_999_700 * (m - 40)) / 60) : idle(m) + Math.round(4_999_700 * 0.5 ** ((m - 100) / 28));
  return { n, samples: samplesOf('alarm-queue', 0, 600, depth) };
}

describe('caught up, in the postmortem', () => {
  it('is back within the normal depth the queue had before processing stopped, not 1 % of its peak', () => {
    const { n, samples } = bigNight();
    const md = draftOf(n, samples);
    // 1 % of the peak came at 23:46, with 50,000 alarms still queued.
    expect(section(md, 'Queues and lag')).toContain('caught up at 03:45 on 30 April (407), 7 h 5 min after event processing restarted at 20:40.');
    expect(section(md, 'Queues and lag')).toContain(
      'Caught up means back within the normal range and staying there for 30 s: Alarm queue 180–420, as it read before event processing stopped.',
    );
    const timeline = draftTimeline({ state: n.state, events: n.events, samples }).map((l) => l.text);
    expect(timeline.slice(-3)).toEqual(['Alarm queue caught up: 407, down from a peak of 5,000,000', 'All alarms caught up', 'Cutover completed']);
  });

  it('goes by the normal range set for the series, and says so', () => {
    const { n, samples } = bigNight({ ...queue, normal: { low: 0, high: 2_000 } });
    const md = draftOf(n, samples);
    expect(section(md, 'Queues and lag')).toContain('caught up at 02:03 on 30 April (1,979),');
    expect(section(md, 'Queues and lag')).toContain('Alarm queue 0–2,000, as set for it.');
  });

  it('waits until the queue has stayed back for the settle time: a dip into the normal range is not caught up', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(LEAD, 'series.define', { series: queue });
    n.at(40).ok(SRE, 'step.start', { stepId: 'a' });
    n.at(200).ok(LEAD, 'cutover.finish', { outcome: 'completed', early: true, reason: 'only the queue is under test' });
    // Down to its idle depth for one reading at 21:00, up again, and back for good at 21:30.
    const depth = (m: number) => (m < 40 || m === 120 || m >= 150 ? idle(m) : m < 80 ? 10_000 * (m - 40) : m < 120 ? 400_000 - 9_000 * (m - 80) : 50_000);
    const md = draftOf(n, samplesOf('alarm-queue', 0, 200, depth));
    expect(section(md, 'Queues and lag')).toContain('caught up at 21:30');
  });

  it('is not asked of a queue that never left its normal depth: it went to plan', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(LEAD, 'series.define', { series: queue });
    n.at(40).ok(SRE, 'step.start', { stepId: 'a' });
    n.at(300).ok(LEAD, 'cutover.finish', { outcome: 'completed', early: true, reason: 'only the queue is under test' });
    const md = draftOf(n, samplesOf('alarm-queue', 0, 300, idle));
    expect(section(md, 'What went well')).toContain('- Alarm queue stayed within its normal range (180–420).');
    expect(section(md, 'What went wrong')).not.toContain('Alarm queue');
  });
});
