import { describe, expect, it } from 'vitest';
import { projectSchedule } from '@shared/schedule';
import { headerView } from '../../../renderer/features/header/headerView';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { WINDOW_START } from '../../support/hubHarness';

const view = (n: Night) => headerView(n.state, projectSchedule(n.state, n.now), n.now)!;
/** SMALL_RUNBOOK: a → b → c (the point of no return), and d after a. */
const started = () => new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }).at(10);

describe('the header says the state of the night', () => {
  it('in progress, with the point of no return counting down', () => {
    const v = view(started());
    expect(v).toMatchObject({ statusWord: 'in progress', phase: 'in_progress', rollback: null, failed: null });
    expect(v.short).toEqual({ window: '1h 50m left', end: '19:30', ponr: { key: 'in 15m · no GO', step: 'Update sequences' } });
    expect(v.ponr?.text).toBe('Point of no return in 15m with no GO · Update sequences');
  });

  it('ON HOLD after a HOLD decision, saying who held it and why', () => {
    const n = started().ok(CTO, 'decision.record', { decision: 'hold', rationale: 'lag still 40 s' });
    expect(view(n)).toMatchObject({ statusWord: 'on hold', phase: 'on_hold', statusTitle: 'HOLD by Chris at 19:10: lag still 40 s' });
  });

  it('ROLLING BACK after ROLLBACK, the point of no return replaced by the rollback’s progress', () => {
    const n = started().ok(DBA, 'step.complete', { stepId: 'a' });
    n.ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'apps did not fail over' });
    // SMALL_RUNBOOK's steps have no rollback notes: the way back has nothing to undo.
    expect(view(n)).toMatchObject({
      statusWord: 'rolling back',
      phase: 'rolling_back',
      ponr: null,
      short: { ponr: null },
      rollback: { text: '0 of 0 rollback steps done', tone: 'danger' },
    });
    expect(view(n).statusTitle).toBe('ROLLBACK by Chris at 19:10: apps did not fail over');
  });

  it('rolled back once the lead records it: no rollback under way any more', () => {
    const n = started()
      .ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'apps did not fail over' })
      .at(30)
      .ok(LEAD, 'cutover.finish', { outcome: 'rolled_back', reason: 'back on the old database' });
    expect(view(n)).toMatchObject({ statusWord: 'rolled back', phase: 'rolled_back', rollback: null, ponr: null, short: { end: '19:30', ponr: null } });
  });

  it('names a failed step until it is reopened', () => {
    const n = started().ok(DBA, 'step.fail', { stepId: 'a', reason: 'consumers will not stop' });
    expect(view(n).failed).toEqual({ text: 'Stop event processing', title: 'Failed: Stop event processing (consumers will not stop)' });
    n.ok(LEAD, 'step.reopen', { stepId: 'a', reason: 'try again' });
    expect(view(n).failed).toBeNull();
  });

  it('counts several failed steps', () => {
    const n = started()
      .ok(DBA, 'step.complete', { stepId: 'a' })
      .ok(DBA, 'step.start', { stepId: 'b' })
      .ok(DBA, 'step.fail', { stepId: 'b', reason: 'x' })
      .ok(DBA, 'step.start', { stepId: 'd' })
      .ok(DBA, 'step.fail', { stepId: 'd', reason: 'y' });
    expect(view(n).failed?.text).toBe('2 steps: Switch database, Check replication');
  });
});

it('keeps the window start the tests assume', () => expect(new Date(WINDOW_START).toISOString()).toBe('2026-04-29T18:00:00.000Z'));
