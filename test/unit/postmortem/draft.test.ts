import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { draftPostmortem, draftTimeline } from '@shared/postmortem';
import { CTO, DBA, LEAD, Night, SRE } from '../../support/domain';
import { step } from '../../support/hubHarness';

const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('a', 'Stop event processing', 0, 10, [], { outageStart: 'event processing' }),
        step('g', 'Go/no-go', 10, 5, ['a'], { kind: 'gate' }),
        step('b', 'Switch database', 15, 10, ['g']),
        step('c', 'Restart event processing', 25, 5, ['b'], { outageEnd: 'event processing' }),
      ],
    },
  ],
};

function smallNight(): Night {
  const n = new Night(RUNBOOK);
  n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'a' });
  n.at(10).ok(SRE, 'step.complete', { stepId: 'a' });
  n.ok(LEAD, 'poll.open', { question: 'Switch to the new database?', stations: ['station:DBA', 'role:approver'], gateStepId: 'g' });
  const pollId = n.state.pollOrder[0]!;
  n.at(11).ok(DBA, 'poll.answer', { pollId, vote: 'no_go', comment: 'replication lag 40 s' });
  n.at(12).ok(LEAD, 'poll.repoll', { pollId });
  n.at(13).ok(DBA, 'poll.answer', { pollId, vote: 'go' });
  n.at(14).ok(CTO, 'poll.answer', { pollId, vote: 'go', comment: 'fine by me' });
  n.at(15).ok(CTO, 'decision.record', { pollId, decision: 'go', rationale: 'Lag back to 2 s' }).ok(DBA, 'step.start', { stepId: 'b' });
  n.at(20).ok(DBA, 'note.add', { text: 'Updating table sequences is taking longer than anticipated', severity: 'issue' });
  n.at(40).ok(DBA, 'step.complete', { stepId: 'b' }).ok(SRE, 'step.start', { stepId: 'c' });
  n.at(45).ok(SRE, 'step.complete', { stepId: 'c' });
  n.at(50).ok(LEAD, 'note.add', { text: 'Review queue drain capacity on live', severity: 'action' });
  n.at(130).ok(LEAD, 'cutover.finish', { outcome: 'completed' });
  return n;
}

const draftOf = (n: Night, opts?: Parameters<typeof draftPostmortem>[1]) => draftPostmortem({ state: n.state, events: n.events }, opts);
/** The lines of one "## " section, without its heading. */
const section = (md: string, heading: string): string => {
  const start = md.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const rest = md.slice(start + heading.length + 5);
  const end = rest.indexOf('\n## ');
  return (end < 0 ? rest : rest.slice(0, end)).trim();
};

describe('draftPostmortem', () => {
  it('writes the sections in order: summary, timeline, what went to plan and what did not, queues and lag, decisions, communications, action items', () => {
    const md = draftOf(smallNight());
    expect(md.split('\n').filter((l) => l.startsWith('#') && !l.startsWith('###'))).toEqual([
      '# Postmortem: Night',
      '## Summary of work',
      '## Timeline',
      '## What went to plan',
      '## What did not',
      '## Queues and lag',
      '## Decisions',
      '## Communications',
      '## Action items',
    ]);
    expect(md.endsWith('\n')).toBe(true);
  });

  it('sums up the window, T0, the outcome, the steps and how far past the window the night ran', () => {
    expect(section(draftOf(smallNight()), 'Summary of work')).toBe(
      [
        '- Window: 19:00–21:00 on 29 April 2026 (Europe/London)',
        '- T0: 19:00',
        '- Outcome: completed at 21:10',
        '- Steps: 4 done, 0 skipped, 0 failed (of 4)',
        '- Planned end: 19:30; actual end: 21:10, 100 min later than planned',
        '- Ended 10 min past the window (which closed at 21:00)',
      ].join('\n'),
    );
  });

  it('writes the timeline as HH:MM - text lines in the cutover’s time zone, notes as they were written', () => {
    expect(section(draftOf(smallNight()), 'Timeline')).toBe(
      [
        '29 April',
        '',
        '19:00 - Scheduled maintenance window starts',
        '19:00 - Cutover started (T0)',
        '19:00 - Started: Stop event processing',
        '19:10 - Done: Stop event processing',
        '19:10 - Go/no-go poll opened: Switch to the new database?',
        '19:15 - Decision: GO by Chris on “Switch to the new database?”: Lag back to 2 s',
        '19:15 - Done: Go/no-go (GO: Lag back to 2 s)',
        '19:15 - Started: Switch database',
        '19:20 - Updating table sequences is taking longer than anticipated',
        '19:40 - Done: Switch database',
        '19:40 - Started: Restart event processing',
        '19:45 - Done: Restart event processing',
        '19:50 - Review queue drain capacity on live',
        '21:00 - Scheduled maintenance window ends',
        '21:10 - Cutover completed',
      ].join('\n'),
    );
  });

  it('leaves member joins, invites and poll answers out of the timeline', () => {
    const n = smallNight();
    const texts = draftTimeline({ state: n.state, events: n.events }).map((l) => l.text);
    // The night holds five joins and three answers (a NO-GO and a GO with comments).
    expect(n.events.filter((e) => e.type === 'member.joined' || e.type === 'poll.answered')).toHaveLength(8);
    expect(texts.filter((t) => /joined|invite|replication lag 40 s|fine by me/i.test(t))).toEqual([]);
  });

  it('puts the date on a line of its own whenever it changes', () => {
    const n = smallNight();
    const late = new Night(RUNBOOK);
    late.at(0).ok(LEAD, 'cutover.start');
    late.at(5 * 60 + 30).ok(SRE, 'note.add', { text: 'Queues are still high', severity: 'issue' });
    late.at(12 * 60).ok(LEAD, 'cutover.finish', { outcome: 'aborted', reason: 'Out of time' });
    expect(section(draftOf(late), 'Timeline').split('\n')).toEqual([
      '29 April',
      '',
      '19:00 - Scheduled maintenance window starts',
      '19:00 - Cutover started (T0)',
      '21:00 - Scheduled maintenance window ends',
      '',
      '30 April',
      '',
      '00:30 - Queues are still high',
      '07:00 - Cutover aborted (Out of time)',
    ]);
    expect(section(draftOf(n), 'Timeline')).not.toContain('30 April');
  });

  it('lists what went to plan and what did not: overruns, issues and the outage planned against actual', () => {
    const md = draftOf(smallNight());
    expect(section(md, 'What went to plan')).toBe(
      ['- The cutover was completed.', '- 3 of 4 steps done took no more than 5 min longer than planned.'].join('\n'),
    );
    expect(section(md, 'What did not')).toBe(
      [
        '- Switch database (DBA) took 25 min against 10 planned (15 min over).',
        '- Issue noted at 19:20 by Dan: Updating table sequences is taking longer than anticipated',
        '- Event processing was stopped for 45 min against 30 planned (15 min over).',
        '- The night ran 10 min past the end of the maintenance window.',
      ].join('\n'),
    );
  });

  it('counts an overrun only past the threshold, which can be changed', () => {
    const lenient = section(draftOf(smallNight(), { overrunThresholdMin: 20 }), 'What did not');
    expect(lenient).not.toContain('Switch database');
    expect(lenient).not.toContain('Event processing was stopped');
    expect(section(draftOf(smallNight(), { overrunThresholdMin: 20 }), 'What went to plan')).toContain(
      'Event processing was stopped for 45 min against 30 planned.',
    );
  });

  it('gives failed and skipped steps with their reasons', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'a' });
    n.at(3).ok(SRE, 'step.fail', { stepId: 'a', reason: 'The consumers would not stop' });
    n.at(4).ok(LEAD, 'cutover.finish', { outcome: 'aborted', reason: 'Nothing had changed; try again next week' });
    const md = draftOf(n);
    expect(section(md, 'What did not').split('\n')).toEqual([
      '- Failed: Stop event processing (DBA): The consumers would not stop.',
      '- Not finished when the night ended: Go/no-go (pending), Switch database (pending), Restart event processing (pending).',
      '- Event processing was stopped at 19:00; the record does not show it restarted (30 min planned).',
      '- The cutover was aborted: Nothing had changed; try again next week.',
    ]);
    expect(section(md, 'Summary of work')).toContain('- Outcome: aborted at 19:04 (Nothing had changed; try again next week)');
    expect(section(md, 'Timeline')).toContain('19:03 - Failed: Stop event processing (The consumers would not stop)');
  });

  it('records each poll with its rounds, every station’s final vote and comment, and the decision with who and why', () => {
    expect(section(draftOf(smallNight()), 'Decisions')).toBe(
      [
        '### Switch to the new database?',
        '',
        'Opened at 19:10 by Lena for the gate “Go/no-go”; 2 rounds.',
        '',
        '- Round 1 (opened at 19:10, closed at 19:12, asked again): DBA: NO-GO (Dan: replication lag 40 s); approver: no answer',
        '- Round 2 (opened at 19:12, closed at 19:14, everyone answered): DBA: GO (Dan); approver: GO (Chris: fine by me)',
        '- Decision: GO at 19:15 by Chris: Lag back to 2 s',
      ].join('\n'),
    );
  });

  it('lists decisions taken without a poll and notes marked as decisions', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start');
    n.at(5).ok(CTO, 'decision.record', { decision: 'hold', rationale: 'Wait for the backup to finish' });
    n.at(6).ok(LEAD, 'note.add', { text: 'We keep the old database read-only until Monday', severity: 'decision' });
    expect(section(draftOf(n), 'Decisions')).toBe(
      [
        '### Decisions without a poll',
        '',
        '- HOLD at 19:05 by Chris: Wait for the backup to finish',
        '- Noted at 19:06 by Lena: We keep the old database read-only until Monday',
      ].join('\n'),
    );
  });

  it('says so when nothing was decided, said to customers or left to do', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start');
    const md = draftOf(n);
    expect(section(md, 'Decisions')).toBe('No go/no-go polls or decisions were recorded.');
    expect(section(md, 'Queues and lag')).toBe('No lag was recorded.');
    expect(section(md, 'Communications')).toBe('No messages were recorded.');
    expect(section(md, 'Action items')).toBe('No action items were recorded.');
    expect(section(md, 'Summary of work').split('\n').slice(2)).toEqual([
      '- Outcome: still in progress at the last record',
      '- Steps: 0 done, 0 skipped, 0 failed, 4 not finished (of 4)',
      '- Planned end: 19:30; projected end at the last record (19:00): 19:30, as planned',
      '- Projected to end within the window (which closed at 21:00)',
    ]);
  });

  it('writes action items as open checkboxes with who raised them', () => {
    expect(section(draftOf(smallNight()), 'Action items')).toBe('- [ ] Review queue drain capacity on live (Lena)');
  });

  it('keeps a note written over several lines on one timeline line', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start');
    n.at(1).ok(LEAD, 'note.add', { text: 'First line\nsecond line', severity: 'info' });
    expect(section(draftOf(n), 'Timeline')).toContain('19:01 - First line second line');
  });

  it('is deterministic: the same record gives the same text', () => {
    const n = smallNight();
    expect(draftOf(n)).toBe(draftOf(n));
    expect(draftOf(n)).toBe(draftOf(smallNight()));
  });
});
