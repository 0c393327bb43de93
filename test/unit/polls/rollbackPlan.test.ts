import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { rollbackPhase, sameUndo } from '@shared/polls/rollbackPlan';
import { databaseCutoverTemplate } from '@shared/runbook/template';
import { CTO, LEAD, Night } from '../../support/domain';
import { step } from '../../support/hubHarness';

/** Seed 004's shape: stop the cron jobs, a go/no-go, then the switch. */
const GATED: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('stage', 'Stage the new settings', 0, 5, []),
        step('prep', 'Stop the cron jobs', 0, 10, [], { rollbackNote: 'Start the cron jobs again' }),
        step('gate', 'Go/no-go to switch', 10, 5, ['prep'], { kind: 'gate', rollbackNote: 'No-go: close the window; nothing has changed yet.' }),
        step('switch', 'Point DNS at the new servers', 15, 20, ['gate'], { rollbackNote: 'Point DNS back at Milan' }),
        step('later', 'Clean up the old servers', 35, 10, ['switch'], { rollbackNote: 'Nothing to do' }),
      ],
    },
  ],
};

/** The gate passes the only way it can: an approver's GO on its poll. */
function passGate(n: Night, gateStepId: string): Night {
  n.ok(LEAD, 'poll.open', { question: 'Go?', stations: ['role:approver'], gateStepId });
  return n.ok(CTO, 'decision.record', { pollId: n.state.pollOrder[n.state.pollOrder.length - 1], decision: 'go', rationale: 'all green' });
}

/** The plan as the crew reads it: what to do, and what it undoes. */
const read = (n: Night) => rollbackPhase(n.state, n.now).steps.map((s) => `${s.title} | ${s.description}`);

describe('the rollback plan', () => {
  it('undoes what was done, newest first, each step naming the step it undoes', () => {
    const n = new Night(GATED).ok(LEAD, 'cutover.start').ok(LEAD, 'step.complete', { stepId: 'prep' });
    passGate(n, 'gate').at(20).ok(LEAD, 'step.start', { stepId: 'switch' });
    expect(read(n)).toEqual(['Point DNS back at Milan | Undoes “Point DNS at the new servers”.', 'Start the cron jobs again | Undoes “Stop the cron jobs”.']);
  });

  it('leaves out a gate’s “nothing has changed yet” once a change was made', () => {
    const n = new Night(GATED).ok(LEAD, 'cutover.start').ok(LEAD, 'step.complete', { stepId: 'prep' });
    passGate(n, 'gate');
    expect(read(n)).toEqual(['Start the cron jobs again | Undoes “Stop the cron jobs”.']);
  });

  it('keeps the gate’s note while nothing has been changed, since then it is the way back', () => {
    const n = new Night(GATED)
      .ok(LEAD, 'cutover.start')
      .ok(LEAD, 'step.complete', { stepId: 'stage' })
      .ok(LEAD, 'step.skip', { stepId: 'prep', reason: 'no cron tonight' });
    passGate(n, 'gate');
    expect(read(n)).toEqual(['No-go: close the window; nothing has changed yet. | Undoes “Go/no-go to switch”.']);
  });

  it('leaves out steps never started, skipped, or without a rollback note', () => {
    const n = new Night(GATED)
      .ok(LEAD, 'cutover.start')
      .ok(LEAD, 'step.complete', { stepId: 'stage' })
      .ok(LEAD, 'step.skip', { stepId: 'prep', reason: 'no cron tonight' });
    expect(read(n)).toEqual([]);
  });

  it('merges two done steps with near-identical notes into one rollback step naming both', () => {
    const runbook: RunbookPlan = {
      phases: [
        {
          id: 'p',
          title: 'Stop',
          steps: [
            step('stop', 'Stop event processing', 0, 5, [], { rollbackNote: 'Restart the consumers on the old database.' }),
            step('sync', 'Stop replication', 5, 10, [], { rollbackNote: 'Restart the consumers on the old database; it is unchanged.' }),
          ],
        },
      ],
    };
    const n = new Night(runbook).ok(LEAD, 'cutover.start').ok(LEAD, 'step.complete', { stepId: 'stop' }).at(5).ok(LEAD, 'step.complete', { stepId: 'sync' });
    const [only, ...rest] = rollbackPhase(n.state, n.now).steps;
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      id: 'rb-sync',
      title: 'Restart the consumers on the old database; it is unchanged.',
      description: 'Undoes “Stop replication” and “Stop event processing”.',
      plannedDurationMin: 10,
    });
  });

  it('tells the same undo from notes that merely share words', () => {
    expect(sameUndo('Start the cron jobs again', 'start the cron jobs again.')).toBe(true);
    expect(sameUndo('Restart the consumers on the old database.', 'Restart the consumers on the old database; it is unchanged.')).toBe(true);
    expect(sameUndo('Restart the consumers on the old database.', 'Put the old connection settings back and restart the consumers there.')).toBe(false);
    expect(sameUndo('Undo', 'Undo everything else too')).toBe(false);
    expect(sameUndo('', '')).toBe(false);
  });

  it('turns the demo template, rolled back after the sequences, into three undos', () => {
    const n = new Night(databaseCutoverTemplate()).ok(LEAD, 'cutover.start');
    let min = 0;
    const done = (...ids: string[]) => ids.forEach((id) => n.at((min += 5)).ok(LEAD, 'step.complete', { stepId: id }));
    done('open', 'banner-start', 'replication', 'snapshot', 'config');
    passGate(n, 'go');
    done('stop-processing', 'queuing', 'final-sync', 'switch', 'sequences');
    n.at((min += 5)).ok(LEAD, 'step.start', { stepId: 'sequences-check' });
    expect(read(n)).toEqual([
      'Nothing is written to the new database yet: restore the old connection settings and restart there. | Undoes “Update table sequences past the highest ids”.',
      'Put the old connection settings back and restart the consumers there. | Undoes “Point the services at the new database”.',
      'Restart the consumers on the old database; it is unchanged. | Undoes “Let the last changes replicate, then stop replication” and “Stop event processing”.',
    ]);
    expect(rollbackPhase(n.state, n.now).steps.map((s) => s.dependsOn)).toEqual([[], ['rb-sequences'], ['rb-switch']]);
  });
});
