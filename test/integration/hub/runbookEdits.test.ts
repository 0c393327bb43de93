import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import type { CommandPayloadInput, CommandType } from '@shared/cutover';
import { live, startTestHub, until, type TestHub } from '../../support/hubHarness';

/*
 * The lead rewrites the plan while the night runs (#16): pending steps are edited, added,
 * moved and removed, each an event every window folds; what has ended stays as it was.
 * SMALL_RUNBOOK: a → b → c (the point of no return) in "Stop and switch", d after a in "Verify".
 */

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** The hub's answer: the reason when it refused, null when it took it. */
async function answer<T extends CommandType>(c: HubClient, type: T, payload: CommandPayloadInput<T>): Promise<string | null> {
  try {
    await c.send(type, payload).outcome;
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('editing the runbook during the night', () => {
  it('changes pending steps for everyone, keeps done ones as they were, and puts each change on the timeline', async () => {
    t = await startTestHub({}, undefined, Date.now() - 60_000);
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Omar');
    await Promise.all([live(lead), live(dba)]);
    expect(await answer(lead, 'cutover.start', {})).toBeNull();
    expect(await answer(dba, 'step.complete', { stepId: 'a' })).toBeNull();

    // A pending step: new owner, duration, dependency, kind and rollback note.
    expect(
      await answer(lead, 'step.edit', {
        stepId: 'b',
        changes: { title: 'Switch the orders database', owner: 'Omar', plannedDurationMin: 25, kind: 'verification', rollbackNote: 'Point the app back' },
      }),
    ).toBeNull();
    await until(dba, (c) => c.state.steps.b?.title === 'Switch the orders database', 5000, 'the edit');
    expect(dba.state.steps.b).toMatchObject({
      owner: 'Omar',
      plannedDurationMin: 25,
      kind: 'verification',
      rollbackNote: 'Point the app back',
      status: 'pending',
    });
    // An edit changes what it names and nothing else: the rest is not reset to a default.
    expect(dba.state.steps.b?.dependsOn).toEqual(['a']);
    expect(await answer(lead, 'step.edit', { stepId: 'c', changes: { plannedDurationMin: 8 } })).toBeNull();
    await until(dba, (c) => c.state.steps.c?.plannedDurationMin === 8, 5000, 'the duration');
    expect(dba.state.steps.c).toMatchObject({ pointOfNoReturn: true, dependsOn: ['b'], owner: 'DBA', kind: 'task' });
    expect(dba.events.filter((e) => e.type === 'step.edited').map((e) => e.payload)).toContainEqual({ stepId: 'c', changes: { plannedDurationMin: 8 } });

    // What is done is the record: not rewritten, not moved, not removed.
    expect(await answer(lead, 'step.edit', { stepId: 'a', changes: { plannedDurationMin: 1 } })).toBe(
      '“Stop event processing” is done; a step that has ended cannot be rewritten (reopen it first)',
    );
    expect(await answer(lead, 'step.move', { stepId: 'a', phaseId: 'p2', afterStepId: null })).toMatch(/is done; a step that has ended cannot be rewritten/);
    expect(await answer(lead, 'step.remove', { stepId: 'a' })).toMatch(/only a pending step can be removed/);

    // A second point of no return is refused as the importer refuses it.
    expect(await answer(lead, 'step.edit', { stepId: 'b', changes: { pointOfNoReturn: true } })).toBe(
      '“Switch the orders database” and “Update sequences” would both be the point of no return; a runbook has one',
    );

    // Added after b, moved to the top of "Verify", then removed.
    expect(
      await answer(lead, 'step.add', {
        phaseId: 'p1',
        afterStepId: 'b',
        step: { id: 'warm', title: 'Warm the caches', owner: 'SRE', plannedOffsetMin: 40, plannedDurationMin: 5, dependsOn: ['b'] },
      }),
    ).toBeNull();
    await until(dba, (c) => c.state.phases[0]!.stepIds.join() === 'a,b,warm,c', 5000, 'the added step');
    expect(await answer(lead, 'step.move', { stepId: 'warm', phaseId: 'p2', afterStepId: null })).toBeNull();
    await until(dba, (c) => c.state.phases[1]!.stepIds.join() === 'warm,d', 5000, 'the move');
    expect(dba.state.steps.warm?.phaseId).toBe('p2');
    expect(await answer(lead, 'step.move', { stepId: 'warm', phaseId: 'p2', afterStepId: null })).toBe('“Warm the caches” is already there');
    expect(await answer(lead, 'step.move', { stepId: 'd', phaseId: 'p2', afterStepId: 'warm' })).toBe('“Check replication” is already there');
    expect(await answer(lead, 'step.move', { stepId: 'warm', phaseId: 'p2', afterStepId: 'd' })).toBeNull();
    await until(dba, (c) => c.state.phases[1]!.stepIds.join() === 'd,warm', 5000, 'the move down');
    expect(await answer(lead, 'step.remove', { stepId: 'warm' })).toBeNull();
    await until(dba, (c) => !c.state.steps.warm, 5000, 'the removal');

    // Only the lead rewrites the plan.
    expect(await answer(dba, 'step.edit', { stepId: 'b', changes: { plannedDurationMin: 5 } })).toMatch(/not allowed|may not|only/i);
    expect(await answer(dba, 'step.move', { stepId: 'b', phaseId: 'p2', afterStepId: null })).toMatch(/not allowed|may not|only/i);

    const edits = dba.events
      .filter((e) => ['step.edited', 'step.added', 'step.moved', 'step.removed'].includes(e.type))
      .map((e) => `${e.type} by ${e.actor.name}`);
    expect(edits).toEqual([
      'step.edited by Lena',
      'step.edited by Lena',
      'step.added by Lena',
      'step.moved by Lena',
      'step.moved by Lena',
      'step.removed by Lena',
    ]);

    // Once the night has ended, nothing in it is rewritten.
    expect(await answer(lead, 'cutover.finish', { outcome: 'aborted', reason: 'Test over' })).toBeNull();
    expect(await answer(lead, 'step.edit', { stepId: 'b', changes: { plannedDurationMin: 5 } })).toBe('The cutover has ended');
  });

  it('keeps a step worked on tonight in the runbook: reopened after it failed, it is skipped with a reason, not removed', async () => {
    t = await startTestHub({}, undefined, Date.now() - 60_000);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    expect(await answer(lead, 'cutover.start', {})).toBeNull();
    expect(await answer(lead, 'step.complete', { stepId: 'a' })).toBeNull();
    expect(await answer(lead, 'step.start', { stepId: 'd' })).toBeNull();
    expect(await answer(lead, 'step.fail', { stepId: 'd', reason: 'replica 2 did not answer' })).toBeNull();
    expect(await answer(lead, 'step.reopen', { stepId: 'd', reason: 'try once more' })).toBeNull();
    await until(lead, (c) => c.state.steps.d?.status === 'pending', 5000, 'reopened');
    // Removed, the postmortem's counts would lose the step and its failure.
    expect(await answer(lead, 'step.remove', { stepId: 'd' })).toBe(
      "“Check replication” was worked on tonight, and what happened to it is the night's record; skip it with a reason instead",
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.d).toBeDefined();
    expect(await answer(lead, 'step.skip', { stepId: 'd', reason: 'checked by hand on the replica' })).toBeNull();
  });
});
