import { describe, expect, it } from 'vitest';
import { CheckConfigSchema, checkProblem } from '@shared/checks';
import { foldEvents, HUB_ACTOR, type CutoverEvent } from '@shared/cutover';
import { exampleChecksFor, exampleChecksSaid } from '@shared/runbook';
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

describe('adding the template’s example checks to a night', () => {
  const at = (seq: number, type: CutoverEvent['type'], payload: unknown): CutoverEvent =>
    ({ v: 1, seq, ts: seq, actor: HUB_ACTOR, type, payload }) as CutoverEvent;
  const created = (runbook = databaseCutoverTemplate()) =>
    at(1, 'cutover.created', {
      cutover: { id: 'c', title: 'Night', window: { start: 0, end: 7_200_000, timeZone: 'UTC' }, isRehearsal: false, pointOfNoReturnAt: null },
      runbook,
    });

  it('adds all three to a night on the template that has none', () => {
    const examples = exampleChecksFor(foldEvents([created()]));
    expect(examples.add.map((c) => c.id)).toEqual(['replication-caught-up', 'orders-row-counts', 'sequences-above-max']);
    expect(examples.kept).toEqual([]);
    expect(exampleChecksSaid(3, examples)).toBe('Added 3 example checks.');
  });

  it('keeps a check already set up under an example’s id as the lead changed it, and says so', () => {
    const example = CheckConfigSchema.parse(templateChecks()[0]);
    const changed = { ...example, name: 'Replica within 2 s', spec: { ...example.spec, compare: { to: 'constant', op: 'below', value: 2 } } };
    const state = foldEvents([created(), at(2, 'check.defined', { check: changed })]);
    const examples = exampleChecksFor(state);
    expect(examples.add.map((c) => c.id)).toEqual(['orders-row-counts', 'sequences-above-max']);
    expect(examples.kept).toEqual(['Replica within 2 s']);
    expect(exampleChecksSaid(2, examples)).toBe('Added 2 example checks. “Replica within 2 s” was already set up and kept as it is.');
    expect(exampleChecksSaid(1, examples)).toBe(
      'Added 1 of 2 example checks; the hub said why not for the rest. “Replica within 2 s” was already set up and kept as it is.',
    );
  });

  it('leaves out the examples of steps an edited runbook dropped', () => {
    const plan = databaseCutoverTemplate();
    const dropped = { phases: plan.phases.map((p) => ({ ...p, steps: p.steps.filter((s) => s.id !== 'sequences-check') })) };
    const examples = exampleChecksFor(foldEvents([created(dropped)]));
    expect(examples.add.map((c) => c.id)).toEqual(['replication-caught-up', 'orders-row-counts']);
    const none = { phases: plan.phases.map((p) => ({ ...p, steps: p.steps.filter((s) => s.id !== 'sequences-check' && s.id !== 'replication') })) };
    const nothing = exampleChecksFor(foldEvents([created(none)]));
    expect(nothing).toEqual({ add: [], kept: [] });
    expect(exampleChecksSaid(0, nothing)).toBe('This runbook has none of the steps the template’s example checks verify.');
  });
});
