import { describe, expect, it } from 'vitest';
import { parseCommand, PERMISSIONS, timelineNotes, type Command, type CommandType } from '@shared/cutover';
import { CTO, DBA, LEAD, Night, OBSERVER } from '../../support/domain';

describe('deciding commands', () => {
  it('lets no step start before the lead starts the night', () => {
    const n = new Night();
    expect(n.run(DBA, 'step.start', { stepId: 'a' })).toBe('The night has not started yet: the lead starts the cutover first');
  });

  it('records T0 when the lead starts the cutover', () => {
    const n = new Night().at(3).ok(LEAD, 'cutover.start');
    expect(n.state.status).toBe('in_progress');
    expect(n.state.startedAt).toBe(n.now);
  });

  it('records actual start, end and who, for a step worked through', () => {
    const n = new Night()
      .ok(LEAD, 'cutover.start')
      .at(1)
      .ok(DBA, 'step.start', { stepId: 'a' })
      .at(20)
      .ok(DBA, 'step.complete', { stepId: 'a', note: 'consumers paused' });
    expect(n.state.steps.a).toMatchObject({ status: 'done', startedBy: 'Dan', endedBy: 'Dan', startedAt: n.now - 19 * 60_000, endedAt: n.now });
    expect(n.state.steps.a!.notes.map((x) => x.text)).toEqual(['consumers paused']);
  });

  it('refuses to start a step whose dependencies are not done, naming them', () => {
    const n = new Night().ok(LEAD, 'cutover.start');
    expect(n.run(DBA, 'step.start', { stepId: 'c' })).toBe(
      '“Update sequences” is waiting on “Switch database” (pending). Finish it first, or force the start with a reason',
    );
  });

  it('starts a waiting step when forced with a reason, and keeps the reason', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'b', force: 'already stopped by hand' });
    expect(n.state.steps.b).toMatchObject({ status: 'in_progress', forcedReason: 'already stopped by hand' });
  });

  it('treats skipped dependencies as satisfied', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.skip', { stepId: 'a', reason: 'done yesterday' });
    expect(n.run(DBA, 'step.start', { stepId: 'b' })).toBeNull();
  });

  it('lets a ready step be ticked off without being started', () => {
    const n = new Night().ok(LEAD, 'cutover.start').at(5).ok(DBA, 'step.complete', { stepId: 'a' });
    expect(n.state.steps.a).toMatchObject({ status: 'done', startedAt: n.now, endedAt: n.now });
  });

  it('only fails what is running, and fail and skip need a reason', () => {
    const n = new Night().ok(LEAD, 'cutover.start');
    expect(n.run(DBA, 'step.fail', { stepId: 'a', reason: 'x' })).toBe('“Stop event processing” is pending; it cannot be failed');
    expect(parseCommand({ id: '1', type: 'step.fail', payload: { stepId: 'a' } })).toMatchObject({ ok: false, reason: expect.stringMatching(/reason/) });
    expect(parseCommand({ id: '1', type: 'step.skip', payload: { stepId: 'a', reason: '' } })).toMatchObject({
      ok: false,
      reason: 'Invalid step.skip: reason: A reason is required',
    });
    n.ok(DBA, 'step.start', { stepId: 'a' }).ok(DBA, 'step.fail', { stepId: 'a', reason: 'consumer refused to stop' });
    expect(n.state.steps.a).toMatchObject({ status: 'failed', statusReason: 'consumer refused to stop' });
  });

  it('lets the lead reopen a finished step, clearing its actual times', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'a' });
    expect(n.run(DBA, 'step.reopen', { stepId: 'a', reason: 'x' })).toBe('An operator may not reopen a step');
    n.ok(LEAD, 'step.reopen', { stepId: 'a', reason: 'consumers restarted by mistake' });
    expect(n.state.steps.a).toMatchObject({ status: 'pending', startedAt: null, endedAt: null, statusReason: 'consumers restarted by mistake' });
  });

  it('keeps observers read-only for every command there is', () => {
    const n = new Night().ok(LEAD, 'cutover.start');
    for (const type of Object.keys(PERMISSIONS) as CommandType[]) {
      expect(n.decideParsed(OBSERVER, { id: 'x', type, payload: {} } as Command), type).toMatch(/^An observer may not /);
    }
  });

  it('refuses edits that would make the runbook circular or dangling', () => {
    const n = new Night();
    expect(n.run(LEAD, 'step.edit', { stepId: 'a', changes: { dependsOn: ['c'] } })).toBe(
      'These steps depend on each other in a circle: Stop event processing → Update sequences → Switch database → Stop event processing',
    );
    expect(n.run(LEAD, 'step.edit', { stepId: 'a', changes: { dependsOn: ['zz'] } })).toBe(
      'Step "Stop event processing" depends on "zz", which is not in the runbook',
    );
    expect(n.run(LEAD, 'step.remove', { stepId: 'b' })).toBe('“Update sequences” depends on “Switch database”; change that first');
  });

  it('adds a step after another, and replaces the runbook only before the night starts', () => {
    const n = new Night().ok(LEAD, 'step.add', {
      phaseId: 'p1',
      afterStepId: 'a',
      step: { id: 'a2', title: 'Snapshot the database', plannedOffsetMin: 15, plannedDurationMin: 5, dependsOn: ['a'] },
    });
    expect(n.state.phases[0]!.stepIds).toEqual(['a', 'a2', 'b', 'c']);
    expect(n.state.steps.a2).toMatchObject({ kind: 'task', status: 'pending', owner: '' });
    n.ok(LEAD, 'cutover.start');
    expect(n.run(LEAD, 'runbook.replace', { runbook: { phases: [] } })).toBe('The runbook can be replaced only before the night starts');
  });

  it('ends the night once: completed only from in progress, rollback and abort with a reason', () => {
    const n = new Night();
    expect(n.run(LEAD, 'cutover.finish', { outcome: 'completed' })).toBe('Only a cutover in progress can be completed');
    expect(parseCommand({ id: '1', type: 'cutover.finish', payload: { outcome: 'rolled_back' } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/needs a reason/),
    });
    n.ok(LEAD, 'cutover.start').at(200).ok(LEAD, 'cutover.finish', { outcome: 'rolled_back', reason: 'apps did not fail over' });
    expect(n.state).toMatchObject({ status: 'rolled_back', endedAt: n.now, statusReason: 'apps did not fail over' });
    expect(n.run(LEAD, 'cutover.finish', { outcome: 'completed' })).toBe('The cutover is already rolled back');
  });

  it('records shifts and handover notes for the member who sends them', () => {
    const n = new Night().at(540).ok(CTO, 'member.shift', { onShift: false, handover: 'GO given at 02:10; call me if lag > 5 min' });
    expect(n.state.members['m-cto']).toMatchObject({ onShift: false, handover: 'GO given at 02:10; call me if lag > 5 min', shiftChangedAt: n.now });
  });

  it('refuses ids that are names every object already has', () => {
    const n = new Night().ok(LEAD, 'cutover.start');
    expect(n.run(DBA, 'step.start', { stepId: 'constructor' })).toBe('Invalid step.start: stepId: This id is a reserved word');
    expect(n.run(LEAD, 'step.add', { phaseId: 'p1', step: { id: '__proto__', title: 'x', plannedOffsetMin: 0, plannedDurationMin: 1 } })).toMatch(
      /step.id: This id is a reserved word/,
    );
  });

  it('puts notes on the timeline with their severity and author', () => {
    const n = new Night().ok(DBA, 'note.add', { text: 'Updating table sequences is taking longer than anticipated', severity: 'issue' });
    expect(timelineNotes(n.events)).toEqual([
      expect.objectContaining({ severity: 'issue', by: DBA, text: 'Updating table sequences is taking longer than anticipated' }),
    ]);
  });
});
