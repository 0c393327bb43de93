import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { nightState } from '@shared/cutover/nightState';
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
        step('check', 'Check the new servers answer', 30, 5, ['switch'], { kind: 'verification' }),
      ],
    },
  ],
};

const started = () => new Night(RUNBOOK).ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'prep' }).ok(DBA, 'step.start', { stepId: 'switch' });
const decide = (n: Night, decision: 'go' | 'hold' | 'rollback', rationale: string) => n.ok(CTO, 'decision.record', { decision, rationale });

describe('the state of the night', () => {
  it('is the lifecycle status while nothing is held, rolled back or failed', () => {
    expect(nightState(new Night(RUNBOOK).state)).toEqual({ phase: 'draft', word: 'draft', hold: null, rollback: null, failed: [] });
    expect(nightState(started().state)).toMatchObject({ phase: 'in_progress', word: 'in progress' });
  });

  it('is on hold while the latest decision is HOLD, and a GO lifts it', () => {
    const n = decide(started().at(12), 'hold', 'lag still 40 s');
    expect(nightState(n.state)).toMatchObject({ phase: 'on_hold', word: 'on hold', hold: { since: n.now, by: 'Chris', rationale: 'lag still 40 s' } });
    decide(n.at(20), 'go', 'lag under 2 s');
    expect(nightState(n.state)).toMatchObject({ phase: 'in_progress', hold: null });
  });

  it('is rolling back after ROLLBACK, counting the rollback steps done', () => {
    const n = decide(started().at(15), 'rollback', 'apps did not fail over');
    expect(nightState(n.state)).toMatchObject({
      phase: 'rolling_back',
      word: 'rolling back',
      rollback: { since: n.now, by: 'Chris', rationale: 'apps did not fail over', done: 0, total: 2 },
    });
    n.ok(DBA, 'step.complete', { stepId: 'rb-switch' });
    expect(nightState(n.state).rollback).toMatchObject({ done: 1, total: 2 });
  });

  it('stays rolling back through a later HOLD: the way back is still the way', () => {
    const n = decide(decide(started().at(15), 'rollback', 'apps did not fail over'), 'hold', 'wait for the DBA');
    expect(nightState(n.state)).toMatchObject({ phase: 'rolling_back', hold: null });
  });

  it('is rolled back once the lead records it, and the rollback is no longer under way', () => {
    const n = decide(started().at(15), 'rollback', 'apps did not fail over')
      .at(40)
      .ok(LEAD, 'cutover.finish', { outcome: 'rolled_back', reason: 'back on Milan' });
    expect(nightState(n.state)).toMatchObject({ phase: 'rolled_back', word: 'rolled back', rollback: null, hold: null });
  });

  it('names a failed step until it is reopened', () => {
    const n = started().at(14).ok(DBA, 'step.fail', { stepId: 'switch', reason: 'DNS provider down' });
    expect(nightState(n.state).failed).toEqual([{ stepId: 'switch', title: 'Point DNS at the new servers', reason: 'DNS provider down', at: n.now }]);
    n.ok(LEAD, 'step.reopen', { stepId: 'switch', reason: 'provider back' });
    expect(nightState(n.state).failed).toEqual([]);
  });
});
