import { describe, expect, it } from 'vitest';
import type { Actor, Member, RunbookPlan } from '@shared/cutover';
import { decisionPanelView } from '../../../renderer/features/polls/decisionPanelView';
import { defaultStations, pollView } from '../../../renderer/features/polls/pollView';
import { CTO, DBA, LEAD, Night, SRE } from '../../support/domain';
import { step, WINDOW_START } from '../../support/hubHarness';

const GATED: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [step('gate', 'Go/no-go to switch', 0, 5, [], { kind: 'gate' }), step('switch', 'Point DNS at AWS', 5, 20, ['gate'], { pointOfNoReturn: true })],
    },
  ],
};
const member = (a: Actor, station = ''): Member => ({ id: a.id, name: a.name, role: a.role === 'system' ? 'observer' : a.role, station, inviteId: '' });
const minute = (m: number) => WINDOW_START + m * 60_000;

function night() {
  const n = new Night(GATED)
    .ok(LEAD, 'cutover.start')
    .ok(LEAD, 'poll.open', { question: 'Switch?', stations: ['station:DBA', 'role:approver'], gateStepId: 'gate', conditions: ['lag under 5 s'] });
  return { n, pollId: n.state.pollOrder[0]! };
}

describe('opening a poll', () => {
  it('starts with everyone on shift in the polled roles ticked, by station where they have one', () => {
    const n = new Night(GATED);
    expect(defaultStations(n.state)).toEqual(['station:DBA', 'station:SRE', 'role:approver']);
    n.ok(SRE, 'member.shift', { onShift: false, handover: 'Dan covers' });
    expect(defaultStations(n.state)).toEqual(['station:DBA', 'role:approver']);
  });
});

describe('the approver’s decision panel', () => {
  it('is shown to the approver while a poll waits on them, and to nobody else', () => {
    const { n } = night();
    expect(decisionPanelView(n.state, member(LEAD), minute(1))).toBeNull();
    expect(decisionPanelView(n.state, member(DBA, 'DBA'), minute(1))).toBeNull();
    expect(decisionPanelView(n.state, member(CTO), minute(1))).not.toBeNull();
  });

  it('says the question, the counts, the gate and what it opens, and the time to the point of no return', () => {
    const { n, pollId } = night();
    n.at(1).ok(DBA, 'poll.answer', { pollId, vote: 'no_go', comment: 'lag 40 s' });
    // At 19:02 the gate (5 min) is projected to end at 19:07: the switch, with no way back, starts then.
    const v = decisionPanelView(n.state, member(CTO), minute(2))!;
    expect(v.board.poll.question).toBe('Switch?');
    expect(v.board.summary).toBe('0 GO · 1 NO-GO · 1 waiting');
    expect(v.board.rows.map((r) => [r.who, r.vote, r.reason, r.labels])).toEqual([
      ['Dan', 'no_go', 'lag 40 s', ['DBA']],
      ['Chris', null, '', ['approver']],
    ]);
    expect(v.gate).toEqual({ title: 'Go/no-go to switch', opens: ['Point DNS at AWS'], waits: [] });
    expect(v.ponr).toEqual({ text: 'Point of no return in 5m · “Point DNS at AWS” at 19:07', tone: 'danger' });
    expect(v.board.mine).toEqual(['role:approver']);
  });

  it('says what the gate still waits on before the approver decides, as the hub will refuse a GO until it is done', () => {
    const plan: RunbookPlan = {
      phases: [
        {
          id: 'p',
          title: 'Switch',
          steps: [step('prep', 'Stop the cron jobs', 0, 10, []), step('gate', 'Go/no-go to switch', 10, 5, ['prep'], { kind: 'gate' })],
        },
      ],
    };
    const n = new Night(plan).ok(LEAD, 'cutover.start').ok(LEAD, 'poll.open', { question: 'Switch?', stations: ['role:approver'], gateStepId: 'gate' });
    expect(decisionPanelView(n.state, member(CTO), minute(1))!.gate).toEqual({ title: 'Go/no-go to switch', opens: [], waits: ['Stop the cron jobs'] });
    n.ok(DBA, 'step.complete', { stepId: 'prep' });
    expect(decisionPanelView(n.state, member(CTO), minute(2))!.gate!.waits).toEqual([]);
  });

  it('stays while the complete round waits for a decision, and goes once the approver decides', () => {
    const { n, pollId } = night();
    n.ok(DBA, 'poll.answer', { pollId, vote: 'go' }).ok(CTO, 'poll.answer', { pollId, vote: 'go' });
    expect(decisionPanelView(n.state, member(CTO), minute(1))?.status).toMatch(/^Closed · every station answered · round 1 since/);
    n.ok(CTO, 'decision.record', { pollId, decision: 'hold', rationale: 'wait' });
    expect(decisionPanelView(n.state, member(CTO), minute(1))).toBeNull();
  });
});

describe('a poll’s board', () => {
  it('offers the lead a re-poll after a HOLD, and none after a GO', () => {
    const { n, pollId } = night();
    n.ok(CTO, 'decision.record', { pollId, decision: 'hold', rationale: 'wait' });
    expect(pollView(n.state, n.state.polls[pollId]!, member(LEAD)).mayRepoll).toBe(true);
    n.ok(LEAD, 'poll.repoll', { pollId }).ok(CTO, 'decision.record', { pollId, decision: 'go', rationale: 'now' });
    expect(pollView(n.state, n.state.polls[pollId]!, member(LEAD)).mayRepoll).toBe(false);
  });

  it('tells me, in a poll answered by station, whose answer mine would replace', () => {
    const n = new Night(GATED).ok(LEAD, 'cutover.start').ok(LEAD, 'poll.open', { question: 'Switch?', stations: ['role:operator'], answerBy: 'station' });
    const pollId = n.state.pollOrder[0]!;
    n.ok(DBA, 'poll.answer', { pollId, vote: 'no_go', comment: 'lag' });
    expect(pollView(n.state, n.state.polls[pollId]!, member(SRE, 'SRE')).replacing).toEqual([
      { station: 'role:operator', by: DBA, vote: 'no_go', comment: 'lag' },
    ]);
    expect(pollView(n.state, n.state.polls[pollId]!, member(DBA, 'DBA')).replacing).toEqual([]);
  });
});
