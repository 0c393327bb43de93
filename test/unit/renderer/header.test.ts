import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { projectSchedule } from '@shared/schedule';
import { headerView } from '../../../renderer/features/header/headerView';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { step, WINDOW_START } from '../../support/hubHarness';

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

  it('while rolling back, gives the way back’s end and slip, not the abandoned plan’s', () => {
    // ROLLBACK at 19:15 with a done: undo it (15 min) by 19:30. The forward plan, which will
    // not run now, said 20:15 "on time", and the customers' banner gave that end too.
    const undone: RunbookPlan = {
      phases: [{ id: 'p', title: 'Move', steps: [step('a', 'Stop', 0, 15, [], { rollbackNote: 'Restart' }), step('b', 'Switch', 15, 60, ['a'])] }],
    };
    const n = new Night(undone).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }).at(15).ok(DBA, 'step.complete', { stepId: 'a' });
    n.ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'apps did not fail over' });
    expect(view(n)).toMatchObject({ schedule: { text: 'Way back on time' }, short: { end: '19:30' } });
    // 19:45 and the undo not started: the way back is late, and the end moves with it.
    expect(view(n.at(45))).toMatchObject({ schedule: { text: 'Way back 30 min late', tone: 'danger' }, short: { end: '20:00' } });
  });

  it('once ended, says how late the night ended against the plan, not a slip that grows with the clock', () => {
    // Aborted at 19:40 with b, c and d never done: "205 min late" at 22:40, beside "Ended 19:40".
    const n = started().ok(DBA, 'step.complete', { stepId: 'a' }).at(40).ok(LEAD, 'cutover.finish', { outcome: 'aborted', reason: 'provider outage' });
    for (const later of [40, 60, 220]) {
      n.at(later);
      expect(view(n)).toMatchObject({
        schedule: { text: 'Ended 10 min after the planned end', tone: 'calm' },
        projectedEnd: { text: 'Ended 19:40' },
        short: { end: '19:40' },
      });
    }
    const done = started().ok(DBA, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.complete', { stepId: 'b' }).ok(DBA, 'step.complete', { stepId: 'd' });
    done
      .ok(CTO, 'decision.record', { decision: 'go', rationale: 'switched' })
      .ok(DBA, 'step.start', { stepId: 'c', cross: true })
      .ok(DBA, 'step.complete', { stepId: 'c' })
      .at(35)
      .ok(LEAD, 'cutover.finish', { outcome: 'completed' });
    expect(view(done.at(180)).schedule.text).toBe('Finished 5 min late');
  });

  it('names each end’s zone when the window crosses the October clock change', () => {
    // Europe/London, 25 October 2026: 00:00 BST (23:00 UTC) to 03:00 GMT, four hours. Read
    // as "00:00–03:00 BST" it ended at 02:00 UTC, an hour early.
    const n = new Night();
    const window = { start: Date.UTC(2026, 9, 24, 23), end: Date.UTC(2026, 9, 25, 3), timeZone: 'Europe/London' };
    n.state = { ...n.state, info: { ...n.state.info!, window } };
    expect(view(n.at(-60)).windowText).toBe('00:00 BST – 03:00 GMT');
    expect(view(new Night()).windowText).toBe('19:00–21:00 BST');
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
