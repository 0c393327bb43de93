import { afterEach, describe, expect, it } from 'vitest';
import { decodeArchive } from '@shared/archive';
import type { CommandPayloadInput, CommandType, RunbookPlan } from '@shared/cutover';
import { draftPostmortem } from '@shared/postmortem';
import { exportArchive } from '../../../electron/hub/transport/archiveRoute';
import type { HubClient } from '@shared/client';
import type { Role } from '@shared/cutover';
import { live, nodeClient, startTestHub, step, until, type TestHub } from '../../support/hubHarness';
import { headings, PUBLISHED_SECTIONS, section as sectionText } from '../../support/markdownSections';

/*
 * Seed 004, replayed: a payments platform moves its MySQL master from Milan to AWS at 2 AM
 * (Rome). Eight people are up; cron jobs and stray aggregation jobs are killed, the
 * maintenance page goes up, the application's MySQL user is removed so nothing can write to
 * the old master, mysqlprimary is pointed at the new one, four billing flows are tested in
 * parallel, everyone gives a go, and traffic is switched on before 3 AM. The MongoDB primary
 * suffers under the surge and a larger instance is spun up. At 4 AM half the crew goes to
 * bed; the rest fix the repositories' configurations and deploy every project, and the last
 * group goes to bed at 06:20. The hub keeps its own clock, injected; the draft comes from the
 * hub's archive, as the desktop opens it afterwards.
 */

const MIN = 60_000;
const WINDOW_START = Date.UTC(2026, 5, 10, 0, 0); // 02:00 in Rome, Wednesday 10 June 2026
/** "02:40" on the night, as hub time (times are after midnight; "01:45" is before the window). */
const moment = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return WINDOW_START + ((h - 2) * 60 + m) * MIN;
};

const TRAFFIC = 'payment traffic';
const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'down',
      title: 'Switch off',
      steps: [
        step('maint', 'Show the maintenance page (DNS and Apache virtual hosts)', 0, 10, [], {
          owner: 'sysadmin',
          outageStart: TRAFFIC,
          outagePlannedMin: 60,
          rollbackNote: 'Restore the DNS records and virtual hosts',
        }),
        step('cron', 'Remove the cron configurations', 10, 5, ['maint'], { owner: 'sysadmin' }),
        step('jobs', 'Kill the aggregation jobs started before the window', 15, 5, ['cron'], { owner: 'developer' }),
        step('mysql-user', 'Remove the application MySQL user and kill its connections', 20, 10, ['jobs'], {
          owner: 'DBA',
          rollbackNote: 'Recreate the application user on the Milan master',
        }),
      ],
    },
    {
      id: 'switch',
      title: 'Switch MySQL',
      steps: [
        step('switch', 'Point mysqlprimary.internal at the AWS master', 30, 10, ['mysql-user'], { owner: 'DBA' }),
        step('pin', 'Test PIN billing flows', 40, 10, ['switch'], { owner: 'developer', kind: 'verification' }),
        step('sms', 'Test SMS billing', 40, 10, ['switch'], { owner: 'developer', kind: 'verification' }),
        step('oneclick', 'Test one-click flows over 3G', 40, 10, ['switch'], { owner: 'developer', kind: 'verification' }),
        step('isp', 'Test ISP billing', 40, 10, ['switch'], { owner: 'developer', kind: 'verification' }),
        step('go', 'Go/no-go: switch traffic on', 50, 5, ['pin', 'sms', 'oneclick', 'isp'], { owner: 'lead', kind: 'gate' }),
        step('traffic', 'Switch traffic on to AWS', 55, 5, ['go'], { owner: 'sysadmin', outageEnd: TRAFFIC }),
      ],
    },
    {
      id: 'after',
      title: 'Watch and wind up',
      steps: [
        step('watch', 'Watch the application and Apache logs and the new machines’ load', 60, 30, ['traffic'], { owner: 'everyone' }),
        step('repos', 'Change the projects’ configurations in the repositories to production', 90, 60, ['watch'], { owner: 'developer' }),
        step('deploy', 'Deploy every project and see the pipelines green', 150, 90, ['repos'], { owner: 'developer' }),
        step('handover', 'Hand over to the day team', 240, 10, ['deploy'], { owner: 'lead' }),
      ],
    },
  ],
};

let t: TestHub;
const clients: HubClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  await t?.stop();
});

describe('seed 004 through a real hub', () => {
  it('drafts the night of eight people, a MySQL switch, a go from everyone and half the crew off shift at 4 AM', { timeout: 60_000 }, async () => {
    let clock = moment('01:40');
    t = await startTestHub({ now: () => clock });
    // The night as it was planned: Rome's clock, a four-hour window from 2 AM.
    const { cutoverId, invites } = await t.hub.createCutover({
      title: 'Onebip: MySQL master from Milan to AWS',
      window: { start: WINDOW_START, end: moment('06:00'), timeZone: 'Europe/Rome' },
      isRehearsal: false,
      runbook: RUNBOOK,
    });
    const token = (role: Role) => invites.find((i) => i.invite.role === role)!.token;
    const join = (role: Role, name: string) => {
      const c = nodeClient(t.hub.url, cutoverId, token(role), name, { now: () => clock });
      clients.push(c);
      c.start();
      return c;
    };
    const crew = {
      lead: join('lead', 'Luca'),
      approver: join('approver', 'Anna'),
      sys1: join('operator', 'Sandro'),
      sys2: join('operator', 'Silvia'),
      dba: join('operator', 'Davide'),
      dev1: join('operator', 'Giorgio'),
      dev2: join('operator', 'Paola'),
      comms: join('comms', 'Chiara'),
    };
    const all = Object.values(crew);
    await Promise.all(all.map(live));
    type Client = (typeof all)[number];
    const at = async <T extends CommandType>(hhmm: string, who: Client, type: T, payload: CommandPayloadInput<T>) => {
      expect(moment(hhmm)).toBeGreaterThanOrEqual(clock);
      clock = moment(hhmm);
      await who.send(type, payload).done;
    };
    const work = async (from: string, to: string, who: Client, stepId: string) => {
      await at(from, who, 'step.start', { stepId });
      await at(to, who, 'step.complete', { stepId });
    };
    const { lead, approver, sys1, sys2, dba, dev1, dev2, comms } = crew;

    await at('02:00', lead, 'cutover.start', {});
    await work('02:00', '02:06', sys1, 'maint');
    await work('02:06', '02:10', sys2, 'cron');
    await at('02:10', dev1, 'note.add', { text: 'Aggregation jobs still running: started before the window; idempotent, so killed', severity: 'info' });
    await work('02:10', '02:14', dev1, 'jobs');
    await work('02:14', '02:25', dba, 'mysql-user');
    await work('02:25', '02:31', dba, 'switch');
    await at('02:31', dev1, 'step.start', { stepId: 'pin' });
    await at('02:31', dev2, 'step.start', { stepId: 'sms' });
    await at('02:31', dev1, 'step.start', { stepId: 'oneclick' });
    await at('02:31', dev2, 'step.start', { stepId: 'isp' });
    await at('02:39', dev1, 'step.complete', { stepId: 'pin' });
    await at('02:40', dev2, 'step.complete', { stepId: 'sms' });
    await at('02:42', dev1, 'step.complete', { stepId: 'oneclick' });
    await at('02:44', dev2, 'step.complete', { stepId: 'isp' });

    // Everyone gives a go: the poll asks each of the eight by person.
    await at('02:45', lead, 'poll.open', {
      question: 'Switch traffic on to AWS?',
      stations: ['role:lead', 'role:approver', 'role:operator', 'role:comms'],
      gateStepId: 'go',
    });
    const pollId = lead.state.pollOrder[0]!;
    // Davide first says NO-GO (a replica still catching up), then changes his answer: the record keeps both.
    await at('02:46', dba, 'poll.answer', { pollId, vote: 'no_go', comment: 'The AWS replica is 3 s behind' });
    for (const who of [lead, approver, sys1, sys2, dev1, dev2]) await at('02:47', who, 'poll.answer', { pollId, vote: 'go' });
    await at('02:48', dba, 'poll.answer', { pollId, vote: 'go', comment: 'Replica caught up' });
    await at('02:49', comms, 'poll.answer', { pollId, vote: 'go' });
    await until(lead, (c) => c.state.polls[pollId]?.rounds[0]?.closedAt != null, 5000, 'the poll to close');
    await at('02:50', approver, 'decision.record', { pollId, decision: 'go', rationale: 'Every flow tested; everyone gives a go' });
    await work('02:50', '02:55', sys1, 'traffic');

    // The MongoDB primary suffers under the traffic surge: a larger instance, in ten minutes.
    await at('02:55', sys1, 'step.start', { stepId: 'watch' });
    await at('03:05', sys2, 'note.add', { text: 'MongoDB primary is suffering after the traffic surge', severity: 'issue' });
    await at('03:06', lead, 'step.add', {
      phaseId: 'after',
      afterStepId: 'watch',
      step: { ...step('mongo', 'Spin up a larger MongoDB primary', 71, 10, []), owner: 'sysadmin' },
    });
    await work('03:06', '03:16', sys2, 'mongo');
    await at('03:17', lead, 'action.add', {
      title: 'Size MongoDB for the evening peak and the renewal queue',
      owner: 'Platform team',
      priority: 'P2',
      due: '2026-06-24',
      ticket: null,
      source: { kind: 'step', stepId: 'mongo' },
    });
    await at('03:25', sys1, 'step.complete', { stepId: 'watch' });

    await at('03:25', dev1, 'step.start', { stepId: 'repos' });
    // 4 AM: half the crew goes to bed.
    for (const who of [approver, sys1, dba, comms]) await at('04:00', who, 'member.shift', { onShift: false, handover: 'Going to bed; back after lunch' });
    await at('04:40', dev1, 'step.complete', { stepId: 'repos' });
    await work('04:40', '06:05', dev2, 'deploy');
    await work('06:05', '06:20', lead, 'handover');
    await at('06:20', lead, 'cutover.finish', { outcome: 'completed' });

    const archive = await exportArchive(t.hub, cutoverId, { now: () => clock });
    const opened = await decodeArchive(archive!.text);
    if (!opened.ok) throw new Error(opened.error);
    const md = draftPostmortem({ state: opened.state, events: opened.archive.events, samples: opened.archive.samples });
    if (process.env.WARROOM_PRINT_DRAFT) (await import('node:fs')).writeFileSync(process.env.WARROOM_PRINT_DRAFT, md);
    const section = (h: string) => sectionText(md, h).split('\n');

    expect(md.split('\n')[0]).toBe('# Postmortem: Onebip: MySQL master from Milan to AWS');
    expect(headings(md)).toEqual(PUBLISHED_SECTIONS);
    expect(section('Summary')).toEqual([
      '- Customer impact: payment traffic was stopped for 55 min against 1 h planned (5 min under), 02:00–02:55.',
      '- Outcome: completed at 06:20',
      '- Window: 02:00–06:00 on 10 June 2026 (Europe/Rome)',
      '- T0: 02:00',
      '- Steps: 16 of 16 done',
      '- Planned end: 06:10; actual end: 06:20, 10 min later than planned',
      '- Ended 20 min past the window (which closed at 06:00)',
    ]);
    expect(section('Impact')).toEqual([
      '- Who: **To fill in:** who was affected (customers, sites, teams) and how they noticed.',
      '- How long: Payment traffic was stopped for 55 min against 1 h planned (5 min under), 02:00–02:55.',
      '- The night ran 20 min past the maintenance window the customers were told about.',
    ]);
    const timeline = section('Timeline');
    expect(timeline.slice(0, 5)).toEqual([
      '### 10 June',
      '',
      '- 02:00 [window] Scheduled maintenance window starts',
      '- 02:00 [cutover] Cutover started (T0)',
      '- 02:00 [step] Started: Show the maintenance page (DNS and Apache virtual hosts)',
    ]);
    // The four billing flows tested side by side, the go from everyone, the MongoDB surge and the step added for it.
    expect(timeline.filter((l) => / 02:(3|4|5)\d /.test(l))).toEqual([
      '- 02:31 [step] Done: Point mysqlprimary.internal at the AWS master',
      '- 02:31 [step] Started: Test PIN billing flows',
      '- 02:31 [step] Started: Test SMS billing',
      '- 02:31 [step] Started: Test one-click flows over 3G',
      '- 02:31 [step] Started: Test ISP billing',
      '- 02:39 [step] Done: Test PIN billing flows',
      '- 02:40 [step] Done: Test SMS billing',
      '- 02:42 [step] Done: Test one-click flows over 3G',
      '- 02:44 [step] Done: Test ISP billing',
      '- 02:45 [decision] Go/no-go poll opened: Switch traffic on to AWS?',
      '- 02:50 [decision] Decision: GO by Anna on “Switch traffic on to AWS?”: Every flow tested; everyone gives a go',
      '- 02:50 [step] Done: Go/no-go: switch traffic on',
      '- 02:50 [step] Started: Switch traffic on to AWS',
      '- 02:55 [step] Done: Switch traffic on to AWS',
      '- 02:55 [step] Started: Watch the application and Apache logs and the new machines’ load',
    ]);
    expect(timeline).toContain('- 03:05 [issue] MongoDB primary is suffering after the traffic surge');
    expect(timeline).toContain('- 03:06 [step] Started: Spin up a larger MongoDB primary');
    // 4 AM: half the crew goes to bed, and the record says who.
    expect(timeline.filter((l) => l.includes('[crew]'))).toEqual([
      '- 04:00 [crew] Anna off shift: Going to bed; back after lunch',
      '- 04:00 [crew] Sandro off shift: Going to bed; back after lunch',
      '- 04:00 [crew] Davide off shift: Going to bed; back after lunch',
      '- 04:00 [crew] Chiara off shift: Going to bed; back after lunch',
    ]);
    expect(timeline.slice(-3)).toEqual([
      '- 06:05 [step] Started: Hand over to the day team',
      '- 06:20 [step] Done: Hand over to the day team',
      '- 06:20 [cutover] Cutover completed',
    ]);
    for (const h of ['Root cause and trigger', 'Contributing factors', 'Where we got lucky']) expect(section(h)[0]).toMatch(/^\*\*To fill in:\*\* /);
    expect(section('Detection')).toEqual([
      '- First issue noted at 03:05 by Silvia: MongoDB primary is suffering after the traffic surge.',
      '- First step to overrun: Change the projects’ configurations in the repositories to production, due to end at 04:30.',
    ]);
    expect(section('Resolution')).toEqual(['- Payment traffic restarted at 02:55 (“Switch traffic on to AWS”).', '- The cutover was completed at 06:20.']);
    expect(section('What went well')).toEqual([
      '- The cutover was completed.',
      // The MongoDB step was added at 03:06: not part of the plan the night is measured against.
      '- 14 of 15 steps done took no more than 5 min longer than planned.',
      '- Finished within 5 min of their planned end: Switch off, Switch MySQL.',
      '- Payment traffic was stopped for 55 min against 1 h planned (5 min under), 02:00–02:55.',
    ]);
    expect(section('What went wrong')).toEqual([
      '- Change the projects’ configurations in the repositories to production (developer) took 1 h 15 min against 1 h planned (15 min over).',
      '- Issue noted at 03:05 by Silvia: MongoDB primary is suffering after the traffic surge.',
      '- The night ran 20 min past the end of the maintenance window.',
    ]);
    expect(section('Action items')).toEqual([
      '| Action | Owner | Priority | Due | Ticket | Raised by |',
      '| --- | --- | --- | --- | --- | --- |',
      '| Size MongoDB for the evening peak and the renewal queue | Platform team | P2 | 2026-06-24 | – | Luca, from step “Spin up a larger MongoDB primary” |',
    ]);
    expect(section('Planned against actual')).toHaveLength(2 + 16 + 2);
    expect(section('Planned against actual').at(-1)).toBe('Not in the plan the night started with: Spin up a larger MongoDB primary (added at 03:06 by Luca).');
    // Everyone gave a go, and Davide's change of mind is in the record, not only his final answer.
    expect(section('Decisions')).toEqual([
      '#### Switch traffic on to AWS?',
      '',
      'Opened at 02:45 by Luca for the gate “Go/no-go: switch traffic on”; 1 round.',
      '',
      '- Round 1 (opened at 02:45, closed at 02:49, everyone answered): lead: GO (Luca); approver: GO (Anna); operator: GO (Davide: Replica caught up), GO (Sandro), GO (Silvia), GO (Giorgio), GO (Paola); comms: GO (Chiara)',
      '- Round 1, answers changed: Davide from NO-GO to GO at 02:48 (Replica caught up)',
      '- Decision: GO at 02:50 by Anna: Every flow tested; everyone gives a go',
    ]);
    expect(section('Crew')).toEqual([
      '8 people joined; 4 had gone off shift by the end of the record.',
      '',
      '- Anna: approver, off shift from 04:00',
      '- Chiara: comms, off shift from 04:00',
      '- Davide: operator, off shift from 04:00',
      '- Giorgio: operator',
      '- Luca: lead',
      '- Paola: operator',
      '- Sandro: operator, off shift from 04:00',
      '- Silvia: operator',
    ]);
    // The same record drafts the same text in the lead's own window.
    await until(lead, (c) => c.state.seq === opened.state.seq);
    expect(draftPostmortem({ state: lead.state, events: lead.events, samples: opened.archive.samples })).toBe(md);
  });
});
