import { describe, expect, it } from 'vitest';
import { RunbookPlanSchema, type RunbookPlan } from '@shared/cutover';
import { compareWithRehearsal, planFromRehearsal, planLiveFromRehearsal } from '@shared/postmortem';
import { runbookProblem } from '@shared/runbook';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { step } from '../../support/hubHarness';

const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'switch',
      title: 'Stop and switch',
      steps: [
        step('a', 'Stop event processing', 0, 15, [], { outageStart: 'event processing', rollbackNote: 'Restart the consumers' }),
        step('b', 'Update table sequences', 15, 10, ['a']),
        step('c', 'Restart event processing', 25, 5, ['b'], { outageEnd: 'event processing' }),
      ],
    },
    { id: 'verify', title: 'Verify', steps: [step('d', 'Check replication', 15, 10, ['a']), step('e', 'Post the banner', 30, 5, [])] },
  ],
};

/** A staging rehearsal: a took 20 min, b 30; d was ticked off untimed; c and e never ran. */
function rehearsal(): Night {
  const n = new Night(RUNBOOK);
  n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
  n.at(20).ok(DBA, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.start', { stepId: 'b' }).ok(DBA, 'step.complete', { stepId: 'd' });
  n.at(50).ok(DBA, 'step.complete', { stepId: 'b' });
  return n;
}

const timings = (plan: RunbookPlan) => Object.fromEntries(plan.phases.flatMap((p) => p.steps.map((s) => [s.id, [s.plannedOffsetMin, s.plannedDurationMin]])));

describe('planFromRehearsal', () => {
  it('plans each measured step as long as it took, keeps the rest, and works the starts out again', () => {
    const plan = planFromRehearsal(rehearsal().state);
    expect(timings(plan)).toEqual({ a: [0, 20], b: [20, 30], c: [50, 5], d: [20, 10], e: [30, 5] });
    expect(runbookProblem(plan)).toBeNull();
    expect(RunbookPlanSchema.parse(plan)).toEqual(plan);
  });

  it('scales the measured timings by one factor, for a live data set larger than staging', () => {
    expect(timings(planFromRehearsal(rehearsal().state, 2))).toEqual({ a: [0, 40], b: [40, 60], c: [100, 5], d: [40, 10], e: [30, 5] });
  });

  it('scales step by step, leaving the steps it does not name as measured', () => {
    expect(timings(planFromRehearsal(rehearsal().state, { b: 3 }))).toEqual({ a: [0, 20], b: [20, 90], c: [110, 5], d: [20, 10], e: [30, 5] });
  });

  it('keeps the runbook itself: phase ids, titles, owners, dependencies, rollback notes and outages', () => {
    const plan = planFromRehearsal(rehearsal().state);
    expect(plan.phases.map((p) => [p.id, p.title])).toEqual([
      ['switch', 'Stop and switch'],
      ['verify', 'Verify'],
    ]);
    const [a, b, c] = plan.phases[0]!.steps;
    expect(a).toMatchObject({ id: 'a', owner: 'DBA', dependsOn: [], rollbackNote: 'Restart the consumers', outageStart: 'event processing' });
    expect(b).toMatchObject({ id: 'b', dependsOn: ['a'] });
    expect(b).not.toHaveProperty('outageStart');
    expect(c).toMatchObject({ id: 'c', dependsOn: ['b'], outageEnd: 'event processing' });
  });

  it('plans a measured step at least a minute long', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    n.now += 10_000;
    n.ok(DBA, 'step.complete', { stepId: 'a' });
    // The plan's 15 minutes are slack the lead keeps by default; dropped, the step is planned at a minute, not 0.
    expect(timings(planFromRehearsal(n.state)).a).toEqual([0, 15]);
    expect(timings(planFromRehearsal(n.state, 1, { dropSlack: ['a'] })).a).toEqual([0, 1]);
  });

  it('keeps a step’s planned slack unless the lead drops it', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    n.at(6).ok(DBA, 'step.complete', { stepId: 'a' });
    expect(timings(planFromRehearsal(n.state)).a).toEqual([0, 15]);
    expect(timings(planFromRehearsal(n.state, 2)).a).toEqual([0, 15]);
    expect(timings(planFromRehearsal(n.state, 2, { dropSlack: ['a'] })).a).toEqual([0, 12]);
  });

  it('scales the volume-bound steps by the data-volume ratio and leaves the fixed ones, each with its own factor on top', () => {
    const volume: RunbookPlan = {
      phases: [
        {
          id: 'p',
          title: 'Copy',
          steps: [
            step('copy', 'Copy the tables', 0, 5, [], { scales: 'volume' }),
            step('dns', 'Switch DNS', 5, 2, ['copy']),
            step('index', 'Build the indexes', 7, 5, ['dns'], { scales: 'volume' }),
          ],
        },
      ],
    };
    const n = new Night(volume);
    n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'copy' });
    n.at(10).ok(DBA, 'step.complete', { stepId: 'copy' }).ok(DBA, 'step.start', { stepId: 'dns' });
    n.at(13).ok(DBA, 'step.complete', { stepId: 'dns' }).ok(DBA, 'step.start', { stepId: 'index' });
    n.at(21).ok(DBA, 'step.complete', { stepId: 'index' });
    const live = planLiveFromRehearsal(n.state, { index: 1.5 }, { volumeRatio: 3 });
    expect(timings(live.plan)).toEqual({ copy: [0, 30], dns: [30, 3], index: [33, 36] });
    expect(live.why).toEqual({ copy: 'measured 10 min × 3 (data volume)', dns: 'measured 3 min', index: 'measured 8 min × 1.5 × 3 (data volume)' });
    expect(live.plan.phases[0]!.steps[0]).toMatchObject({ scales: 'volume' });
    expect(() => planFromRehearsal(n.state, 1, { volumeRatio: 0 })).toThrow('The data-volume ratio must be a positive number, not 0');
  });

  it('leaves out the way back a rollback added to the rehearsal', () => {
    const n = rehearsal();
    n.at(55).ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'Rehearsing the way back' });
    expect(n.state.phases[0]!.id).toBe('rollback');
    expect(planFromRehearsal(n.state).phases.map((p) => p.id)).toEqual(['switch', 'verify']);
  });

  it('refuses a scale that is not a positive number', () => {
    expect(() => planFromRehearsal(rehearsal().state, 0)).toThrow(RangeError);
    expect(() => planFromRehearsal(rehearsal().state, { a: -1 })).toThrow('The scale for step "a" must be a positive number, not -1');
  });
});

describe('compareWithRehearsal', () => {
  it('sets each live step beside its rehearsal by id, or else by title, with the difference', () => {
    const liveRunbook: RunbookPlan = {
      phases: [
        {
          id: 'p1',
          title: 'Stop and switch',
          steps: [
            step('a', 'Stop event processing', 0, 20, []),
            step('seq', 'Update table sequences', 20, 30, ['a']),
            step('new', 'Warm the caches', 50, 10, ['seq']),
          ],
        },
      ],
    };
    const live = new Night(liveRunbook);
    live.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    live.at(25).ok(DBA, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.start', { stepId: 'seq' });
    live.at(100).ok(DBA, 'step.complete', { stepId: 'seq' });
    const rows = compareWithRehearsal(live.state, rehearsal().state);
    expect(rows.slice(0, 3)).toEqual([
      { stepId: 'a', rehearsalStepId: 'a', title: 'Stop event processing', plannedMin: 20, rehearsalMin: 20, liveMin: 25, diffMin: 5, ratio: 1.25 },
      { stepId: 'seq', rehearsalStepId: 'b', title: 'Update table sequences', plannedMin: 30, rehearsalMin: 30, liveMin: 75, diffMin: 45, ratio: 2.5 },
      { stepId: 'new', rehearsalStepId: null, title: 'Warm the caches', plannedMin: 10, rehearsalMin: null, liveMin: null, diffMin: null, ratio: null },
    ]);
    // The rehearsal's other steps come last, with nothing live beside them.
    expect(rows.slice(3).map((r) => [r.stepId, r.rehearsalStepId, r.rehearsalMin])).toEqual([
      [null, 'c', null],
      [null, 'd', null],
      [null, 'e', null],
    ]);
  });

  // A reopen clears `startedAt`: a live step that failed and was redone read as long as its retry alone.
  it('times a live step that failed, was reopened and redone from its first start', () => {
    const live = new Night(RUNBOOK);
    live.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    live.at(20).ok(DBA, 'step.fail', { stepId: 'a', reason: 'two consumers still running' });
    live.at(21).ok(LEAD, 'step.reopen', { stepId: 'a', reason: 'kill them by hand' }).ok(DBA, 'step.start', { stepId: 'a' });
    live.at(30).ok(DBA, 'step.complete', { stepId: 'a' });
    expect(compareWithRehearsal(live.state, rehearsal().state)[0]).toMatchObject({ stepId: 'a', rehearsalMin: 20, liveMin: 30, diffMin: 10 });
  });
});
