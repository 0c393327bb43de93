import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { availableActions } from '../../../renderer/features/runbook/stepActions';
import { CTO, LEAD, Night } from '../../support/domain';
import { step } from '../../support/hubHarness';

const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('plain', 'Stop the cron jobs', 0, 10, []),
        step('crossed', 'Switch DNS and MySQL writes', 0, 10, [], { pointOfNoReturn: true }),
        step('skipped', 'Drop the old replicas', 0, 10, [], { pointOfNoReturn: true }),
        step('failedAfter', 'Promote the new primary', 0, 10, [], { pointOfNoReturn: true }),
        step('failedBefore', 'Cut the old links', 0, 10, [], { pointOfNoReturn: true }),
      ],
    },
  ],
};

const lead = { operate: true, lead: true, note: true };

describe('Reopen… as the lead is offered it', () => {
  it('only where the hub takes it: never on a point of no return the night has crossed', () => {
    const n = new Night(RUNBOOK).ok(LEAD, 'cutover.start');
    n.ok(LEAD, 'step.start', { stepId: 'plain' }).ok(LEAD, 'step.complete', { stepId: 'plain' });
    for (const stepId of ['crossed', 'failedAfter', 'skipped'])
      n.ok(CTO, 'ponr.override', { stepId, confirm: 'CROSS', reason: 'the provider moved DNS already' });
    for (const stepId of ['crossed', 'failedAfter']) n.ok(LEAD, 'step.start', { stepId, cross: true });
    n.ok(LEAD, 'step.complete', { stepId: 'crossed' });
    n.ok(LEAD, 'step.fail', { stepId: 'failedAfter', reason: 'the promotion hung' });
    n.ok(LEAD, 'step.skip', { stepId: 'skipped', reason: 'done by the provider', cross: true });
    // Blocked before it was ever started, then failed: the night never went past it.
    n.ok(LEAD, 'step.block', { stepId: 'failedBefore', reason: 'links team away' }).ok(LEAD, 'step.fail', { stepId: 'failedBefore', reason: 'not tonight' });

    const offered = (id: string) => availableActions(n.state.steps[id]!, false, lead, true).includes('reopen');
    const ids = ['plain', 'crossed', 'skipped', 'failedAfter', 'failedBefore'];
    const offers = Object.fromEntries(ids.map((id) => [id, offered(id)]));
    expect(offers).toEqual({ plain: true, crossed: false, skipped: false, failedAfter: false, failedBefore: true });
    // The screen and the hub agree, step by step.
    for (const id of ids) expect(n.run(LEAD, 'step.reopen', { stepId: id, reason: 'again' }) === null, id).toBe(offers[id]);
  });
});
