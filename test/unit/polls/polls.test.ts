import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { currentRound, missingStations } from '@shared/polls';
import { CTO, DBA, LEAD, Night, OBSERVER, SRE } from '../../support/domain';
import { step, WINDOW_START } from '../../support/hubHarness';

/** Seed 004's shape: prepare, a go/no-go gate, then the switch (point of no return). */
const GATED: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('prep', 'Stop the cron jobs', 0, 10, [], { rollbackNote: 'Start the cron jobs again' }),
        step('gate', 'Go/no-go to switch', 10, 5, ['prep'], { kind: 'gate' }),
        step('switch', 'Point DNS at the new servers', 15, 20, ['gate'], { pointOfNoReturn: true, rollbackNote: 'Point DNS back at Milan' }),
      ],
    },
  ],
};

const stations = ['station:DBA', 'station:SRE', 'role:approver'];

function night(): Night {
  return new Night(GATED).ok(LEAD, 'cutover.start');
}
const pollOf = (n: Night) => n.state.polls[n.state.pollOrder[n.state.pollOrder.length - 1]!]!;

describe('go/no-go polls', () => {
  it('records every station’s answer, and closes by itself when all have answered', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch to AWS?', stations, gateStepId: 'gate' });
    const poll = () => pollOf(n);
    n.ok(DBA, 'poll.answer', { pollId: poll().id, vote: 'go' }).ok(SRE, 'poll.answer', { pollId: poll().id, vote: 'go' });
    expect(missingStations(n.state, poll())).toEqual(['role:approver']);
    n.ok(CTO, 'poll.answer', { pollId: poll().id, vote: 'go' });
    expect(currentRound(poll())).toMatchObject({ closeReason: 'complete', closedAt: n.now });
    expect(n.run(DBA, 'poll.answer', { pollId: poll().id, vote: 'no_go', comment: 'late doubt' })).toBe(
      'The poll “Switch to AWS?” is closed; answers are no longer taken',
    );
  });

  it('needs a reason for NO-GO, and keeps every change of answer', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch?', stations });
    const id = pollOf(n).id;
    expect(n.run(DBA, 'poll.answer', { pollId: id, vote: 'no_go' })).toBe('Invalid poll.answer: comment: A NO-GO needs a reason');
    n.ok(DBA, 'poll.answer', { pollId: id, vote: 'no_go', comment: 'replication lag 40 s' });
    expect(n.run(DBA, 'poll.answer', { pollId: id, vote: 'go' })).toBe(
      'You answered NO-GO (replication lag 40 s): a GO in its place needs a note saying what changed',
    );
    n.ok(DBA, 'poll.answer', { pollId: id, vote: 'go', comment: 'lag 2 s' });
    const round = currentRound(pollOf(n));
    // Answers are kept per person now (a poll answers by person unless it says otherwise).
    expect(round.answers['member:m-dba']).toMatchObject({ vote: 'go', by: DBA, stations: ['station:DBA'] });
    expect(round.history.map((a) => `${a.vote}:${a.comment}`)).toEqual(['no_go:replication lag 40 s', 'go:lag 2 s']);
  });

  it('takes answers only from listed stations, and never from observers', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch?', stations: ['station:DBA'] });
    const id = pollOf(n).id;
    expect(n.run(SRE, 'poll.answer', { pollId: id, vote: 'go' })).toBe('You are not one of the stations this poll asks (DBA)');
    expect(n.run(OBSERVER, 'poll.answer', { pollId: id, vote: 'go' })).toBe('An observer may not answer a poll');
    expect(n.run(DBA, 'poll.open', { question: 'x', stations })).toBe('An operator may not open a poll');
  });

  it('lets the lead close and re-poll, starting a fresh round and keeping the old one', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch?', stations });
    const id = pollOf(n).id;
    n.ok(DBA, 'poll.answer', { pollId: id, vote: 'no_go', comment: 'lag' }).ok(LEAD, 'poll.repoll', { pollId: id });
    expect(pollOf(n).rounds.map((r) => [r.round, r.closeReason])).toEqual([
      [1, 'repolled'],
      [2, null],
    ]);
    expect(missingStations(n.state, pollOf(n))).toEqual(stations);
    n.ok(LEAD, 'poll.close', { pollId: id });
    expect(n.run(LEAD, 'poll.close', { pollId: id })).toBe('The poll “Switch?” is already closed');
  });

  it('refuses a deadline in the past and a gate that is not a gate', () => {
    const n = night().at(5);
    expect(n.run(LEAD, 'poll.open', { question: 'q', stations, deadline: n.now - 1 })).toBe('The deadline has already passed');
    expect(n.run(LEAD, 'poll.open', { question: 'q', stations, gateStepId: 'prep' })).toBe('“Stop the cron jobs” is not a gate step');
  });

  it('refuses an answer given past the deadline, though the hub’s tick has not closed the poll yet', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch?', stations, deadline: WINDOW_START + 5 * 60_000 });
    const id = pollOf(n).id;
    n.ok(DBA, 'poll.answer', { pollId: id, vote: 'no_go', comment: 'lag 40 s' });
    // The hub closes polls on a 1 s tick: between its deadline and that tick, the poll still reads open.
    n.at(5);
    expect(n.run(SRE, 'poll.answer', { pollId: id, vote: 'go' })).toBe('The poll “Switch?” closed at its deadline; answers are no longer taken');
    expect(currentRound(pollOf(n)).closeReason).toBeNull();
  });

  it('refuses the approver’s GO on a gate whose own steps are not done, and leaves the gate and the poll as they were', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch?', stations: ['role:approver'], gateStepId: 'gate' });
    const id = pollOf(n).id;
    n.ok(CTO, 'poll.answer', { pollId: id, vote: 'go' });
    expect(n.run(CTO, 'decision.record', { pollId: id, decision: 'go', rationale: 'early' })).toBe(
      'The gate “Go/no-go to switch” still waits on “Stop the cron jobs” (pending): a GO cannot pass it yet. Record the GO once it is done, or HOLD',
    );
    expect(n.state.steps.gate!.status).toBe('pending');
    // A HOLD passes nothing: it is taken.
    expect(n.run(CTO, 'decision.record', { pollId: id, decision: 'hold', rationale: 'cron jobs first' })).toBeNull();
    // A gate started past its steps on purpose, with the reason on the record, is passed by the GO.
    n.ok(LEAD, 'poll.repoll', { pollId: id }).ok(LEAD, 'step.start', { stepId: 'gate', force: 'cron jobs stop themselves at 19:30' });
    expect(n.run(CTO, 'decision.record', { pollId: id, decision: 'go', rationale: 'go' })).toBeNull();
    expect(n.state.steps.gate!.status).toBe('done');
  });

  it('lets conditions be checked by hand, shown beside the votes', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'q', stations, conditions: ['replication lag under 5 s for 10 minutes'] });
    n.ok(DBA, 'poll.check', { pollId: pollOf(n).id, index: 0, met: true });
    expect(pollOf(n).conditions[0]).toMatchObject({ met: true, by: 'Dan' });
  });
});

describe('the approver’s decision', () => {
  it('is the approver’s alone, and a GO is the only way a gate completes', () => {
    const n = night().ok(DBA, 'step.complete', { stepId: 'prep' }).ok(LEAD, 'poll.open', { question: 'Switch?', stations, gateStepId: 'gate' });
    expect(n.run(LEAD, 'step.complete', { stepId: 'gate' })).toBe('“Go/no-go to switch” is a gate: it completes when the approver records GO');
    expect(n.run(LEAD, 'step.skip', { stepId: 'gate', reason: 'x' })).toBe('“Go/no-go to switch” is a gate and cannot be skipped: the approver decides');
    expect(n.run(LEAD, 'decision.record', { pollId: pollOf(n).id, decision: 'go', rationale: 'all green' })).toBe(
      'The lead may not record a go/no-go decision',
    );
    n.at(12).ok(CTO, 'decision.record', { pollId: pollOf(n).id, decision: 'go', rationale: 'all green' });
    expect(n.state.steps.gate).toMatchObject({ status: 'done', endedBy: 'Chris', endedAt: n.now });
    expect(n.state.decisions).toEqual([expect.objectContaining({ decision: 'go', rationale: 'all green', by: CTO })]);
    expect(currentRound(pollOf(n)).closeReason).toBe('decided');
    expect(n.events.slice(-3).map((e) => e.type)).toEqual(['decision.recorded', 'poll.closed', 'step.completed']);
  });

  it('turns ROLLBACK into a checklist of rollback notes in reverse order, timed like the rest', () => {
    const n = night()
      .ok(DBA, 'step.start', { stepId: 'prep' })
      .at(10)
      .ok(DBA, 'step.complete', { stepId: 'prep' })
      .ok(LEAD, 'poll.open', { question: 'Switch?', stations, gateStepId: 'gate' });
    n.ok(CTO, 'decision.record', { pollId: pollOf(n).id, decision: 'go', rationale: 'go' }).ok(DBA, 'step.start', { stepId: 'switch', cross: true });
    n.at(40).ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'apps did not fail over' });
    expect(n.state.rollback).toMatchObject({ startedAt: n.now });
    expect(n.state.phases[0]).toEqual({ id: 'rollback', title: 'Rollback', stepIds: ['rb-switch', 'rb-prep'] });
    expect(n.state.steps['rb-switch']).toMatchObject({
      title: 'Point DNS back at Milan',
      plannedOffsetMin: 40,
      plannedDurationMin: 20,
      status: 'pending',
      dependsOn: [],
    });
    expect(n.state.steps['rb-prep']).toMatchObject({ title: 'Start the cron jobs again', plannedOffsetMin: 60, dependsOn: ['rb-switch'] });
    n.ok(DBA, 'step.start', { stepId: 'rb-switch' });
    expect(n.run(CTO, 'decision.record', { decision: 'rollback', rationale: 'again' })).toBe('Rollback is already under way');
  });

  it('never gives a rollback step the id of a step the night has: a runbook’s own “rb-copy” keeps its record', () => {
    // "rb-copy" = "rebuild the copy's indexes", an id the importer and the editor accept: the
    // undo of "copy" took its id, replaced the done step with a pending one, and lost its record.
    const plan: RunbookPlan = {
      phases: [
        {
          id: 'p',
          title: 'Move',
          steps: [step('copy', 'Copy data', 0, 10, [], { rollbackNote: 'Drop the copy' }), step('rb-copy', 'Rebuild the copy’s indexes', 10, 10, ['copy'])],
        },
      ],
    };
    const n = new Night(plan).ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'copy' }).at(8).ok(DBA, 'step.complete', { stepId: 'rb-copy' });
    n.at(9).ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'bad data' });
    expect(n.state.steps['rb-copy']).toMatchObject({ title: 'Rebuild the copy’s indexes', status: 'done' });
    expect(n.state.phases[0]).toEqual({ id: 'rollback', title: 'Rollback', stepIds: ['rb-copy-2'] });
    expect(n.state.steps['rb-copy-2']).toMatchObject({ title: 'Drop the copy', status: 'pending' });
  });
});

describe('roles and invitations', () => {
  it('lets only the lead change roles, and never leaves the night without a lead', () => {
    const n = night();
    expect(n.run(DBA, 'member.setRole', { memberId: 'm-obs', role: 'operator' })).toBe('An operator may not change roles');
    expect(n.run(LEAD, 'member.setRole', { memberId: 'm-lead', role: 'observer' })).toBe('The night needs a lead: make someone else lead first');
    n.ok(LEAD, 'member.setRole', { memberId: 'm-obs', role: 'operator' });
    expect(n.state.members['m-obs']!.role).toBe('operator');
  });
});
