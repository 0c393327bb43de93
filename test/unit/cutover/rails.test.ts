import { describe, expect, it } from 'vitest';
import { REOPEN_GRACE_MS, type Actor, type RunbookPlan, type StepKind } from '@shared/cutover';
import { draftPostmortem, plannedVsActual } from '@shared/postmortem';
import { projectSchedule } from '@shared/schedule';
import { step } from '../../support/hubHarness';
import { CTO, DBA, LEAD, Night, OBSERVER, SRE } from '../../support/domain';

/** Seed 004 in small: prepare, the gate, the switch with no way back, then a check. */
const GATED: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('prep', 'Terminate the cron jobs', 0, 10, []),
        step('gate', 'Go/no-go: switch writes', 10, 5, ['prep'], { kind: 'gate', owner: 'lead' }),
        step('switch', 'Switch DNS and MySQL writes', 15, 30, ['gate'], { pointOfNoReturn: true }),
        step('check', 'Check writes land', 45, 10, ['switch'], { kind: 'verification' }),
      ],
    },
  ],
};

const COMMS: Actor = { id: 'm-comms', name: 'Cara', role: 'comms' };

function night(runbook: RunbookPlan = GATED): Night {
  const n = new Night(runbook);
  n.observed([{ type: 'member.joined', payload: { member: { ...COMMS, role: 'comms', station: '', inviteId: '' } } }]);
  return n;
}

/** The night up to the gate passed by the approver's GO (on a poll, as on the night). */
function pastTheGate(): Night {
  const n = night().ok(LEAD, 'cutover.start').at(5).ok(DBA, 'step.complete', { stepId: 'prep' });
  n.ok(LEAD, 'poll.open', { question: 'Switch?', stations: ['role:approver'], gateStepId: 'gate' });
  const pollId = n.state.pollOrder[0]!;
  return n.at(10).ok(CTO, 'poll.answer', { pollId, vote: 'go' }).ok(CTO, 'decision.record', { pollId, decision: 'go', rationale: 'lag 2 s' });
}

const PONR_REFUSAL =
  /“Switch DNS and MySQL writes” is the point of no return and .*It needs the approver’s GO, or an explicit override to cross it without one/;

describe('the point of no return', () => {
  it('cannot be forced before its dependencies, whatever the reason', () => {
    const n = night().ok(LEAD, 'cutover.start');
    expect(n.run(DBA, 'step.start', { stepId: 'switch', force: 'impatient' })).toMatch(PONR_REFUSAL);
    expect(n.run(DBA, 'step.start', { stepId: 'switch', force: 'impatient' })).toMatch(/still waits on “Go\/no-go: switch writes”/);
    expect(n.state.steps.switch!.status).toBe('pending');
  });

  it('cannot be skipped or ticked off without a GO either', () => {
    const n = night().ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'prep' });
    expect(n.run(DBA, 'step.skip', { stepId: 'switch', reason: 'not needed' })).toMatch(PONR_REFUSAL);
    expect(n.run(LEAD, 'step.complete', { stepId: 'switch' })).toMatch(/waiting on “Go\/no-go: switch writes”/);
  });

  it('opens to the GO that passed the gate after its last dependency', () => {
    const n = pastTheGate().at(12);
    // Cleared, it is still crossed only on purpose: the start says so, and it is started, not ticked off.
    expect(n.run(DBA, 'step.start', { stepId: 'switch' })).toBe(
      'Starting “Switch DNS and MySQL writes” crosses the point of no return: the start must say it means to (cross)',
    );
    expect(n.run(DBA, 'step.complete', { stepId: 'switch' })).toBe(
      '“Switch DNS and MySQL writes” is the point of no return: start it first, so the night records when it was crossed',
    );
    expect(n.state.steps.switch!.status).toBe('pending');
    expect(n.run(DBA, 'step.start', { stepId: 'switch', cross: true })).toBeNull();
    expect(n.state.steps.switch!.status).toBe('in_progress');
  });

  it('is closed again by a HOLD recorded after the GO', () => {
    const n = pastTheGate().at(11).ok(CTO, 'decision.record', { decision: 'hold', rationale: 'replica lag rising' });
    expect(n.run(DBA, 'step.start', { stepId: 'switch' })).toMatch(/the last decision was HOLD/);
  });

  it('is closed again while the poll is asked again after the GO, until the approver decides the new round', () => {
    // The lead re-polls because replica lag jumped, and the DBA now says NO-GO: the GO of the
    // round before must not carry the crossing while nobody has decided this one.
    const n = pastTheGate();
    const pollId = n.state.pollOrder[0]!;
    n.at(11).ok(LEAD, 'poll.repoll', { pollId }).ok(CTO, 'poll.answer', { pollId, vote: 'no_go', comment: 'replica lag 40 s' });
    expect(n.run(DBA, 'step.start', { stepId: 'switch', cross: true })).toMatch(/the poll “Switch\?” was asked again after the GO and is not decided/);
    // Lag comes back down: asked once more, answered and decided GO.
    n.at(13).ok(LEAD, 'poll.repoll', { pollId }).ok(CTO, 'poll.answer', { pollId, vote: 'go' });
    n.ok(CTO, 'decision.record', { pollId, decision: 'go', rationale: 'lag back to 2 s' });
    expect(n.run(DBA, 'step.start', { stepId: 'switch', cross: true })).toBeNull();
  });

  it('does not take a GO given before its last dependency was done', () => {
    const runbook: RunbookPlan = {
      phases: [
        {
          id: 'p',
          title: 'P',
          steps: [step('prep', 'Prepare', 0, 5, []), step('switch', 'Switch DNS and MySQL writes', 5, 5, ['prep'], { pointOfNoReturn: true })],
        },
      ],
    };
    const n = night(runbook).ok(LEAD, 'cutover.start').at(1).ok(CTO, 'decision.record', { decision: 'go', rationale: 'early GO' });
    n.at(4).ok(DBA, 'step.complete', { stepId: 'prep' });
    expect(n.run(DBA, 'step.start', { stepId: 'switch' })).toMatch(/no GO was recorded after its dependencies were done/);
    n.at(5).ok(CTO, 'decision.record', { decision: 'go', rationale: 'prepared, GO' });
    expect(n.run(DBA, 'step.start', { stepId: 'switch', cross: true })).toBeNull();
  });

  it('lets the approver cross it without a GO by an override typed out and explained, on the record', () => {
    const n = night().ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'prep' });
    expect(n.run(CTO, 'ponr.override', { stepId: 'switch', confirm: 'yes', reason: 'DNS already moved by the provider' })).toBe(
      'Type CROSS to confirm crossing the point of no return without a GO',
    );
    expect(n.run(CTO, 'ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: ' ' })).toMatch(/reason: A reason is required/);
    expect(n.run(CTO, 'ponr.override', { stepId: 'check', confirm: 'CROSS', reason: 'x' })).toBe('“Check writes land” is not a point of no return');
    n.at(9).ok(CTO, 'ponr.override', { stepId: 'switch', confirm: 'cross', reason: 'DNS already moved by the provider' });
    expect(n.state.overrides).toEqual([expect.objectContaining({ stepId: 'switch', reason: 'DNS already moved by the provider', by: CTO })]);
    // The override clears the rail; the dependencies still need forcing, with a reason.
    expect(n.run(DBA, 'step.start', { stepId: 'switch' })).toMatch(/is waiting on “Go\/no-go: switch writes”/);
    expect(n.run(DBA, 'step.start', { stepId: 'switch', force: 'provider moved DNS', cross: true })).toBeNull();
    const md = draftPostmortem({ state: n.state, events: n.events });
    expect(md).toContain(
      'OVERRIDE at 19:09 by Chris: the point of no return at “Switch DNS and MySQL writes” crossed without a GO: DNS already moved by the provider',
    );
    expect(md).toContain(
      '- 19:09 [decision] Override by Chris: the point of no return at Switch DNS and MySQL writes may be crossed without a GO (DNS already moved by the provider)',
    );
  });

  it('refuses an override where a GO already clears the way, or once it has been crossed', () => {
    const n = pastTheGate();
    expect(n.run(CTO, 'ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'x' })).toBe(
      'A GO already clears “Switch DNS and MySQL writes”: no override is needed',
    );
    n.ok(DBA, 'step.start', { stepId: 'switch', cross: true }).ok(CTO, 'decision.record', { decision: 'hold', rationale: 'x' });
    expect(n.run(CTO, 'ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'x' })).toBe('“Switch DNS and MySQL writes” has already been crossed');
  });

  it('is closed again by a ROLLBACK recorded after an override, as it would be after a GO', () => {
    const n = night().ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'prep' });
    n.at(9).ok(CTO, 'ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'provider moved DNS' });
    n.at(10).ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'replica corrupt' });
    // Shut, and saying why: the night is going back.
    expect(n.run(DBA, 'step.start', { stepId: 'switch', force: 'override on record', cross: true })).toMatch(
      /a ROLLBACK is under way: the night is going back/,
    );
    // A GO after the override leaves it standing: the approver said go again.
    const again = night().ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'prep' });
    again.at(9).ok(CTO, 'ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'provider moved DNS' });
    again.at(10).ok(CTO, 'decision.record', { decision: 'go', rationale: 'still go' });
    expect(again.run(DBA, 'step.start', { stepId: 'switch', force: 'override on record', cross: true })).toBeNull();
  });

  it('is closed again when a step further back is reopened after the GO, and needs a GO given after it is redone', () => {
    const n = pastTheGate().at(11).ok(LEAD, 'step.reopen', { stepId: 'prep', reason: 'a cron job came back' });
    // Only the gate is its own dependency; the cron jobs it stands behind count as much.
    expect(n.run(DBA, 'step.start', { stepId: 'switch', cross: true })).toMatch(/it still waits on “Terminate the cron jobs”/);
    n.at(13).ok(DBA, 'step.complete', { stepId: 'prep' });
    expect(n.run(DBA, 'step.start', { stepId: 'switch', cross: true })).toMatch(/no GO was recorded after its dependencies were done/);
    n.at(14).ok(CTO, 'decision.record', { decision: 'go', rationale: 'cron jobs stopped again' });
    expect(n.run(DBA, 'step.start', { stepId: 'switch', cross: true })).toBeNull();
  });

  it('keeps the time it was crossed when it is resumed after a block, and is not crossed a second time', () => {
    const n = pastTheGate().at(12).ok(DBA, 'step.start', { stepId: 'switch', cross: true });
    n.at(20).ok(DBA, 'step.block', { stepId: 'switch', reason: 'lock wait' }).at(30).ok(SRE, 'step.start', { stepId: 'switch' });
    // The switch happened at 19:12: the header, the rows and the postmortem all read it from startedAt.
    expect(n.state.steps.switch).toMatchObject({ status: 'in_progress', startedAt: n.now - 18 * 60_000, startedBy: 'Dan' });
    expect(projectSchedule(n.state, n.now).pointOfNoReturn).toMatchObject({ stepId: 'switch', at: n.now - 18 * 60_000, passed: true });
    n.at(50).ok(DBA, 'step.complete', { stepId: 'switch' });
    expect(plannedVsActual(n.state).steps.find((s) => s.stepId === 'switch')).toMatchObject({ actualStart: n.now - 38 * 60_000, actualMin: 38 });
    // A step blocked before it ever started takes its first start.
    n.at(51).ok(DBA, 'step.block', { stepId: 'check', reason: 'no access yet' }).at(55).ok(DBA, 'step.start', { stepId: 'check' });
    expect(n.state.steps.check!.startedAt).toBe(n.now);
  });

  it('cannot be reopened once crossed', () => {
    const n = pastTheGate().ok(DBA, 'step.start', { stepId: 'switch', cross: true });
    expect(n.run(LEAD, 'step.reopen', { stepId: 'switch', reason: 'again' })).toBe(
      '“Switch DNS and MySQL writes” is the point of no return and the night has crossed it: it cannot be reopened. Add a step for what must be done again',
    );
    expect(n.state.steps.switch!.status).toBe('in_progress');
  });

  it('lets the lead override only where the cutover was planned so, before the night', () => {
    const n = night().ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'prep' });
    expect(n.run(LEAD, 'ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'x' })).toMatch(
      /^Only an approver may cross the point of no return without a GO/,
    );
    expect(n.run(DBA, 'ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'x' })).toBe(
      'An operator may not cross the point of no return without a GO',
    );
    expect(n.run(LEAD, 'cutover.update', { leadMayCrossPonr: true })).toBe('Who may cross the point of no return is settled before the night starts');
    const planned = night().ok(LEAD, 'cutover.update', { leadMayCrossPonr: true }).ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'prep' });
    expect(planned.run(LEAD, 'ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'the CTO is unreachable; agreed beforehand' })).toBeNull();
  });
});

describe('ending the night', () => {
  it('refuses to complete while steps are open, naming them, until the lead confirms completing early and says why', () => {
    const n = night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'prep' });
    expect(n.run(LEAD, 'cutover.finish', { outcome: 'completed' })).toBe(
      '4 steps are not settled: “Terminate the cron jobs” (in progress), “Go/no-go: switch writes” (pending), “Switch DNS and MySQL writes” (pending), “Check writes land” (pending). Confirm completing early and say why',
    );
    expect(n.run(LEAD, 'cutover.finish', { outcome: 'completed', early: true })).toMatch(/Confirm completing early and say why/);
    n.at(30).ok(LEAD, 'cutover.finish', { outcome: 'completed', early: true, reason: 'the switch moves to next week' });
    expect(n.state).toMatchObject({ status: 'completed', leftUndone: ['prep', 'gate', 'switch', 'check'], statusReason: 'the switch moves to next week' });
    const md = draftPostmortem({ state: n.state, events: n.events });
    expect(md).toContain(
      '- 19:30 [cutover] Cutover completed early, with 4 steps not done (Terminate the cron jobs, Go/no-go: switch writes, Switch DNS and MySQL writes, Check writes land) (the switch moves to next week)',
    );
  });

  it('completes in one go once every step is settled', () => {
    const n = pastTheGate()
      .ok(DBA, 'step.start', { stepId: 'switch', cross: true })
      .ok(DBA, 'step.complete', { stepId: 'switch' })
      .ok(DBA, 'step.complete', { stepId: 'check' });
    expect(n.run(LEAD, 'cutover.finish', { outcome: 'completed' })).toBeNull();
    expect(n.state.leftUndone).toEqual([]);
  });

  it('records what an abort leaves undone', () => {
    const n = night()
      .ok(LEAD, 'cutover.start')
      .ok(DBA, 'step.complete', { stepId: 'prep' })
      .ok(LEAD, 'cutover.finish', { outcome: 'aborted', reason: 'vendor outage' });
    expect(n.state.leftUndone).toEqual(['gate', 'switch', 'check']);
  });

  it('lets the lead reopen an ended night within the grace period, on the record, and not after', () => {
    const n = night().ok(LEAD, 'cutover.start').at(20).ok(LEAD, 'cutover.finish', { outcome: 'aborted', reason: 'slip of the hand' });
    expect(n.run(DBA, 'cutover.reopen', { reason: 'x' })).toBe('An operator may not reopen the night');
    expect(n.run(LEAD, 'cutover.reopen', { reason: '' })).toMatch(/A reason is required/);
    n.at(25).ok(LEAD, 'cutover.reopen', { reason: 'aborted by mistake' });
    expect(n.state).toMatchObject({ status: 'in_progress', endedAt: null, leftUndone: [], statusReason: 'aborted by mistake', startedAt: n.now - 25 * 60_000 });
    expect(n.run(LEAD, 'cutover.reopen', { reason: 'again' })).toBe('The night has not ended');
    n.at(30).ok(LEAD, 'cutover.finish', { outcome: 'aborted', reason: 'really' });
    n.at(30 + REOPEN_GRACE_MS / 60_000 + 1);
    expect(n.run(LEAD, 'cutover.reopen', { reason: 'too late' })).toBe('The night ended more than 30 minutes ago; it is part of the record now');
    expect(draftPostmortem({ state: n.state, events: n.events })).toContain('- 19:25 [cutover] Cutover reopened (aborted by mistake)');
  });
});

describe('who works a step', () => {
  const KINDS: StepKind[] = ['task', 'verification', 'comms', 'checkpoint', 'gate'];
  /** One step of each kind owned by each of: a station, a role, a person, nobody. */
  const OWNERS = { station: 'DBA', comms: 'comms', approver: 'approver', person: 'Cara', nobody: '' } as const;
  const runbook: RunbookPlan = {
    phases: [
      {
        id: 'p',
        title: 'All',
        steps: KINDS.flatMap((kind) => Object.entries(OWNERS).map(([k, owner]) => step(`${kind}-${k}`, `${kind} by ${k}`, 0, 5, [], { kind, owner }))),
      },
    ],
  };
  const WHO: Record<string, Actor> = { lead: LEAD, operator: SRE, approver: CTO, comms: COMMS, observer: OBSERVER };
  /** Who may, by owner: the lead and operators any step; others what they own; observers none. */
  const expected = (role: string, owner: keyof typeof OWNERS): boolean =>
    role === 'lead' || role === 'operator' || (role === 'comms' && (owner === 'comms' || owner === 'person')) || (role === 'approver' && owner === 'approver');

  for (const role of Object.keys(WHO)) {
    for (const kind of KINDS) {
      for (const owner of Object.keys(OWNERS) as (keyof typeof OWNERS)[]) {
        it(`${expected(role, owner) ? 'lets' : 'stops'} ${role} working a ${kind} step owned by ${owner}`, () => {
          const n = night(runbook).ok(LEAD, 'cutover.start');
          const actor = WHO[role]!;
          const stepId = `${kind}-${owner}`;
          const start = n.run(actor, 'step.start', { stepId });
          if (!expected(role, owner)) {
            expect(start).toMatch(role === 'observer' ? /^An observer may not start a step$/ : /may work only the steps they own/);
            expect(n.run(actor, 'step.skip', { stepId, reason: 'x' })).not.toBeNull();
            return;
          }
          expect(start).toBeNull();
          // A gate is passed by the approver's GO alone; any other step its worker completes.
          const done = n.run(actor, 'step.complete', { stepId });
          if (kind === 'gate') expect(done).toMatch(/is a gate: it completes when the approver records GO/);
          else expect(done).toBeNull();
          if (kind !== 'gate') expect(n.state.steps[stepId]!.endedBy).toBe(actor.name);
        });
      }
    }
  }

  it('follows a station the lead gives a member who joined on a role link', () => {
    const n = night(runbook).ok(LEAD, 'cutover.start');
    expect(n.run(CTO, 'step.start', { stepId: 'task-station' })).toMatch(/may work only the steps they own; “task by station” is owned by DBA/);
    expect(n.run(DBA, 'member.setStation', { memberId: CTO.id, station: 'DBA' })).toBe('An operator may not give people stations');
    n.ok(LEAD, 'member.setStation', { memberId: CTO.id, station: 'DBA' });
    expect(n.state.members[CTO.id]!.station).toBe('DBA');
    expect(n.run(CTO, 'step.start', { stepId: 'task-station' })).toBeNull();
  });
});
