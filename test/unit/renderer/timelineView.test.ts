import { describe, expect, it } from 'vitest';
import type { AlertKind } from '@shared/metrics';
import { filterEvents, kindOf, timelinePeopleSoFar, timelineRows } from '../../../renderer/features/timeline/timelineView';
import { DBA, LEAD, Night } from '../../support/domain';

const series = (id: string, name: string) =>
  ({ id, name, unit: 'count', group: '', intervalSec: 5, timeoutSec: 5, warning: 10, critical: 20, source: { kind: 'push' } }) as const;
const alert = (n: Night, min: number, seriesId: string, kind: AlertKind) =>
  n.at(min).observed([{ type: 'series.alerted', payload: { seriesId, kind, value: 1, message: `${seriesId} ${kind}` } }]);

/** A night with a step, a note, and two queues alerting. */
function night(): Night {
  const n = new Night()
    .ok(LEAD, 'cutover.start')
    .ok(LEAD, 'series.define', { series: series('orders', 'Orders queue') })
    .ok(LEAD, 'series.define', { series: series('alarms', 'Alarm queue') });
  n.at(10).ok(DBA, 'step.start', { stepId: 'a' }).ok(DBA, 'note.add', { text: 'consumers paused', severity: 'info' });
  return n;
}
const texts = (n: Night) => timelineRows(n.events, n.state, 'Europe/London').map((r) => (r.group ? r.group.text : r.entry.text));

describe('the timeline’s filters', () => {
  it('sort each event into steps, decisions, notes, alerts, comms or other', () => {
    const n = alert(night(), 12, 'orders', 'warning').ok(LEAD, 'message.send', {
      text: 'Paused',
      destinations: ['banner'],
      state: 'in_progress',
      bannerText: 'Paused',
    });
    expect(n.events.map((e) => `${e.type}: ${kindOf(e)}`)).toEqual(
      expect.arrayContaining([
        'step.started: steps',
        'note.added: notes',
        'series.alerted: alerts',
        'cutover.statusChanged: decisions',
        'message.requested: comms',
        'member.joined: other',
      ]),
    );
  });

  it('keep only the chosen kind, and only what the chosen person did', () => {
    const n = night();
    expect(filterEvents(n.events, { kind: 'notes', person: 'all' }).map((e) => e.type)).toEqual(['note.added']);
    expect(filterEvents(n.events, { kind: 'all', person: DBA.id }).map((e) => e.type)).toEqual(['member.joined', 'step.started', 'note.added']);
    expect(filterEvents(n.events, { kind: 'steps', person: LEAD.id })).toEqual([]);
  });

  it('list everyone who did something, by name, once', () => {
    expect(timelinePeopleSoFar(night().events).map((p) => p.name)).toEqual(['Chris', 'Dan', 'Hub', 'Lena', 'Olive', 'Sam']);
  });

  it('read only what was added since, and stay the same list while nobody new acts', () => {
    const events = [...night().events];
    const before = timelinePeopleSoFar(events);
    events.push({ ...events[events.length - 1]!, seq: events.length + 1 });
    expect(timelinePeopleSoFar(events)).toBe(before);
    events.push({ ...events[events.length - 1]!, seq: events.length + 1, actor: { id: 'm-zoe', name: 'Zoe', role: 'observer' } } as (typeof events)[number]);
    expect(timelinePeopleSoFar(events).map((p) => p.name)).toEqual(['Chris', 'Dan', 'Hub', 'Lena', 'Olive', 'Sam', 'Zoe']);
  });
});

describe('repeated alerts of one series', () => {
  it('become one line saying how many and when, newest first, opening to each alert', () => {
    const n = night();
    for (const [min, kind] of [
      [70, 'warning'],
      [80, 'normal'],
      [90, 'warning'],
      [100, 'normal'],
      [100, 'warning'],
    ] as const)
      alert(n, min, 'orders', kind);
    const [first] = timelineRows(n.events, n.state, 'Europe/London');
    expect(first?.group).toMatchObject({ of: 'orders', text: 'Orders queue: 5 alerts, 20:10–20:40', tone: 'issue' });
    expect(first?.group?.entries.map((e) => e.text)).toEqual(['orders warning', 'orders normal', 'orders warning', 'orders normal', 'orders warning']);
  });

  it('are grouped per series, and a single alert stays an entry of its own', () => {
    const n = night();
    alert(n, 20, 'orders', 'warning');
    alert(n, 21, 'alarms', 'warning');
    alert(n, 22, 'orders', 'normal');
    expect(texts(n).slice(0, 3)).toEqual(['Orders queue: 2 alerts, 19:20–19:22', 'alarms warning', 'consumers paused']);
  });

  it('are not gathered across something else that happened between them', () => {
    const n = night();
    alert(n, 20, 'orders', 'warning');
    n.ok(DBA, 'step.complete', { stepId: 'a' });
    alert(n, 30, 'orders', 'normal');
    expect(texts(n).slice(0, 3)).toEqual(['orders normal', 'Done “Stop event processing”', 'orders warning']);
  });
});

describe('a check that keeps saying the same', () => {
  const result = (n: Night, min: number, pass: boolean, summary: string) =>
    n.at(min).observed([{ type: 'check.evaluated', payload: { checkId: 'lag', pass, values: [1], error: null, summary, durationMs: 1, attempt: 1 } }]);

  it('is one line where its verdict changed, saying how often it said so since, and opens to each run', () => {
    const n = night();
    result(n, 20, false, '7.3, not below 5');
    result(n, 21, false, '6.7, not below 5');
    n.ok(DBA, 'note.add', { text: 'lag falling', severity: 'info' });
    result(n, 22, false, '6.1, not below 5');
    result(n, 23, true, '4.2, below 5');
    result(n, 24, true, '3.9, below 5');
    expect(texts(n).slice(0, 4)).toEqual([
      'Check “lag” passed: 4.2, below 5 · the same 1 more time, to 19:24 (latest: 3.9, below 5)',
      'lag falling',
      'Check “lag” failed: 7.3, not below 5 · the same 2 more times, to 19:22 (latest: 6.1, not below 5)',
      'consumers paused',
    ]);
    const failing = timelineRows(n.events, n.state, 'Europe/London')[2]!.group!;
    expect(failing).toMatchObject({ of: 'lag', tone: 'issue', at: n.events.find((e) => e.type === 'check.evaluated')!.ts });
    expect(failing.entries.map((e) => e.text)).toEqual([
      'Check “lag” failed: 6.1, not below 5',
      'Check “lag” failed: 6.7, not below 5',
      'Check “lag” failed: 7.3, not below 5',
    ]);
  });

  it('stays a line of its own while each run says something new', () => {
    const n = night();
    result(n, 20, false, '7.3, not below 5');
    result(n, 21, true, '4.2, below 5');
    expect(texts(n).slice(0, 2)).toEqual(['Check “lag” passed: 4.2, below 5', 'Check “lag” failed: 7.3, not below 5']);
  });
});
