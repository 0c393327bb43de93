import { describe, expect, it } from 'vitest';
import { rehearsalDrainRates } from '@shared/postmortem';
import { LEAD, Night, SRE } from '../../support/domain';
import { draftOf, hubRecords, minute, RUNBOOK, samplesOf, section } from './support';

/*
 * Every section of the draft reads the same verdicts, worked out once: how a queue drained
 * (seen, unseen in a gap, or not at all) and how far past the maintenance window the night
 * ran. The summary, Impact and Resolution once timed a drain nobody saw that the Queues
 * section said was not known, and the summary rounded a 29 s overrun away while "What went
 * wrong" gave it: the same document contradicted itself.
 */

/** Processing stopped 19:00–19:30 (RUNBOOK), the night finished `endMs` after 19:00. */
function night(endMs: number): Night {
  const n = new Night(RUNBOOK);
  n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'a' });
  n.at(10).ok(SRE, 'step.complete', { stepId: 'a' }).ok(SRE, 'step.start', { stepId: 'b' });
  n.at(25).ok(SRE, 'step.complete', { stepId: 'b' }).ok(SRE, 'step.start', { stepId: 'c' });
  n.at(30).ok(SRE, 'step.complete', { stepId: 'c' });
  n.at(0).now += endMs;
  n.ok(LEAD, 'cutover.finish', { outcome: 'completed' });
  return n;
}

describe('a queue that drained while the hub was down', () => {
  // The queue peaked at 12,400 when processing restarted at 19:30; the hub was down 19:31–22:00
  // and the queue read 0 when it came back: when it drained is not known.
  function unseenNight() {
    const n = new Night(RUNBOOK);
    n.at(0)
      .ok(LEAD, 'cutover.start')
      .ok(LEAD, 'series.define', { series: { id: 'alarms', name: 'Alarm queue', unit: 'count', source: { kind: 'push' }, critical: 10_000 } })
      .ok(SRE, 'step.start', { stepId: 'a' });
    n.at(10).ok(SRE, 'step.complete', { stepId: 'a' }).ok(SRE, 'step.start', { stepId: 'b' });
    hubRecords(n.at(25), { type: 'series.alerted', payload: { seriesId: 'alarms', kind: 'critical', value: 10_333, message: 'Alarm queue is critical' } });
    n.ok(SRE, 'step.complete', { stepId: 'b' }).ok(SRE, 'step.start', { stepId: 'c' });
    n.at(30).ok(SRE, 'step.complete', { stepId: 'c' });
    hubRecords(n.at(180), { type: 'hub.resumed', payload: { downFrom: minute(31), downUntil: minute(180) } });
    n.at(190).ok(LEAD, 'cutover.finish', { outcome: 'completed' });
    const samples = [...samplesOf('alarms', 0, 31, (m) => (m <= 30 ? (12_400 * m) / 30 : 12_000)), ...samplesOf('alarms', 180, 190, () => 0)];
    return { n, samples };
  }
  function unseenDrain() {
    const { n, samples } = unseenNight();
    return draftOf(n, samples);
  }

  it('gives no caught-up time anywhere, as the Queues section does not', () => {
    const md = unseenDrain();
    expect(section(md, 'Queues and lag')).toContain('it had no readings 19:31–22:00 and read 0 when they resumed, so when it drained is not known');
    expect(md).not.toMatch(/caught up at|to drain, caught up|drain after event processing restarted, caught up/);
  });

  it('sums up the impact as at least as long as was seen, its end not known', () => {
    expect(section(unseenDrain(), 'Summary').split('\n')[0]).toBe(
      '- Customer impact: at least 31 min from 19:00, its end not known: event processing was stopped for 30 min against 30 min planned, 19:00–19:30; then the alarm queue had to drain, and when it did is not known: no readings 19:31–22:00.',
    );
  });

  it('says how long in Impact and how it ended in Resolution without timing the drain', () => {
    const md = unseenDrain();
    expect(section(md, 'Impact').split('\n')).toContain(
      '- How long: Alarm queue took at least 1 min to drain after event processing restarted; when it drained is not known: no readings 19:31–22:00.',
    );
    expect(section(md, 'Resolution').split('\n')).toEqual([
      '- Event processing restarted at 19:30 (“Restart event processing”).',
      '- Alarm queue: when it drained is not known (no readings 19:31–22:00).',
      '- The cutover was completed at 22:10.',
    ]);
  });

  it('gives a rehearsal no drain rate to plan live from', () => {
    const { n, samples } = unseenNight();
    expect(rehearsalDrainRates(n.state, n.events, samples)).toBeNull();
  });
});

describe('a night that ended just past its window', () => {
  it('says 29 s past the window in the summary, Impact and What went wrong alike', () => {
    const md = draftOf(night(120 * 60_000 + 29_000));
    expect(section(md, 'Summary').split('\n')).toContain('- Ended 29 s past the window (which closed at 21:00)');
    expect(section(md, 'Impact').split('\n')).toContain('- The night ran 29 s past the maintenance window the customers were told about.');
    expect(section(md, 'What went wrong').split('\n')).toContain('- The night ran 29 s past the end of the maintenance window.');
    expect(md).not.toMatch(/within the (maintenance )?window/);
  });

  it('reads as within the window everywhere when it was less than half a second over', () => {
    const md = draftOf(night(120 * 60_000 + 400));
    expect(section(md, 'Summary').split('\n')).toContain('- Ended within the window (which closed at 21:00)');
    expect(section(md, 'What went well').split('\n')).toContain('- The night ended within the maintenance window.');
    expect(md).not.toMatch(/past the (end of the )?(maintenance )?window/);
  });

  it('still reads a night a minute over as a minute over', () => {
    const md = draftOf(night(121 * 60_000));
    expect(section(md, 'Summary').split('\n')).toContain('- Ended 1 min past the window (which closed at 21:00)');
    expect(section(md, 'What went wrong').split('\n')).toContain('- The night ran 1 min past the end of the maintenance window.');
  });
});
