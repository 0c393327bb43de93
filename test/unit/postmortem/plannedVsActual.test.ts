import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { plannedVsActual } from '@shared/postmortem';
import { databaseCutoverTemplate } from '@shared/runbook';
import { DBA, LEAD, Night } from '../../support/domain';
import { step, WINDOW_START } from '../../support/hubHarness';

const MIN = 60_000;
const at = (min: number) => WINDOW_START + min * MIN;

/** a → b → c stops and restarts processing; d and e hang off a in a second phase. */
const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Stop and switch',
      steps: [
        step('a', 'Stop event processing', 0, 15, [], { outageStart: 'event processing', outagePlannedMin: 30 }),
        step('b', 'Switch database', 15, 10, ['a']),
        step('c', 'Restart event processing', 25, 5, ['b'], { outageEnd: 'event processing' }),
      ],
    },
    { id: 'p2', title: 'Verify', steps: [step('d', 'Check replication', 15, 10, ['a']), step('e', 'Check the old database', 25, 5, ['d'])] },
  ],
};

/** a took 20 min (15 planned), b 25 (10), d 8 (10), c 7 (5); e was skipped. */
function playedNight(): Night {
  const n = new Night(RUNBOOK);
  n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
  n.at(20).ok(DBA, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.start', { stepId: 'b' }).ok(DBA, 'step.start', { stepId: 'd' });
  n.at(28).ok(DBA, 'step.complete', { stepId: 'd' });
  n.at(30).ok(DBA, 'step.skip', { stepId: 'e', reason: 'The old database was already read-only' });
  n.at(45).ok(DBA, 'step.complete', { stepId: 'b' }).ok(DBA, 'step.start', { stepId: 'c' });
  n.at(52).ok(DBA, 'step.complete', { stepId: 'c' });
  return n;
}

describe('plannedVsActual', () => {
  it('gives every step its planned and actual times, slip and overrun', () => {
    const pva = plannedVsActual(playedNight().state);
    const row = (id: string) => pva.steps.find((s) => s.stepId === id);
    expect(pva.steps.map((s) => s.stepId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(row('a')).toEqual({
      stepId: 'a',
      phaseId: 'p1',
      title: 'Stop event processing',
      owner: 'DBA',
      status: 'done',
      plannedStart: at(0),
      plannedEnd: at(15),
      actualStart: at(0),
      actualEnd: at(20),
      plannedMin: 15,
      actualMin: 20,
      slipMin: 5,
      overrunMin: 5,
      critical: true,
    });
    expect(row('b')).toMatchObject({ actualMin: 25, overrunMin: 15, slipMin: 20 });
    expect(row('c')).toMatchObject({ plannedStart: at(25), actualStart: at(45), actualMin: 7, overrunMin: 2, slipMin: 22 });
    expect(row('d')).toMatchObject({ actualMin: 8, overrunMin: -2, slipMin: 3, critical: false });
  });

  it('records when a skipped step was skipped but gives it no duration or slip', () => {
    const e = plannedVsActual(playedNight().state).steps.find((s) => s.stepId === 'e');
    expect(e).toMatchObject({ status: 'skipped', actualStart: null, actualEnd: at(30), actualMin: null, slipMin: null, overrunMin: null });
  });

  it('leaves the actual end of a running step and of an unstarted one empty', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    const pva = plannedVsActual(n.state);
    expect(pva.steps[0]).toMatchObject({ status: 'in_progress', actualStart: at(0), actualEnd: null, actualMin: null, slipMin: null, overrunMin: null });
    expect(pva.steps[1]).toMatchObject({ status: 'pending', actualStart: null, actualEnd: null });
    expect(pva.criticalPath).toEqual([]);
    expect(pva.outages).toEqual([
      { name: 'event processing', plannedMin: 30, actualMin: null, start: at(0), end: null, startStepId: 'a', endStepId: 'c', endedByRollbackStepId: null },
    ]);
  });

  it('walks the critical path back from the last step to finish through the dependency that finished last', () => {
    const pva = plannedVsActual(playedNight().state);
    expect(pva.criticalPath).toEqual(['a', 'b', 'c']);
    expect(pva.steps.filter((s) => s.critical).map((s) => s.stepId)).toEqual(['a', 'b', 'c']);
  });

  it('follows the later of two dependencies', () => {
    const plan: RunbookPlan = {
      phases: [{ id: 'p1', title: 'P', steps: [step('x', 'X', 0, 10, []), step('y', 'Y', 0, 10, []), step('z', 'Z', 10, 5, ['x', 'y'])] }],
    };
    const n = new Night(plan);
    n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'x' }).ok(DBA, 'step.start', { stepId: 'y' });
    n.at(10).ok(DBA, 'step.complete', { stepId: 'x' });
    n.at(30).ok(DBA, 'step.complete', { stepId: 'y' }).ok(DBA, 'step.start', { stepId: 'z' });
    n.at(35).ok(DBA, 'step.complete', { stepId: 'z' });
    expect(plannedVsActual(n.state).criticalPath).toEqual(['y', 'z']);
  });

  it('sums each phase up once all its steps are finished', () => {
    const pva = plannedVsActual(playedNight().state);
    expect(pva.phases).toEqual([
      { phaseId: 'p1', title: 'Stop and switch', plannedStart: at(0), plannedEnd: at(30), actualStart: at(0), actualEnd: at(52), slipMin: 22, skipped: false },
      // e was skipped at 30: the phase's work ended when d was done, at 28.
      { phaseId: 'p2', title: 'Verify', plannedStart: at(15), plannedEnd: at(30), actualStart: at(20), actualEnd: at(28), slipMin: -2, skipped: false },
    ]);
  });

  it('measures an outage from the start of the step that begins it to the end of the step that ends it', () => {
    expect(plannedVsActual(playedNight().state).outages).toEqual([
      { name: 'event processing', plannedMin: 30, actualMin: 52, start: at(0), end: at(52), startStepId: 'a', endStepId: 'c', endedByRollbackStepId: null },
    ]);
  });

  it('plans the template’s event processing outage at the 30 minutes customers were promised', () => {
    const n = new Night(databaseCutoverTemplate());
    expect(plannedVsActual(n.state).outages).toEqual([
      {
        name: 'event processing',
        plannedMin: 30,
        actualMin: null,
        start: null,
        end: null,
        startStepId: 'stop-processing',
        endStepId: 'restart-processing',
        endedByRollbackStepId: null,
      },
    ]);
  });

  it('does not count an outage as over when the step that should end it failed', () => {
    const n = new Night(RUNBOOK);
    n.at(0)
      .ok(LEAD, 'cutover.start')
      .ok(DBA, 'step.complete', { stepId: 'a' })
      .ok(DBA, 'step.complete', { stepId: 'b' })
      .ok(DBA, 'step.start', { stepId: 'c' });
    n.at(10).ok(DBA, 'step.fail', { stepId: 'c', reason: 'consumers crash on start' });
    expect(plannedVsActual(n.state).outages[0]).toMatchObject({ actualMin: null, end: null });
  });

  // A reopen clears `startedAt`: read from it, a step that failed and was redone seemed to start at the retry.
  it('times a step that failed, was reopened and redone from its first start to its final end', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    n.at(15).ok(DBA, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.start', { stepId: 'b' });
    n.at(35).ok(DBA, 'step.fail', { stepId: 'b', reason: 'sequence update timed out' });
    n.at(36).ok(LEAD, 'step.reopen', { stepId: 'b', reason: 'retry with a longer timeout' }).ok(DBA, 'step.start', { stepId: 'b' });
    n.at(45).ok(DBA, 'step.complete', { stepId: 'b' });
    const b = plannedVsActual(n.state).steps.find((s) => s.stepId === 'b');
    expect(b).toMatchObject({ actualStart: at(15), actualEnd: at(45), actualMin: 30, overrunMin: 20, slipMin: 20 });
  });

  // The same reopen made the customers' outage start at the retry of the step that stopped processing.
  it('starts an outage when the step that begins it was first started, though it failed and was redone', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    n.at(8).ok(DBA, 'step.fail', { stepId: 'a', reason: 'two consumers still running' });
    n.at(9).ok(LEAD, 'step.reopen', { stepId: 'a', reason: 'kill them by hand' }).ok(DBA, 'step.start', { stepId: 'a' });
    n.at(12).ok(DBA, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.start', { stepId: 'b' });
    n.at(40).ok(DBA, 'step.complete', { stepId: 'b' }).ok(DBA, 'step.start', { stepId: 'c' });
    n.at(45).ok(DBA, 'step.complete', { stepId: 'c' });
    expect(plannedVsActual(n.state).outages[0]).toMatchObject({ start: at(0), end: at(45), actualMin: 45 });
  });

  // Snapshots written before the first start was kept have no `firstStartedAt`: they still load, timed from `startedAt`.
  it('reads a step without a first start (an older snapshot) from its start', () => {
    const state = playedNight().state;
    const steps = Object.fromEntries(Object.entries(state.steps).map(([id, { firstStartedAt: _, ...s }]) => [id, s]));
    const pva = plannedVsActual({ ...state, steps });
    expect(pva.steps.find((s) => s.stepId === 'b')).toMatchObject({ actualStart: at(20), actualMin: 25 });
    expect(pva.outages[0]).toMatchObject({ start: at(0), actualMin: 52 });
  });
});
