import { describe, expect, it } from 'vitest';
import { CheckConfigSchema, checkProblem } from '@shared/checks';
import { foldEvents, HUB_ACTOR, type CutoverEvent } from '@shared/cutover';
import { databaseCutoverTemplate, templateChecks } from '@shared/runbook/template';

describe('the built-in template’s example checks', () => {
  it('verify its verification steps with queries that only read, and name secrets, never passwords', () => {
    const created: CutoverEvent = {
      v: 1,
      seq: 1,
      ts: 0,
      actor: HUB_ACTOR,
      type: 'cutover.created',
      payload: {
        cutover: { id: 'c', title: 'Night', window: { start: 0, end: 7_200_000, timeZone: 'UTC' }, isRehearsal: false, pointOfNoReturnAt: null },
        runbook: databaseCutoverTemplate(),
      },
    };
    const state = foldEvents([created]);
    const checks = templateChecks().map((c) => CheckConfigSchema.parse(c));
    expect(checks.map((c) => c.id)).toEqual(['replication-caught-up', 'orders-row-counts', 'sequences-above-max']);
    for (const c of checks) {
      expect(checkProblem(state, c), c.id).toBeNull();
      expect(state.steps[c.step!.stepId]!.kind).toBe('verification');
    }
  });
});
