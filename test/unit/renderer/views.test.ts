import { describe, expect, it } from 'vitest';
import { uncrossedPonrBefore, type Member } from '@shared/cutover';
import { projectSchedule } from '@shared/schedule';
import { headerView } from '../../../renderer/features/header/headerView';
import { currentNotices } from '../../../renderer/features/notifications/notificationRules';
import { availableActions } from '../../../renderer/features/runbook/stepActions';
import { step } from '../../support/hubHarness';
import { runbookView, samePhase, visibleStepIds, type StepRowModel } from '../../../renderer/features/runbook/runbookView';
import { samePhaseRows, type PhaseRowsProps } from '../../../renderer/features/runbook/phaseRowsProps';
import { describeEvent } from '../../../renderer/features/timeline/timelineView';
import { parseRoute } from '../../../renderer/lib/route';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { WINDOW_START } from '../../support/hubHarness';

const at = (min: number) => WINDOW_START + min * 60_000;
const dba = { id: 'm-dba', name: 'Dan', role: 'operator' as const, station: 'DBA', inviteId: '' };
const all = { operate: true, lead: true, note: true };

describe('the header', () => {
  it('says how late the night is, in words and a tone that matches', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }).at(30).ok(DBA, 'step.complete', { stepId: 'a' });
    const v = headerView(n.state, projectSchedule(n.state, at(30)), at(30))!;
    expect(v.schedule).toEqual({ text: '30 min late', tone: 'danger' });
    expect(v.windowText).toBe('19:00–21:00 BST');
    expect(v.windowCountdown).toBe('1h 30m left');
    expect(v.tPlus).toBe('T+ 0:30:00');
    expect(v.projectedEnd).toEqual({ text: 'Projected end 20:00 · window ends 21:00', tone: 'ok' });
    expect(v.ponr).toEqual({ text: 'Point of no return in 20m with no GO · Update sequences', tone: 'ok' });
  });

  it('warns as the point of no return nears, and red past the window', () => {
    const n = new Night()
      .ok(LEAD, 'cutover.start')
      .ok(DBA, 'step.start', { stepId: 'a' })
      .at(14)
      .ok(DBA, 'step.complete', { stepId: 'a' })
      .ok(DBA, 'step.start', { stepId: 'b' });
    expect(headerView(n.state, projectSchedule(n.state, at(21)), at(21))!.ponr!.tone).toBe('danger');
    expect(headerView(n.state, projectSchedule(n.state, at(12)), at(12))!.ponr!.tone).toBe('warn');
    const late = headerView(n.state, projectSchedule(n.state, at(150)), at(150))!;
    expect(late.projectedEnd.tone).toBe('danger');
    expect(late.projectedEnd.text).toMatch(/min past the window$/);
  });

  it('calls a night not started after its window opened late', () => {
    const v = headerView(new Night().state, projectSchedule(new Night().state, at(12)), at(12))!;
    expect(v.schedule).toEqual({ text: 'Not started · 12m late', tone: 'warn' });
  });
});

describe('the runbook view', () => {
  it('says a running step runs past its time, a minute after it did, instead of an end that is only "now"', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }); // 15 minutes planned
    const actual = (min: number) => runbookView(n.state, projectSchedule(n.state, at(min)), dba, false, at(min))[0]!.rows[0]!.actual;
    expect(actual(10)).toBe('19:00– (ends ~19:15)');
    expect(actual(16)).toBe('19:00– (ends ~19:16)');
    expect(actual(40)).toBe('19:00– (running past its 15m)');
  });

  it('tells a phase that draws as before from one that moved, so only the one that moved is drawn again', () => {
    // Two phases that do not wait on each other: a step of one moves nothing in the other.
    const n = new Night({
      phases: [
        { id: 'p1', title: 'Switch', steps: [step('x1', 'Switch database', 0, 15, []), step('x2', 'Update sequences', 15, 5, ['x1'])] },
        { id: 'p2', title: 'Caches', steps: [step('y1', 'Warm caches', 0, 10, [])] },
      ],
    }).ok(LEAD, 'cutover.start');
    const view = () => runbookView(n.state, projectSchedule(n.state, at(0)), dba, false, at(0));
    const before = view();
    // Made anew from the same night: new objects, drawn the same.
    expect(view().every((p, i) => p !== before[i] && samePhase(p, before[i]!))).toBe(true);
    n.ok(DBA, 'step.start', { stepId: 'x1' });
    const after = view();
    expect(samePhase(after[0]!, before[0]!)).toBe(false);
    expect(samePhase(after[1]!, before[1]!)).toBe(true);
  });

  it('counts a phase as moved when any field of any of its rows differs, a field added later too', () => {
    const n = new Night().ok(LEAD, 'cutover.start');
    const [phase] = runbookView(n.state, projectSchedule(n.state, at(0)), dba, false, at(0));
    const other = (v: unknown): unknown =>
      typeof v === 'boolean'
        ? !v
        : typeof v === 'number'
          ? v + 1
          : typeof v === 'string'
            ? `${v}!`
            : v === null
              ? 'now closed'
              : Array.isArray(v)
                ? [...v, 'Another step']
                : { ...(v as object) };
    const row = phase!.rows[1]!; // waits on a step, so its names are not empty
    expect(row.waitingOn.length).toBeGreaterThan(0);
    for (const k of Object.keys(row) as (keyof StepRowModel)[]) {
      const moved = { ...phase!, rows: phase!.rows.map((r) => (r === row ? { ...r, [k]: other(r[k]) } : r)) };
      expect(samePhase(moved, phase!), k).toBe(false);
    }
    // The names it waits on, in a new array with the same names, draw the same.
    const renamed = { ...phase!, rows: phase!.rows.map((r) => (r === row ? { ...r, waitingOn: [...r.waitingOn] } : r)) };
    expect(samePhase(renamed, phase!)).toBe(true);
    for (const k of ['done', 'total', 'slipMin', 'title'] as const) expect(samePhase({ ...phase!, [k]: other(phase![k]) }, phase!), k).toBe(false);
  });

  it("draws a phase again when one of its own steps starts or stops being sent, has checks or items, and not for another phase's", () => {
    const n = new Night({
      phases: [
        { id: 'p1', title: 'Switch', steps: [step('x1', 'Switch database', 0, 15, [])] },
        { id: 'p2', title: 'Caches', steps: [step('y1', 'Warm caches', 0, 10, [])] },
      ],
    }).ok(LEAD, 'cutover.start');
    const [p1, p2] = runbookView(n.state, projectSchedule(n.state, at(0)), dba, false, at(0));
    const none = new Set<string>();
    const [onAction, onSelect] = [() => undefined, () => undefined];
    const base = (phase: typeof p1): PhaseRowsProps => ({
      phase: phase!,
      selected: null,
      checked: none,
      unverified: none,
      sendingFor: none,
      madeFrom: new Map(),
      rollingBack: false,
      mayOverride: false,
      may: all,
      running: true,
      onAction,
      onSelect,
    });
    const changes: Partial<PhaseRowsProps>[] = [
      { sendingFor: new Set(['x1']) },
      { checked: new Set(['x1']) },
      { unverified: new Set(['x1']) },
      // A list of its own, not the shared empty one: what a step with items gets.
      { madeFrom: new Map([['x1', []]]) },
    ];
    for (const change of changes) {
      const key = Object.keys(change)[0];
      // A new set or map that says the same of the phase's steps draws the same.
      expect(samePhaseRows(base(p1), { ...base(p1), [key!]: key === 'madeFrom' ? new Map() : new Set() }), key).toBe(true);
      expect(samePhaseRows(base(p1), { ...base(p1), ...change }), key).toBe(false);
      expect(samePhaseRows(base(p2), { ...base(p2), ...change }), key).toBe(true);
    }
    // Any other prop is compared as the same object.
    expect(samePhaseRows(base(p1), { ...base(p1), may: { ...all } })).toBe(false);
  });

  it('marks the step that is now, what blocks the others, and filters to my steps', () => {
    const n = new Night().ok(LEAD, 'cutover.start');
    const view = runbookView(n.state, projectSchedule(n.state, at(0)), dba, false);
    const rows = view.flatMap((p) => p.rows);
    expect(rows.find((r) => r.isNow)?.step.id).toBe('a');
    expect(rows.find((r) => r.step.id === 'b')?.waitingOn).toEqual(['Stop event processing']);
    expect(rows.every((r) => r.isMine)).toBe(true); // SMALL_RUNBOOK's steps are all the DBA's
    expect(visibleStepIds(runbookView(n.state, projectSchedule(n.state, at(0)), { ...dba, station: 'SRE' }, true))).toEqual([]);
  });

  it('offers actions by status, dependencies and role', () => {
    const n = new Night().ok(LEAD, 'cutover.start');
    const step = n.state.steps.a!;
    expect(availableActions(step, false, all, true)).toEqual(['start', 'complete', 'skip', 'block', 'note']);
    expect(availableActions(step, true, all, true)).toEqual(['force', 'skip', 'note']);
    expect(availableActions(step, false, { operate: false, lead: false, note: false }, true)).toEqual([]);
    expect(availableActions({ ...step, status: 'done' }, false, { operate: true, lead: false, note: true }, true)).toEqual(['note']);
    expect(availableActions({ ...step, kind: 'gate' }, false, all, true)).toEqual(['start', 'block', 'note']);
    // A check bound to it fails: no plain Done (the hub refuses it), the check list offers Complete anyway….
    expect(availableActions({ ...step, status: 'in_progress' }, false, all, true, undefined, true)).toEqual(['fail', 'block', 'note']);
    expect(availableActions(step, false, all, true, undefined, true)).toEqual(['start', 'skip', 'block', 'note']);
  });

  it('names a point of no return not yet crossed however far back a forced start would go past it', () => {
    const chain = ['prep', 'switch', 'check', 'tell'];
    const n = new Night({
      phases: [
        {
          id: 'p',
          title: 'P',
          steps: chain.map((id, i) => step(id, id, i * 5, 5, i ? [chain[i - 1]!] : [], id === 'switch' ? { pointOfNoReturn: true } : {})),
        },
      ],
    }).ok(LEAD, 'cutover.start');
    expect(uncrossedPonrBefore(n.state, n.state.steps.tell!)?.id).toBe('switch');
    expect(uncrossedPonrBefore(n.state, n.state.steps.prep!)).toBeNull();
    n.ok(DBA, 'step.complete', { stepId: 'prep' }).ok(CTO, 'decision.record', { decision: 'go', rationale: 'ready' });
    n.ok(DBA, 'step.start', { stepId: 'switch', cross: true });
    expect(uncrossedPonrBefore(n.state, n.state.steps.tell!)).toBeNull();
  });

  it('offers nothing that crosses a closed point of no return but the override, and only to who may override', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.complete', { stepId: 'b' });
    const rowOf = (me: Member) =>
      runbookView(n.state, projectSchedule(n.state, at(20)), me, false)
        .flatMap((p) => p.rows)
        .find((r) => r.step.id === 'c')!;
    const c = rowOf(dba);
    expect(c.ponrClosed).toBe('no GO was recorded after its dependencies were done');
    expect(availableActions(c.step, false, all, true, { closed: true, mayOverride: false })).toEqual(['block', 'note']);
    expect(availableActions(c.step, false, { operate: false, lead: false, note: true }, true, { closed: true, mayOverride: true })).toEqual([
      'override',
      'note',
    ]);
    n.ok(CTO, 'decision.record', { decision: 'go', rationale: 'ready' });
    expect(rowOf(dba).ponrClosed).toBeNull();
    // An approver works only the steps they own: the DBA's are not theirs.
    expect(rowOf({ id: 'm-cto', name: 'Chris', role: 'approver', station: '', inviteId: '' }).mayWork).toBe(false);
  });
});

describe('notifications', () => {
  it('tells me when my step becomes ready, and when the night slips past 10 minutes', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' });
    const before = currentNotices(n.state, projectSchedule(n.state, at(5)), dba).map((x) => x.key);
    n.at(26).ok(DBA, 'step.complete', { stepId: 'a' });
    const after = currentNotices(n.state, projectSchedule(n.state, at(26)), dba).map((x) => x.key);
    expect(before).toEqual(['ponr:30']); // c, the point of no return, is 20 minutes away
    expect(after).toEqual(expect.arrayContaining(['ready:b:', 'ready:d:', 'slip:10']));
  });
});

describe('go/no-go notifications', () => {
  it('tell whoever a poll asks that it waits on their answer, once per round, until they or their station answered', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(LEAD, 'poll.open', { question: 'Switch writes?', stations: ['station:DBA', 'role:approver'] });
    const asked = (me: Member) => currentNotices(n.state, projectSchedule(n.state, at(1)), me).filter((x) => x.key.startsWith('asked:'));
    const pollId = n.state.pollOrder[0]!;
    const cto = { id: 'm-cto', name: 'Chris', role: 'approver' as const, station: '', inviteId: '' };
    const lead = { id: 'm-lead', name: 'Lena', role: 'lead' as const, station: '', inviteId: '' };
    expect(asked(dba)).toEqual([{ key: `asked:${pollId}:1`, title: 'Your go/no-go answer is asked', body: 'Switch writes?' }]);
    expect(asked(cto)).toHaveLength(1);
    expect(asked(lead)).toEqual([]); // the lead's role is not polled
    n.ok(DBA, 'poll.answer', { pollId, vote: 'go' });
    expect(asked(dba)).toEqual([]);
    expect(asked(cto)).toHaveLength(1);
  });
});

describe('lag notifications', () => {
  it('tell everyone once when a backlog turns critical or stops draining, and not when it recovers', () => {
    const series = {
      id: 'q',
      name: 'Alarm queue',
      unit: 'count',
      group: '',
      intervalSec: 5,
      timeoutSec: 5,
      warning: 10,
      critical: 20,
      source: { kind: 'push' },
    } as const;
    const n = new Night().ok(LEAD, 'cutover.start').ok(LEAD, 'series.define', { series });
    const keys = () => currentNotices(n.state, projectSchedule(n.state, at(1)), null).filter((x) => x.key.startsWith('lag:'));
    expect(keys()).toEqual([]);
    n.at(1).observed([{ type: 'series.alerted', payload: { seriesId: 'q', kind: 'critical', value: 25, message: 'Alarm queue is critical at 25 (line 20)' } }]);
    expect(keys()).toEqual([{ key: `lag:q:${at(1)}`, title: 'Lag critical', body: 'Alarm queue is critical at 25 (line 20)' }]);
    n.at(2).observed([{ type: 'series.alerted', payload: { seriesId: 'q', kind: 'draining', value: 15, message: 'Alarm queue is draining again' } }]);
    expect(keys()).toEqual([]);
  });
});

describe('the point of no return', () => {
  it('warns at 30, 15 and 5 minutes with no GO, and calms once GO is given', () => {
    const n = new Night().ok(LEAD, 'cutover.start');
    const keys = (min: number) => currentNotices(n.state, projectSchedule(n.state, at(min)), null).map((x) => x.key);
    expect(keys(0)).toEqual(['ponr:30']);
    n.ok(DBA, 'step.start', { stepId: 'a' }).at(15).ok(DBA, 'step.complete', { stepId: 'a' }).ok(DBA, 'step.start', { stepId: 'b' });
    expect(keys(22)).toEqual(['ponr:30', 'ponr:15', 'ponr:5']);
    // A GO while the switch still runs does not open the point of no return after it.
    n.ok(CTO, 'decision.record', { decision: 'go', rationale: 'lag under 5 s' });
    expect(keys(22)).toEqual(['ponr:30', 'ponr:15', 'ponr:5']);
    expect(headerView(n.state, projectSchedule(n.state, at(22)), at(22))!.ponr!.text).toMatch(/^Point of no return in 3m with no GO/);
    n.at(23).ok(DBA, 'step.complete', { stepId: 'b' });
    expect(headerView(n.state, projectSchedule(n.state, at(23)), at(23))!.ponr!.text).toBe(
      'The next step is the point of no return with no GO · Update sequences',
    );
    n.ok(CTO, 'decision.record', { decision: 'go', rationale: 'switched, lag under 5 s' });
    expect(keys(23)).toEqual([]);
    expect(headerView(n.state, projectSchedule(n.state, at(23)), at(23))!.ponr!.text).toBe(
      'GO given · the next step is the point of no return · Update sequences',
    );
  });

  it('can be a time instead of a step, and the earlier of the two binds', () => {
    const n = new Night().ok(LEAD, 'cutover.update', { pointOfNoReturnAt: at(10) });
    expect(projectSchedule(n.state, at(0)).pointOfNoReturn).toEqual({ stepId: null, at: at(10), minutesLeft: 10, passed: false, next: false });
    n.ok(LEAD, 'cutover.update', { pointOfNoReturnAt: at(60) });
    expect(projectSchedule(n.state, at(0)).pointOfNoReturn?.stepId).toBe('c');
  });
});

describe('the timeline', () => {
  it('reads each event as a sentence', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(DBA, 'step.skip', { stepId: 'a', reason: 'done yesterday' });
    const last = n.events[n.events.length - 1]!;
    expect(describeEvent(last, n.state)).toMatchObject({ who: 'Dan', text: 'Skipped “Stop event processing”: done yesterday', tone: 'issue' });
  });

  it('says where a moved step now stands, whether it changed phase or only place', () => {
    // SMALL_RUNBOOK's p1 is a, b, c: c moved first within its own phase.
    const n = new Night().ok(LEAD, 'step.move', { stepId: 'c', phaseId: 'p1', afterStepId: null });
    expect(describeEvent(n.events.at(-1)!, n.state).text).toBe('Step “Update sequences” moved: now step 1 of Stop and switch');
  });
});

describe('routes', () => {
  it('reads join and cutover routes from the hash', () => {
    expect(parseRoute('#/join?c=c-1&t=tok')).toEqual({ name: 'join', cutoverId: 'c-1', token: 'tok' });
    expect(parseRoute('#/cutover?hub=http%3A%2F%2F127.0.0.1%3A1&c=c-1')).toEqual({ name: 'cutover', hub: 'http://127.0.0.1:1', cutoverId: 'c-1' });
    expect(parseRoute('#/join?c=c-1')).toEqual({ name: 'start' });
  });
});
