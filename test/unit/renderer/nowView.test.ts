import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { nowView } from '../../../renderer/features/header/nowView';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { step } from '../../support/hubHarness';

const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('prep', 'Stop the cron jobs', 0, 10, [], { rollbackNote: 'Start the cron jobs again' }),
        step('switch', 'Point DNS at the new servers', 10, 20, ['prep'], { rollbackNote: 'Point DNS back at Milan' }),
      ],
    },
  ],
};

describe('the line that says what is running now', () => {
  it('says nothing before the night starts', () => {
    expect(nowView(new Night(RUNBOOK).state, 0)).toBeNull();
  });

  it('names the running step, its owner, and how long it has run against its plan', () => {
    const n = new Night(RUNBOOK).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'prep' });
    expect(nowView(n.state, n.now + 4 * 60_000)).toEqual({
      label: 'Now',
      more: 0,
      items: [{ stepId: 'prep', title: 'Stop the cron jobs', owner: 'DBA', timing: '4m in · 10m planned', over: false, undoes: null }],
    });
    expect(nowView(n.state, n.now + 12 * 60_000)?.items[0]).toMatchObject({ timing: '12m in · 10m planned', over: true });
  });

  it('names what is next between steps', () => {
    const n = new Night(RUNBOOK).ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'prep' });
    expect(nowView(n.state, n.now)).toMatchObject({ label: 'Next', items: [{ stepId: 'switch', timing: '20m planned' }] });
  });

  it('during a rollback, names the rollback step and what it undoes', () => {
    const n = new Night(RUNBOOK).ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'prep' }).ok(DBA, 'step.start', { stepId: 'switch' });
    n.at(15).ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'no' });
    // The forward step is still under way until someone ends it: it is what runs now.
    expect(nowView(n.state, n.now)?.items.map((i) => i.stepId)).toEqual(['switch']);
    n.ok(DBA, 'step.start', { stepId: 'rb-switch' });
    expect(nowView(n.state, n.now)).toMatchObject({
      label: 'Now',
      items: [{ title: 'Point DNS back at Milan', undoes: 'Undoes “Point DNS at the new servers”.' }, { stepId: 'switch' }],
    });
  });
});
