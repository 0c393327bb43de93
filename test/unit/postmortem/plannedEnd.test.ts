import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { plannedVsActual } from '@shared/postmortem';
import { CTO, DBA, LEAD, Night, SRE } from '../../support/domain';
import { step } from '../../support/hubHarness';
import { draftOf, minute, section } from './support';

/*
 * The plan the night is measured against is the one it started with: not the way back a
 * ROLLBACK added (timed from the ROLLBACK), not the steps added once it had started. And a
 * phase whose steps were all skipped did not "finish" on time.
 */

/** a → b → c, planned to end at 19:30; a and b can be undone. */
const PLAN: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('a', 'Stop event processing', 0, 10, [], { rollbackNote: 'Restart the consumers on the old database' }),
        step('b', 'Switch database', 10, 15, ['a'], { rollbackNote: 'Point the services back at the old database' }),
        step('c', 'Restart event processing', 25, 5, ['b']),
      ],
    },
  ],
};

const summaryLine = (md: string, head: string) =>
  section(md, 'Summary')
    .split('\n')
    .find((l) => l.startsWith(`- ${head}`));

describe('the planned end in the postmortem', () => {
  it('is the forward plan’s on a rolled-back night, not the way back’s timed from the ROLLBACK', () => {
    const n = new Night(PLAN);
    n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'a' });
    n.at(10).ok(SRE, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.start', { stepId: 'b' });
    n.at(40).ok(DBA, 'step.fail', { stepId: 'b', reason: 'The new database refused connections' });
    n.at(42).ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'Cannot connect; go back' });
    const back = n.state.phases.find((p) => p.id === 'rollback')!.stepIds;
    for (const [i, id] of back.entries()) {
      n.at(43 + i * 5).ok(SRE, 'step.start', { stepId: id });
      n.at(47 + i * 5).ok(SRE, 'step.complete', { stepId: id });
    }
    n.at(55).ok(LEAD, 'cutover.finish', { outcome: 'rolled_back', reason: 'Back on the old database' });
    const md = draftOf(n);
    expect(summaryLine(md, 'Planned end')).toBe('- Planned end: 19:30; actual end: 19:55, 25 min later than planned');
    // The way back's steps are not counted as on time against a plan made at the ROLLBACK.
    expect(section(md, 'What went well')).toContain('1 of 1 step done took no more than 5 min longer than planned.');
  });

  it('leaves out steps added after the start, and lists them as unplanned work', () => {
    const n = new Night(PLAN);
    n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'a' });
    n.at(10).ok(SRE, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.start', { stepId: 'b' });
    n.at(25).ok(DBA, 'step.complete', { stepId: 'b' }).ok(SRE, 'step.start', { stepId: 'c' });
    n.at(30).ok(SRE, 'step.complete', { stepId: 'c' });
    // Nobody planned this one: added at 19:31, planned there and then to run 19:35–20:35.
    n.at(31).ok(LEAD, 'step.add', { phaseId: 'p1', step: step('x', 'Rebuild the search index', 35, 60, ['c']) });
    n.at(32).ok(DBA, 'step.start', { stepId: 'x' });
    n.at(81).ok(DBA, 'step.complete', { stepId: 'x' });
    n.at(81).ok(LEAD, 'cutover.finish', { outcome: 'completed' });
    const md = draftOf(n);
    expect(summaryLine(md, 'Planned end')).toBe('- Planned end: 19:30; actual end: 20:21, 51 min later than planned');
    expect(section(md, 'What went well')).toContain('3 of 3 steps done took no more than 5 min longer than planned.');
    expect(section(md, 'Planned against actual')).toContain('Not in the plan the night started with: Rebuild the search index (added at 19:31 by Lena).');
  });
});

describe('a phase whose steps were all skipped', () => {
  const TWO_PHASES: RunbookPlan = {
    phases: [
      { id: 'p1', title: 'Switch', steps: [step('a', 'Switch database', 0, 10, [])] },
      { id: 'p2', title: 'Verify', steps: [step('v1', 'Check replication', 10, 5, ['a']), step('v2', 'Check the old database', 15, 5, ['v1'])] },
    ],
  };

  function skippedVerify(): Night {
    const n = new Night(TWO_PHASES);
    n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    n.at(10).ok(DBA, 'step.complete', { stepId: 'a' });
    // Skipped at 19:22, two minutes after Verify was planned to end: no verifying was done.
    n.at(22).ok(LEAD, 'step.skip', { stepId: 'v1', reason: 'No time left' }).ok(LEAD, 'step.skip', { stepId: 'v2', reason: 'No time left' });
    n.at(23).ok(LEAD, 'cutover.finish', { outcome: 'completed' });
    return n;
  }

  it('is not listed as finished on time, and is named as skipped', () => {
    const md = draftOf(skippedVerify());
    expect(section(md, 'What went well')).toContain('- Finished within 5 min of their planned end: Switch.\n');
    expect(section(md, 'What went wrong')).toContain('- Phase skipped in full: Verify.');
  });

  it('has no actual end of its own: a skip did no work', () => {
    const verify = plannedVsActual(skippedVerify().state).phases.find((p) => p.phaseId === 'p2');
    expect(verify).toMatchObject({ actualEnd: null, slipMin: null, skipped: true });
  });

  it('ends a part-skipped phase when its last worked step did', () => {
    const n = new Night(TWO_PHASES);
    n.at(0).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    n.at(10).ok(DBA, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.start', { stepId: 'v1' });
    n.at(14).ok(DBA, 'step.complete', { stepId: 'v1' });
    n.at(50).ok(LEAD, 'step.skip', { stepId: 'v2', reason: 'Not needed' });
    const verify = plannedVsActual(n.state).phases.find((p) => p.phaseId === 'p2');
    expect(verify).toMatchObject({ actualEnd: minute(14), slipMin: -6, skipped: false });
  });
});
