import { describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { draftPostmortem, draftTimeline, placeholdersLeft } from '@shared/postmortem';
import { CTO, DBA, LEAD, Night, SRE } from '../../support/domain';
import { step } from '../../support/hubHarness';
import { PUBLISHED_SECTIONS } from '../../support/markdownSections';
import { section } from './support';

const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('a', 'Stop event processing', 0, 10, [], { outageStart: 'event processing', outagePlannedMin: 30 }),
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

describe('draftPostmortem', () => {
  it('writes the sections of a published postmortem in order, the supporting figures last', () => {
    const md = draftOf(smallNight());
    expect(md.split('\n').filter((l) => /^#{1,3} /.test(l) && !/^### \d/.test(l))).toEqual([
      '# Postmortem: Night',
      ...PUBLISHED_SECTIONS,
      '### Planned against actual',
      '### Queues and lag',
      '### Decisions',
      '### Communications',
      '### Crew',
    ]);
    expect(md.endsWith('\n')).toBe(true);
  });

  it('leaves what only people know as marked placeholders with a prompt, never invented text', () => {
    const md = draftOf(smallNight());
    expect(section(md, 'Root cause and trigger')).toBe('**To fill in:** what caused it, and what set it off that night?');
    expect(section(md, 'Contributing factors')).toMatch(/^\*\*To fill in:\*\* what made it worse/);
    expect(section(md, 'Where we got lucky')).toMatch(/^\*\*To fill in:\*\* what could have gone worse/);
    expect(section(md, 'Impact').split('\n')[0]).toBe('- Who: **To fill in:** who was affected (customers, sites, teams) and how they noticed.');
    expect(placeholdersLeft(md)).toBe(4);
  });

  it('fills impact, detection and resolution from the record', () => {
    const md = draftOf(smallNight());
    expect(section(md, 'Impact').split('\n').slice(1)).toEqual([
      '- How long: Event processing was stopped for 45 min against 30 min planned (15 min over), 19:00–19:45.',
      '- The night ran 10 min past the maintenance window the customers were told about.',
    ]);
    expect(section(md, 'Detection').split('\n')).toEqual([
      '- First issue noted at 19:20 by Dan: Updating table sequences is taking longer than anticipated.',
      '- First step to overrun: Switch database, due to end at 19:25.',
    ]);
    expect(section(md, 'Resolution').split('\n')).toEqual([
      '- Event processing restarted at 19:45 (“Restart event processing”).',
      '- The cutover was completed at 21:10.',
    ]);
  });

  it('sums up the customer impact first, then the outcome, the window, T0, the steps and how far past the window the night ran', () => {
    expect(section(draftOf(smallNight()), 'Summary')).toBe(
      [
        '- Customer impact: event processing was stopped for 45 min against 30 min planned (15 min over), 19:00–19:45.',
        '- Outcome: completed at 21:10',
        '- Window: 19:00–21:00 on 29 April 2026 (Europe/London)',
        '- T0: 19:00',
        '- Steps: 4 of 4 done',
        '- Planned end: 19:30; actual end: 21:10, 1 h 40 min later than planned',
        '- Ended 10 min past the window (which closed at 21:00)',
      ].join('\n'),
    );
  });

  it('counts a step that failed once and was then done: never "0 failed" about a failure that happened', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'a' });
    n.at(3).ok(SRE, 'step.fail', { stepId: 'a', reason: 'The consumers would not stop.' });
    n.at(4).ok(LEAD, 'step.reopen', { stepId: 'a', reason: 'Try again with a longer timeout' }).ok(SRE, 'step.start', { stepId: 'a' });
    n.at(10).ok(SRE, 'step.complete', { stepId: 'a' });
    const md = draftOf(n);
    expect(section(md, 'Summary')).toContain('- Steps: 1 of 4 done, 3 not finished; 1 step failed once, then done');
    // The reason's own full stop is the sentence's: never "stop..".
    expect(section(md, 'Detection')).toContain('- First step failed at 19:03: Stop event processing: The consumers would not stop.');
    expect(md).not.toMatch(/[^.]\.\.(\s|$)/);
  });

  // Only steps that ended up done were counted as failed once: a failure then skipped read "0 failed".
  it('counts a step that failed and was then skipped as a failure', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'a' });
    n.at(3).ok(SRE, 'step.fail', { stepId: 'a', reason: 'The consumers would not stop.' });
    n.at(4).ok(LEAD, 'step.reopen', { stepId: 'a', reason: 'Not needed after all' });
    n.at(5).ok(SRE, 'step.skip', { stepId: 'a', reason: 'The migration tool stopped them' });
    expect(section(draftOf(n), 'Summary')).toContain('- Steps: 0 of 4 done, 1 skipped, 3 not finished; 1 step failed once, then skipped');
  });

  it('says an outage with no planned length has none, with its verb: "Service was degraded for 1 h 35 min"', () => {
    const degraded: RunbookPlan = {
      phases: [
        {
          id: 'p1',
          title: 'Switch',
          steps: [
            step('dns', 'Switch DNS', 0, 10, [], { outageStart: 'service degradation' }),
            step('warm', 'Caches warm', 10, 20, ['dns'], { outageEnd: 'service degradation' }),
          ],
        },
      ],
    };
    const n = new Night(degraded);
    n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'dns' });
    n.at(15).ok(SRE, 'step.complete', { stepId: 'dns' }).ok(SRE, 'step.start', { stepId: 'warm' });
    n.at(95).ok(SRE, 'step.complete', { stepId: 'warm' });
    const md = draftOf(n);
    expect(section(md, 'Summary').split('\n')[0]).toBe('- Customer impact: service was degraded for 1 h 35 min, 19:00–20:35, with no planned length.');
    expect(section(md, 'What went wrong')).toContain('- Service was degraded for 1 h 35 min, 19:00–20:35, with no planned length.');
    expect(md).not.toMatch(/degrad[^\n]*against/);
    expect(md).not.toContain('stopped');
  });

  it('measures an outage the rollback ended: the way back restarted what the night had stopped', () => {
    const plan: RunbookPlan = {
      phases: [
        {
          id: 'p1',
          title: 'Switch',
          steps: [
            step('a', 'Stop event processing', 0, 10, [], {
              outageStart: 'event processing',
              outagePlannedMin: 30,
              rollbackNote: 'Restart the consumers on the old database',
            }),
            step('b', 'Switch database', 10, 15, ['a'], { rollbackNote: 'Point the services back at the old database' }),
            step('c', 'Restart event processing', 25, 5, ['b'], { outageEnd: 'event processing' }),
          ],
        },
      ],
    };
    const n = new Night(plan);
    n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'a' });
    n.at(10).ok(SRE, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.start', { stepId: 'b' });
    n.at(20).ok(DBA, 'step.fail', { stepId: 'b', reason: 'The new database refused connections' });
    n.at(22).ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'Cannot connect; go back' });
    const back = n.state.phases.find((p) => p.id === 'rollback')!.stepIds;
    for (const [i, id] of back.entries()) {
      n.at(25 + i * 5).ok(SRE, 'step.start', { stepId: id });
      n.at(28 + i * 5).ok(SRE, 'step.complete', { stepId: id });
    }
    n.at(40).ok(LEAD, 'cutover.finish', { outcome: 'rolled_back', reason: 'Back on the old database' });
    const md = draftOf(n);
    const undo = n.state.steps[back[back.length - 1]!]!;
    expect(undo.title).toBe('Restart the consumers on the old database');
    expect(section(md, 'Summary').split('\n')[0]).toBe(
      `- Customer impact: event processing was stopped for 33 min against 30 min planned (3 min over), 19:00–19:33, ended by the rollback (“Restart the consumers on the old database”).`,
    );
    expect(section(md, 'Resolution')).toContain('- Event processing restarted by the rollback at 19:33 (“Restart the consumers on the old database”).');
    expect(md).not.toContain('not measured');
    expect(md).not.toContain('does not show it restarted');
  });

  it('writes the timeline as a list, each line with its time in the cutover’s time zone and its kind, notes as they were written', () => {
    expect(section(draftOf(smallNight()), 'Timeline')).toBe(
      [
        '### 29 April',
        '',
        '- 19:00 [window] Scheduled maintenance window starts',
        '- 19:00 [cutover] Cutover started (T0)',
        '- 19:00 [step] Started: Stop event processing',
        '- 19:10 [step] Done: Stop event processing',
        '- 19:10 [decision] Go/no-go poll opened: Switch to the new database?',
        '- 19:15 [decision] Decision: GO by Chris on “Switch to the new database?”: Lag back to 2 s',
        '- 19:15 [step] Done: Go/no-go (GO: Lag back to 2 s)',
        '- 19:15 [step] Started: Switch database',
        '- 19:20 [issue] Updating table sequences is taking longer than anticipated',
        '- 19:40 [step] Done: Switch database',
        '- 19:40 [step] Started: Restart event processing',
        '- 19:45 [step] Done: Restart event processing',
        '- 19:50 [action] Review queue drain capacity on live',
        '- 21:00 [window] Scheduled maintenance window ends',
        '- 21:10 [cutover] Cutover completed',
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
      '### 29 April',
      '',
      '- 19:00 [window] Scheduled maintenance window starts',
      '- 19:00 [cutover] Cutover started (T0)',
      '- 21:00 [window] Scheduled maintenance window ends',
      '',
      '### 30 April',
      '',
      '- 00:30 [issue] Queues are still high',
      '- 07:00 [cutover] Cutover aborted (Out of time)',
    ]);
    expect(section(draftOf(n), 'Timeline')).not.toContain('30 April');
  });

  it('lists what went to plan and what did not: overruns, issues and the outage planned against actual', () => {
    const md = draftOf(smallNight());
    expect(section(md, 'What went well')).toBe(['- The cutover was completed.', '- 3 of 4 steps done took no more than 5 min longer than planned.'].join('\n'));
    expect(section(md, 'What went wrong')).toBe(
      [
        '- Switch database (DBA) took 25 min against 10 min planned (15 min over).',
        '- Issue noted at 19:20 by Dan: Updating table sequences is taking longer than anticipated.',
        '- Event processing was stopped for 45 min against 30 min planned (15 min over), 19:00–19:45.',
        '- The night ran 10 min past the end of the maintenance window.',
      ].join('\n'),
    );
  });

  it('counts an overrun only past the threshold, which can be changed', () => {
    const lenient = section(draftOf(smallNight(), { overrunThresholdMin: 20 }), 'What went wrong');
    expect(lenient).not.toContain('Switch database');
    expect(lenient).not.toContain('Event processing was stopped');
    expect(section(draftOf(smallNight(), { overrunThresholdMin: 20 }), 'What went well')).toContain(
      '- Event processing was stopped for 45 min against 30 min planned (15 min over), 19:00–19:45.',
    );
  });

  it('gives failed and skipped steps with their reasons', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start').ok(SRE, 'step.start', { stepId: 'a' });
    n.at(3).ok(SRE, 'step.fail', { stepId: 'a', reason: 'The consumers would not stop' });
    n.at(4).ok(LEAD, 'cutover.finish', { outcome: 'aborted', reason: 'Nothing had changed; try again next week' });
    const md = draftOf(n);
    expect(section(md, 'What went wrong').split('\n')).toEqual([
      '- Failed: Stop event processing (DBA): The consumers would not stop.',
      '- Not finished when the night ended: Go/no-go (pending), Switch database (pending), Restart event processing (pending).',
      '- Event processing was stopped at 19:00; the record does not show it restarted (30 min planned).',
      '- The cutover was aborted: Nothing had changed; try again next week.',
    ]);
    expect(section(md, 'Summary')).toContain('- Outcome: aborted at 19:04 (Nothing had changed; try again next week)');
    expect(section(md, 'Timeline')).toContain('- 19:03 [step] Failed: Stop event processing (The consumers would not stop)');
  });

  it('records each poll with its rounds, every station’s final vote and comment, and the decision with who and why', () => {
    expect(section(draftOf(smallNight()), 'Decisions')).toBe(
      [
        '#### Switch to the new database?',
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
        '#### Decisions without a poll',
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
    expect(section(md, 'Action items')).toBe('**To fill in:** what must change before the next night, who owns it, and by when.');
    expect(section(md, 'Summary').split('\n')).toEqual([
      '- Customer impact: none: the event processing outage never began.',
      '- Outcome: still in progress at the last record',
      '- Window: 19:00–21:00 on 29 April 2026 (Europe/London)',
      '- T0: 19:00',
      '- Steps: 0 of 4 done, 4 not finished',
      '- Planned end: 19:30; projected end at the last record (19:00): 19:30, as planned',
      '- Projected to end within the window (which closed at 21:00)',
    ]);
  });

  it('lists an action note nobody has made an item of with its owner still to assign, not its author', () => {
    expect(section(draftOf(smallNight()), 'Action items').split('\n')).toEqual([
      '| Action | Owner | Priority | Due | Ticket | Raised by |',
      '| --- | --- | --- | --- | --- | --- |',
      '| Review queue drain capacity on live | **to assign** | – | – | – | Lena, in a note at 19:50 |',
    ]);
  });

  it('keeps a note written over several lines on one timeline line', () => {
    const n = new Night(RUNBOOK);
    n.at(0).ok(LEAD, 'cutover.start');
    n.at(1).ok(LEAD, 'note.add', { text: 'First line\nsecond line', severity: 'info' });
    expect(section(draftOf(n), 'Timeline')).toContain('- 19:01 [note] First line second line');
  });

  it('is deterministic: the same record gives the same text', () => {
    const n = smallNight();
    expect(draftOf(n)).toBe(draftOf(n));
    expect(draftOf(n)).toBe(draftOf(smallNight()));
  });
});
