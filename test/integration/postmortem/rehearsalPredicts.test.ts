import { afterEach, describe, expect, it } from 'vitest';
import { decodeArchive } from '@shared/archive';
import type { HubClient } from '@shared/client';
import type { CommandPayloadInput, CommandType, Role, RunbookPlan } from '@shared/cutover';
import { analyseLag, draftPostmortem, drainAgainstPlan, measuredMinutes, planFromRehearsal, planLiveFromRehearsal, plannedVsActual } from '@shared/postmortem';
import { exportArchive } from '../../../electron/hub/transport/archiveRoute';
import { live, nodeClient, startTestHub, step, type TestHub } from '../../support/hubHarness';
import { section } from '../../support/markdownSections';

/*
 * Seed 000's lesson ("staging did not predict the live timings"), the other way round: a
 * rehearsal at a third of live's data volume is recorded through the hub, queue and all; the
 * live plan is drawn from it with the data-volume ratio; the live night is run through the hub
 * as planned (the copy a little slower); and the drain the plan gave is within 25 % of what
 * the live night took. One factor for all, as the screen offered before, is shown far off.
 *
 * The queue is physical: events arrive all night at a rate that grows with the data (a third
 * on staging), the same consumers process 520 a minute whenever processing runs.
 */

const MIN = 60_000;
const REHEARSAL_START = Date.UTC(2026, 3, 22, 18, 0); // 19:00 in London, a week before the live night
const LIVE_START = Date.UTC(2026, 3, 29, 18, 0);
const PROCESSING_PER_MIN = 520;
const LIVE_ARRIVAL_PER_MIN = 400;

const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'switch',
      title: 'Switch',
      steps: [
        step('open', 'Open the war room', 0, 5, [], { owner: 'lead' }),
        step('stop', 'Stop event processing', 5, 5, ['open'], { owner: 'SRE', outageStart: 'event processing', outagePlannedMin: 30 }),
        step('copy', 'Copy the last changes to the new database', 10, 10, ['stop'], { scales: 'volume' }),
        step('point', 'Point the services at the new database', 20, 5, ['copy'], { owner: 'developer' }),
        step('restart', 'Restart event processing', 25, 5, ['point'], { owner: 'SRE', outageEnd: 'event processing' }),
      ],
    },
    {
      id: 'after',
      title: 'Catch up',
      steps: [
        step('drain', 'Process the queued events', 30, 20, ['restart'], { owner: 'SRE', scales: 'drain' }),
        step('verify', 'Smoke test', 30, 10, ['restart'], { owner: 'tester', kind: 'verification' }),
        step('close', 'Close the window', 50, 5, ['drain', 'verify'], { owner: 'lead' }),
      ],
    },
  ],
};

let t: TestHub;
/** The hub's clock: each night moves it forward through its own hours. */
let clock = 0;
const clients: HubClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  await t?.stop();
});

/**
 * One night through the hub: `times` says when each step starts and ends (minutes after the
 * window opens; `drain` ends when the queue is caught up). The queue is pushed every minute.
 */
async function night(title: string, start: number, isRehearsal: boolean, runbook: RunbookPlan, arrivalPerMin: number, steps: Record<string, [number, number]>) {
  let times = steps;
  clock = start - 15 * MIN;
  t ??= await startTestHub({ now: () => clock });
  const { cutoverId, invites } = await t.hub.createCutover({
    title,
    window: { start, end: start + 5 * 60 * MIN, timeZone: 'Europe/London' },
    isRehearsal,
    runbook,
  });
  const token = (role: Role) => invites.find((i) => i.invite.role === role)!.token;
  const lead = nodeClient(t.hub.url, cutoverId, token('lead'), 'Lena', { now: () => clock });
  clients.push(lead);
  lead.start();
  await live(lead);
  await lead.send('series.define', { series: { id: 'queue', name: 'Event queue', unit: 'count', source: { kind: 'push' } } }).done;

  // The queue, minute by minute: arrivals always, processing except while stopped.
  const stopFrom = times.stop![0];
  const stopUntil = times.restart![1];
  const queue: number[] = [];
  let q = 0;
  let caughtUpMin: number | null = null;
  for (let m = -15; m <= 300; m++) {
    // The reading at minute m is the queue then; the minute's arrivals and processing follow it.
    queue.push(q);
    if (caughtUpMin === null && m > stopUntil && q === 0) caughtUpMin = m;
    const running = m < stopFrom || m >= stopUntil;
    q = Math.max(0, q + arrivalPerMin - (running ? PROCESSING_PER_MIN : 0));
  }
  const drainEnd = caughtUpMin!;
  // The window closes once the queue is caught up and the smoke test done.
  const closeAt = Math.max(drainEnd, times.verify![1]);
  times = { ...times, close: [closeAt, closeAt + 5] };
  const at = (m: number) => start + m * MIN;
  let pushedTo = -16;
  const pushUntil = async (m: number) => {
    for (pushedTo++; pushedTo <= m; pushedTo++) {
      clock = Math.max(clock, at(pushedTo));
      const res = await fetch(`${t.hub.url}/api/cutovers/${cutoverId}/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token('lead')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ samples: [{ series: 'queue', value: queue[pushedTo + 15], t: at(pushedTo) }] }),
      });
      expect(res.status).toBe(200);
    }
    pushedTo = m;
  };
  const moments: Array<[number, CommandType, object]> = [[0, 'cutover.start', {}]];
  for (const [id, [from, to]] of Object.entries(times)) {
    moments.push([from, 'step.start', { stepId: id }], [id === 'drain' ? drainEnd : to, 'step.complete', { stepId: id }]);
  }
  const finish = Math.max(...moments.map((m) => m[0])) + 1;
  moments.push([finish, 'cutover.finish', { outcome: 'completed' }]);
  moments.sort((a, b) => a[0] - b[0] || (a[1] === 'step.complete' ? -1 : 1));
  for (const [m, type, payload] of moments) {
    await pushUntil(m);
    clock = at(m);
    await lead.send(type, payload as CommandPayloadInput<typeof type>).done;
  }
  const archive = await exportArchive(t.hub, cutoverId, { now: () => clock });
  const opened = await decodeArchive(archive!.text);
  if (!opened.ok) throw new Error(opened.error);
  return { state: opened.state, events: opened.archive.events, samples: opened.archive.samples, drainEnd, lead, at };
}

describe('a rehearsal that predicts the live night', () => {
  it('plans the live drain within 25 % of what the live night took, from a rehearsal at a third of the data volume', { timeout: 90_000 }, async () => {
    // The rehearsal: staging, a third of the data and of the traffic; every step as planned.
    const rehearsal = await night('Database cutover (rehearsal)', REHEARSAL_START, true, RUNBOOK, LIVE_ARRIVAL_PER_MIN / 3, {
      open: [0, 5],
      stop: [5, 10],
      copy: [10, 20],
      point: [20, 25],
      restart: [25, 30],
      drain: [30, 0],
      verify: [30, 40],
    });
    const rehearsalDrain = measuredMinutes(rehearsal.state.steps.drain!)!;
    expect(rehearsalDrain).toBeLessThan(15);

    // The live plan: copies scale with the data, the drain comes from the queue's rates.
    const planned = planLiveFromRehearsal(rehearsal.state, 1, { volumeRatio: 3, record: { events: rehearsal.events, samples: rehearsal.samples } });
    const steps = Object.fromEntries(planned.plan.phases.flatMap((p) => p.steps.map((s) => [s.id, s])));
    expect(steps.copy!.plannedDurationMin).toBe(30);
    expect(steps.point!.plannedDurationMin).toBe(5);
    // Slack kept: the rehearsal's smoke test took the 10 planned minutes; nothing shrank below its plan.
    expect(steps.verify!.plannedDurationMin).toBe(10);
    expect(planned.drain?.ok).toBe(true);
    const plannedDrain = steps.drain!.plannedDurationMin;

    // The live night, run to that plan: the copy a little slower than planned.
    const liveNight = await night('Database cutover', LIVE_START, false, planned.plan, LIVE_ARRIVAL_PER_MIN, {
      open: [0, 5],
      stop: [5, 10],
      copy: [10, 42],
      point: [42, 47],
      restart: [47, 52],
      drain: [52, 0],
      verify: [52, 62],
    });
    const liveDrain = measuredMinutes(liveNight.state.steps.drain!)!;
    expect(liveDrain).toBeGreaterThan(120);
    // The proof: within 25 % of what the live night took.
    expect(Math.abs(plannedDrain - liveDrain) / liveDrain).toBeLessThan(0.25);
    // One factor of 3 for every step, as the screen offered before, misses it by far.
    const naive = Object.fromEntries(planFromRehearsal(rehearsal.state, 3).phases.flatMap((p) => p.steps.map((s) => [s.id, s.plannedDurationMin])));
    expect(Math.abs(naive.drain! - liveDrain) / liveDrain).toBeGreaterThan(0.5);

    console.info(
      `rehearsal drain ${Math.round(rehearsalDrain)} min; planned live drain ${plannedDrain} min; live took ${Math.round(liveDrain)} min (${Math.round((100 * (plannedDrain - liveDrain)) / liveDrain)} %); one factor of 3 for all: ${naive.drain} min`,
    );

    // The live header's comparison, an hour into the drain: the queue's pace against the plan.
    const hourIn = liveNight.at(52 + 60);
    const lag = analyseLag(liveNight.state, liveNight.events, liveNight.samples, plannedVsActual(liveNight.state).outages);
    expect(lag.series[0]!.caughtUp).not.toBeNull();
    const midway = {
      ...liveNight.state,
      steps: { ...liveNight.state.steps, drain: { ...liveNight.state.steps.drain!, status: 'in_progress' as const, endedAt: null } },
    };
    const onPace = drainAgainstPlan(midway, hourIn, lag.series[0]!.caughtUp!.t);
    expect(onPace).toMatchObject({ stepId: 'drain', elapsedMin: 60, plannedMin: plannedDrain, late: false });
    expect(Math.round(onPace!.projectedMin!)).toBe(Math.round(liveDrain));

    // The live draft, linked to its rehearsal: rehearsal against live per step, with the factor.
    const md = draftPostmortem({ state: liveNight.state, events: liveNight.events, samples: liveNight.samples, rehearsal: { state: rehearsal.state } });
    const rows = section(md, 'Rehearsal against live').split('\n');
    expect(rows[0]).toBe('Against Database cutover (rehearsal): the factor is how many times longer live took.');
    expect(rows).toContain('| Copy the last changes to the new database | 30 min | 10 min | 32 min | +22 min | ×3.2 |');
    expect(rows.find((r) => r.startsWith('| Process the queued events |'))).toMatch(/\| ×1\d\.\d \|$/);
  });
});
