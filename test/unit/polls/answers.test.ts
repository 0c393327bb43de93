import { describe, expect, it } from 'vitest';
import { EVENT_VERSION, foldEvents, type Actor, type CutoverEvent } from '@shared/cutover';
import { currentRound, pollTally, roundDecisions, tallyLine } from '@shared/polls';
import { CTO, DBA, LEAD, Night, SRE } from '../../support/domain';
import { WINDOW_START } from '../../support/hubHarness';

/** A second DBA who came in on Dan's link under her own name. */
const DANA: Actor = { id: 'm-dana', name: 'Dana', role: 'operator' };
const stations = ['station:DBA', 'station:SRE', 'role:approver'];

function night(): Night {
  const n = new Night().observed([{ type: 'member.joined', payload: { member: { ...DANA, role: 'operator', station: 'DBA', inviteId: '' } } }]);
  return n.ok(LEAD, 'cutover.start');
}
const pollOf = (n: Night) => n.state.polls[n.state.pollOrder[n.state.pollOrder.length - 1]!]!;
const tally = (n: Night) => pollTally(n.state, pollOf(n));
const minute = (m: number) => WINDOW_START + m * 60_000;
const board = (n: Night) => tally(n).rows.map((r) => `${r.who ?? '-'}: ${r.vote ?? 'waiting'}${r.reason ? ` (${r.reason})` : ''}`);

describe('a poll answered by person (the default)', () => {
  it('gives two members of one station a vote each, and a GO from the second leaves the first one’s NO-GO on the board', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch?', stations });
    const pollId = pollOf(n).id;
    n.ok(DANA, 'poll.answer', { pollId, vote: 'no_go', comment: 'replication lag 40 s' }).ok(DBA, 'poll.answer', { pollId, vote: 'go' });
    expect(board(n)).toEqual(['Dana: no_go (replication lag 40 s)', 'Dan: go', 'Sam: waiting', 'Chris: waiting']);
    expect(tallyLine(tally(n))).toBe('1 GO · 1 NO-GO · 2 waiting');
    expect(tally(n).waitingStations).toEqual(['station:SRE', 'role:approver']);
    // Closed, nobody waits any more: those who did not answer are counted as such.
    n.ok(LEAD, 'poll.close', { pollId });
    expect(tallyLine(tally(n))).toBe('1 GO · 1 NO-GO · 2 no answer');
  });

  it('counts a station as answered only once every member on shift in it has answered', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch?', stations: ['station:DBA'] });
    const pollId = pollOf(n).id;
    n.ok(DBA, 'poll.answer', { pollId, vote: 'go' });
    expect(tally(n).waitingStations).toEqual(['station:DBA']);
    expect(currentRound(pollOf(n)).closedAt).toBeNull();
    n.ok(DANA, 'poll.answer', { pollId, vote: 'go' });
    expect(currentRound(pollOf(n)).closeReason).toBe('complete');
  });

  it('does not wait for someone who handed over and went off shift', () => {
    const n = night()
      .ok(DANA, 'member.shift', { onShift: false, handover: 'Dan has it' })
      .ok(LEAD, 'poll.open', { question: 'Switch?', stations: ['station:DBA'] });
    n.ok(DBA, 'poll.answer', { pollId: pollOf(n).id, vote: 'go' });
    expect(currentRound(pollOf(n)).closeReason).toBe('complete');
  });

  it('keeps a station with nobody on shift waiting, as a row of its own', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch?', stations: ['station:Network', 'role:approver'] });
    expect(board(n)).toEqual(['-: waiting', 'Chris: waiting']);
    n.ok(CTO, 'poll.answer', { pollId: pollOf(n).id, vote: 'go' });
    expect(currentRound(pollOf(n)).closedAt).toBeNull();
  });

  it('lets each person change their own answer, and keeps the change in the history', () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch?', stations });
    const pollId = pollOf(n).id;
    n.ok(DANA, 'poll.answer', { pollId, vote: 'no_go', comment: 'lag' }).ok(DANA, 'poll.answer', { pollId, vote: 'go', comment: 'lag gone' });
    expect(board(n)[0]).toBe('Dana: go (lag gone)');
    expect(currentRound(pollOf(n)).history.map((a) => `${a.by.name}:${a.vote}`)).toEqual(['Dana:no_go', 'Dana:go']);
  });
});

describe('a poll answered by station', () => {
  const open = () => {
    const n = night().ok(LEAD, 'poll.open', { question: 'Switch?', stations, answerBy: 'station' });
    return { n, pollId: pollOf(n).id };
  };

  it('takes one answer per station from any one of its members', () => {
    const { n, pollId } = open();
    n.ok(DANA, 'poll.answer', { pollId, vote: 'go' }).ok(SRE, 'poll.answer', { pollId, vote: 'go' });
    expect(tallyLine(tally(n))).toBe('2 GO · 0 NO-GO · 1 waiting');
  });

  it('refuses to replace another member’s answer silently, saying whose answer it is', () => {
    const { n, pollId } = open();
    n.ok(DANA, 'poll.answer', { pollId, vote: 'no_go', comment: 'replication lag 40 s' });
    expect(n.run(DBA, 'poll.answer', { pollId, vote: 'go' })).toBe('Dana already answered for DBA (NO-GO: replication lag 40 s); confirm to replace it');
    expect(board(n)[0]).toBe('Dana: no_go (replication lag 40 s)');
  });

  it('accepts a confirmed replacement, and records who replaced whom', () => {
    const { n, pollId } = open();
    n.ok(DANA, 'poll.answer', { pollId, vote: 'no_go', comment: 'lag' });
    expect(n.run(DBA, 'poll.answer', { pollId, vote: 'go', replace: true })).toBe(
      'Dana answered NO-GO (lag): a GO in its place needs a note saying what changed',
    );
    n.ok(DBA, 'poll.answer', { pollId, vote: 'go', comment: 'lag gone', replace: true });
    expect(tally(n).rows[0]).toMatchObject({ who: 'Dan', vote: 'go', replaced: [{ station: 'station:DBA', by: DANA, vote: 'no_go', comment: 'lag' }] });
    expect(n.events.at(-1)).toMatchObject({ type: 'poll.answered', payload: { replaces: [{ station: 'station:DBA', by: DANA }] } });
  });

  it('lets a member change their own answer without confirming', () => {
    const { n, pollId } = open();
    n.ok(DANA, 'poll.answer', { pollId, vote: 'go' }).ok(DANA, 'poll.answer', { pollId, vote: 'no_go', comment: 'lag' });
    expect(tally(n).rows[0]).toMatchObject({ who: 'Dana', vote: 'no_go', replaced: [] });
    n.ok(DANA, 'poll.answer', { pollId, vote: 'go', comment: 'lag gone' });
    expect(tally(n).rows[0]).toMatchObject({ who: 'Dana', vote: 'go', replaced: [] });
  });

  it('is what a poll recorded before answering by person existed means', () => {
    const n = night();
    const { seq } = n.state;
    const envelope = (i: number) => ({ v: EVENT_VERSION, seq: seq + i, ts: n.now }) as const;
    const old: CutoverEvent[] = [
      { ...envelope(1), actor: LEAD, type: 'poll.opened', payload: { pollId: 'p-old', question: 'Old?', stations: ['station:DBA'], conditions: [] } },
      { ...envelope(2), actor: DANA, type: 'poll.answered', payload: { pollId: 'p-old', round: 1, stations: ['station:DBA'], vote: 'no_go', comment: 'lag' } },
      { ...envelope(3), actor: DBA, type: 'poll.answered', payload: { pollId: 'p-old', round: 1, stations: ['station:DBA'], vote: 'go', comment: '' } },
    ];
    const poll = foldEvents(old, n.state).polls['p-old']!;
    expect(poll.answerBy).toBe('station');
    expect(Object.keys(currentRound(poll).answers)).toEqual(['station:DBA']);
    expect(currentRound(poll).answers['station:DBA']!.by).toEqual(DBA);
  });
});

describe('polling again after a HOLD', () => {
  it('keeps the stations, the way of answering and the conditions, numbers the round, and gives it as long as the first had', () => {
    const n = night()
      .at(10)
      .ok(LEAD, 'poll.open', { question: 'Switch?', stations, conditions: ['lag under 5 s'], deadline: minute(10) + 5 * 60_000 });
    const pollId = pollOf(n).id;
    n.ok(DANA, 'poll.answer', { pollId, vote: 'no_go', comment: 'lag' }).ok(DBA, 'poll.check', { pollId, index: 0, met: false });
    n.at(12).ok(CTO, 'decision.record', { pollId, decision: 'hold', rationale: 'wait for the lag' }).ok(LEAD, 'poll.repoll', { pollId });
    const poll = pollOf(n);
    expect(poll.rounds.map((r) => [r.round, r.openedAt, r.closeReason])).toEqual([
      [1, minute(10), 'decided'],
      [2, minute(12), null],
    ]);
    expect(poll).toMatchObject({ stations, answerBy: 'person', conditions: [{ text: 'lag under 5 s', met: false }], deadline: minute(12) + 5 * 60_000 });
    // The HOLD and the re-poll share a millisecond: the HOLD still belongs to round 1 only.
    expect(roundDecisions(n.state, poll, poll.rounds[0]).map((d) => d.decision)).toEqual(['hold']);
    expect(tally(n)).toMatchObject({ round: 2, decision: null, go: 0, noGo: 0, waiting: 4 });
  });
});
