import { describe, expect, it } from 'vitest';
import { templateVariables, variableList, type LagSummary } from '@shared/comms';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { LAG, at, completedNight, fifteenMinutesLate, midNight, rolledBackNight, rollingBackNight } from './nights';

describe('template variables', () => {
  it('say a night 15 minutes late is "15 min late", with times in the cutover’s zone (BST in April)', () => {
    const v = templateVariables({ state: fifteenMinutesLate().state, now: at(30) });
    expect(v).toMatchObject({
      title: 'Night',
      slip: '15 min late',
      projectedEnd: '19:45', // 18:45 UTC: the crew planned in Europe/London
      windowStart: '19:00',
      windowEnd: '21:00',
      zone: 'BST',
      time: '19:30',
      date: '29 April 2026',
    });
  });

  it('count progress in steps and in percent', () => {
    const v = templateVariables({ state: fifteenMinutesLate().state, now: at(30) });
    expect(v).toMatchObject({ done: '1', total: '4', progress: '1 of 4 steps', percent: '25%' });
  });

  it('name the phase and the step under way, several at once', () => {
    const v = templateVariables({ state: midNight().state, now: at(35) });
    expect(v).toMatchObject({ phase: 'Stop and switch', step: 'Switch database and Check replication', status: 'in progress' });
  });

  it('say the elapsed time since T0 in hours and minutes', () => {
    expect(templateVariables({ state: midNight().state, now: at(15 + 65) }).elapsed).toBe('1 h 05 min');
    expect(templateVariables({ state: midNight().state, now: at(40) }).elapsed).toBe('25 min');
  });

  it('before the start say so, and name the first step to come', () => {
    const v = templateVariables({ state: new Night().state, now: at(-30) });
    expect(v).toMatchObject({ phase: 'Not started', step: 'Stop event processing', elapsed: 'not started', slip: 'on time', lastDecision: 'none yet' });
  });

  it('say how the night ended, with its real end and no step under way', () => {
    const done = templateVariables({ state: completedNight().state, now: at(90) });
    expect(done).toMatchObject({ phase: 'Completed', step: 'none', status: 'completed', projectedEnd: '19:46', slip: '16 min late', elapsed: '31 min' });
    expect(templateVariables({ state: rolledBackNight().state, now: at(90) })).toMatchObject({ phase: 'Rolled back', status: 'rolled back' });
    expect(templateVariables({ state: rollingBackNight().state, now: at(45) })).toMatchObject({
      phase: 'Rollback',
      step: 'Restart event processing on the old database',
      status: 'rolling back',
      lastDecision: 'ROLLBACK by Chris at 19:40: sequences out of step',
    });
  });

  it('say an early finish as early', () => {
    // Started on time; the whole plan ticked off within a quarter of an hour.
    const n = new Night().ok(LEAD, 'cutover.start');
    for (const id of ['a', 'b', 'd']) n.ok(DBA, 'step.complete', { stepId: id });
    n.ok(CTO, 'decision.record', { decision: 'go', rationale: 'switched' })
      .ok(DBA, 'step.start', { stepId: 'c', cross: true })
      .ok(DBA, 'step.complete', { stepId: 'c' });
    n.at(25).ok(LEAD, 'cutover.finish', { outcome: 'completed' });
    expect(templateVariables({ state: n.state, now: at(25) }).slip).toBe('5 min early');
  });

  it('quote the last decision with who, when and why', () => {
    expect(templateVariables({ state: midNight().state, now: at(35) }).lastDecision).toBe('GO by Chris at 19:32: replication in sync');
  });

  it('give each lag series its value in its unit, its catch-up time and its name', () => {
    const v = templateVariables({ state: midNight().state, now: at(35), lag: LAG });
    expect(v).toMatchObject({
      'lag.alarms.name': 'Alarm queue',
      'lag.alarms.value': '12,400',
      'lag.alarms.eta': 'around 23:05',
      'lag.alarms.summary': 'Alarm queue: 12,400, expected to catch up around 23:05',
      'lag.replica.value': '4 min 10 s',
      'lag.replica.eta': 'not draining',
    });
  });

  it('pick as worst the series nearest its critical threshold, not the largest number', () => {
    const v = templateVariables({ state: midNight().state, now: at(35), lag: LAG });
    expect(v).toMatchObject({ 'lag.worst.name': 'Replica lag', 'lag.worst.value': '4 min 10 s', 'lag.worst.eta': 'not draining' });
  });

  it('without thresholds, pick the largest value as worst', () => {
    const lag = LAG.map((l) => ({ ...l, critical: null }));
    expect(templateVariables({ state: midNight().state, now: at(35), lag })['lag.worst.name']).toBe('Alarm queue');
  });

  it('say caught up, a next-day catch-up, a missing reading and a missing trend plainly', () => {
    const lag: LagSummary[] = [
      { seriesId: 'q', name: 'Queue', unit: 'count', value: 3, etaMs: null, trend: 'empty' },
      { seriesId: 'late', name: 'Internal queues', unit: 'bytes', value: 1_250_000_000, etaMs: at(12 * 60), trend: 'draining' },
      { seriesId: 'new', name: 'New replica', unit: 'seconds', value: null, etaMs: null, trend: 'unknown' },
      { seriesId: 'young', name: 'Outbox', unit: 'count', value: 40, etaMs: null, trend: 'unknown' },
    ];
    const v = templateVariables({ state: midNight().state, now: at(35), lag });
    expect(v).toMatchObject({
      'lag.q.eta': 'caught up',
      'lag.late.value': '1.3 GB',
      'lag.late.eta': 'around 07:00 tomorrow',
      'lag.new.value': 'no reading yet',
      'lag.young.eta': 'no trend yet',
    });
  });

  it('say caught up only when the forecast does (held), not on a single reading of 0', () => {
    // A Redis LLEN on a renamed key reads 0 once while the forecast still says draining: no "caught up".
    const lag: LagSummary[] = [
      { seriesId: 'glitch', name: 'Alarm queue', unit: 'count', value: 0, etaMs: at(50), trend: 'draining' },
      { seriesId: 'young', name: 'Outbox', unit: 'count', value: 0, etaMs: null, trend: 'unknown' },
      { seriesId: 'held', name: 'Replica lag', unit: 'seconds', value: 0, etaMs: null, trend: 'empty' },
    ];
    const v = templateVariables({ state: midNight().state, now: at(35), lag });
    expect(v['lag.glitch.eta']).not.toBe('caught up');
    expect(v['lag.glitch.summary']).toMatch(/^Alarm queue: 0, expected to catch up around /);
    expect(v['lag.young.summary']).toBe('Outbox: 0, no trend yet');
    expect(v['lag.held.summary']).toBe('Replica lag: caught up');
  });

  it('always define lag.worst, even with no series, so templates can rely on it', () => {
    const v = templateVariables({ state: midNight().state, now: at(35) });
    expect(v['lag.worst.summary']).toBe('no lag measured');
  });
});

describe('the variable list for the editor', () => {
  it('describes every variable with an example, live when a night is given', () => {
    const list = variableList({ state: midNight().state, now: at(35), lag: LAG });
    const slip = list.find((x) => x.name === 'slip');
    expect(slip).toMatchObject({ example: '15 min late' });
    expect(list.find((x) => x.name === 'lag.alarms.eta')).toMatchObject({ description: 'Alarm queue: expected catch-up time', example: 'around 23:05' });
    const vars = templateVariables({ state: midNight().state, now: at(35), lag: LAG });
    // Every variable a template can use is in the help, and nothing else.
    expect(list.map((x) => x.name).sort()).toEqual(Object.keys(vars).sort());
    for (const x of list) expect(x.description).not.toBe('');
  });

  it('has static examples when no night is open', () => {
    expect(variableList().find((x) => x.name === 'progress')).toMatchObject({ example: '12 of 30 steps' });
  });
});
