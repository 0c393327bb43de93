import { EVENT_VERSION, HUB_ACTOR, type Actor, type CutoverEvent, type EventPayload, type EventType, type RunbookPlan } from '@shared/cutover';
import { SeriesConfigSchema, type SampleBatch, type SeriesConfig, type SeriesConfigInput } from '@shared/metrics';
import { seededRandom } from '../random';

/*
 * The night the chart benchmark draws, and the demo page shows: a cutover whose event
 * processing is stopped for a while, so every queue builds, plateaus while producers are
 * paused, and drains after processing restarts; replicas fall behind during the snapshot.
 * Deterministic (a seeded generator), so every run draws the same lines.
 */

export const WINDOW_START = Date.UTC(2026, 3, 29, 20, 0); // 21:00 BST
export const TIME_ZONE = 'Europe/London';
const S = 1000;
const MIN = 60 * S;
const at = (h: number, m = 0) => WINDOW_START + (h * 60 + m) * MIN;

type Shape = {
  id: string;
  name: string;
  unit: SeriesConfig['unit'];
  group?: string;
  /** Readings per second in, while processing is stopped; and the net drain once it restarts. */
  inflow: number;
  drain: number;
  /** Producers paused for a while (a plateau), in hours into the night. */
  pause: [number, number] | null;
  base: number;
  noise: number;
  /** Lines as fractions of the expected peak. */
  warning: number | null;
  critical: number | null;
};

const SHAPES: Shape[] = [
  { id: 'orders', name: 'Orders queue', unit: 'count', inflow: 22, drain: 7, pause: [1.2, 1.6], base: 40, noise: 0.08, warning: 0.35, critical: 0.8 },
  { id: 'payments', name: 'Payments queue', unit: 'count', inflow: 6, drain: 9, pause: null, base: 5, noise: 0.1, warning: 0.5, critical: 0.9 },
  {
    id: 'replica-1',
    name: 'Replica 1 lag',
    unit: 'seconds',
    group: 'Replicas',
    inflow: 0.35,
    drain: 0.5,
    pause: [1.0, 1.3],
    base: 0.4,
    noise: 0.12,
    warning: 0.4,
    critical: 0.85,
  },
  {
    id: 'replica-2',
    name: 'Replica 2 lag',
    unit: 'seconds',
    group: 'Replicas',
    inflow: 0.3,
    drain: 0.2,
    pause: null,
    base: 0.3,
    noise: 0.12,
    warning: 0.4,
    critical: 0.85,
  },
  { id: 'outbox', name: 'Email outbox', unit: 'count', inflow: 3, drain: 4, pause: [0.9, 2.0], base: 10, noise: 0.15, warning: 0.6, critical: null },
  { id: 'search', name: 'Search indexer', unit: 'count', inflow: 40, drain: 12, pause: null, base: 120, noise: 0.06, warning: 0.3, critical: 0.75 },
  { id: 'cdc', name: 'CDC stream', unit: 'count', inflow: 15, drain: 5, pause: [1.5, 2.2], base: 30, noise: 0.1, warning: 0.45, critical: 0.9 },
  { id: 'wal', name: 'WAL backlog', unit: 'bytes', inflow: 2.4e6, drain: 1.2e6, pause: null, base: 4e6, noise: 0.05, warning: 0.5, critical: 0.95 },
  { id: 'audit', name: 'Audit events', unit: 'count', inflow: 9, drain: 2.5, pause: [0.8, 1.1], base: 15, noise: 0.12, warning: 0.7, critical: null },
  { id: 'notify', name: 'Push notifications', unit: 'count', inflow: 12, drain: 30, pause: null, base: 8, noise: 0.2, warning: 0.5, critical: 0.85 },
];

/** When processing is stopped and restarted (the runbook below), in hours into the night. */
const STOP_H = 0.25;
const RESTART_H = 2.8;

/** A reading per second for one series: `next(t)` is its value at hub time t (called in order). */
export function seriesGenerator(shape: Shape, seed: number): (t: number) => number {
  const rnd = seededRandom(seed);
  let level = shape.base;
  let wobble = 0;
  return (t: number) => {
    const h = (t - WINDOW_START) / (60 * MIN);
    const paused = shape.pause !== null && h >= shape.pause[0] && h < shape.pause[1];
    const jitter = 1 + (rnd() - 0.5) * 2 * shape.noise;
    if (h >= STOP_H && h < RESTART_H) level += paused ? shape.inflow * 0.02 * jitter : shape.inflow * jitter;
    else if (h >= RESTART_H) level = Math.max(shape.base, level - shape.drain * jitter);
    // A slow wander and the odd spike: a consumer rebalancing, a poll that read a stale replica.
    wobble = 0.995 * wobble + (rnd() - 0.5) * shape.noise * Math.max(shape.base, level * 0.01);
    const spike = rnd() < 0.0005 ? level * 0.15 : 0;
    return Math.max(0, Math.round((level + wobble + spike) * 100) / 100);
  };
}

const peakOf = (s: Shape) => s.base + s.inflow * ((RESTART_H - STOP_H) * 3600 - (s.pause ? (s.pause[1] - s.pause[0]) * 3600 * 0.98 : 0));

export function seriesConfig(s: Shape, grouped: boolean): SeriesConfig {
  const peak = peakOf(s);
  const line = (f: number | null) => (f === null ? null : Math.round(peak * f));
  const input: SeriesConfigInput = {
    id: s.id,
    name: s.name,
    unit: s.unit,
    group: grouped ? (s.group ?? '') : '',
    intervalSec: 1,
    warning: line(s.warning),
    critical: line(s.critical),
    source: { kind: 'push' },
  };
  return SeriesConfigSchema.parse(input);
}

const LEAD: Actor = { id: 'm-lead', name: 'Lena', role: 'lead' };
const DBA: Actor = { id: 'm-dba', name: 'Dan', role: 'operator' };
const CTO: Actor = { id: 'm-cto', name: 'Chris', role: 'approver' };

function step(id: string, title: string, offset: number, duration: number, deps: string[]) {
  return {
    id,
    title,
    description: '',
    owner: 'DBA',
    plannedOffsetMin: offset,
    plannedDurationMin: duration,
    dependsOn: deps,
    kind: 'task' as const,
    rollbackNote: '',
    pointOfNoReturn: id === 'seq',
  };
}

const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Cutover',
      steps: [
        step('stop', 'Stop event processing', 10, 5, []),
        step('snapshot', 'Snapshot the primary', 15, 60, ['stop']),
        step('switch', 'Switch database', 75, 40, ['snapshot']),
        step('seq', 'Update sequences', 115, 30, ['switch']),
        step('restart', 'Restart event processing', 145, 10, ['seq']),
        step('verify', 'Verify order flow', 160, 30, ['restart']),
      ],
    },
  ],
};

export type Night = { events: CutoverEvent[]; series: SeriesConfig[]; shapes: Shape[] };

/**
 * The events of the night up to `until`: created, started, the runbook worked through,
 * a GO, a few notes, the series defined; `downSeries` gets a source-down alert.
 */
export function nightEvents(count: number, opts: { grouped: boolean; until: number; downSeries?: string }): Night {
  const shapes = SHAPES.slice(0, count);
  const series = shapes.map((s) => seriesConfig(s, opts.grouped));
  const events: CutoverEvent[] = [];
  const add = <T extends EventType>(ts: number, actor: Actor, type: T, payload: EventPayload<T>) => {
    if (ts <= opts.until) events.push({ v: EVENT_VERSION, seq: events.length + 1, ts, actor, type, payload } as CutoverEvent);
  };
  const created = WINDOW_START - 30 * MIN;
  add(created, LEAD, 'cutover.created', {
    cutover: {
      id: 'bench',
      title: 'Orders platform cutover',
      window: { start: WINDOW_START, end: at(8), timeZone: TIME_ZONE },
      isRehearsal: false,
      pointOfNoReturnAt: null,
    },
    runbook: RUNBOOK,
  });
  for (const s of series) add(created + S, LEAD, 'series.defined', { series: s });
  add(at(0, 5), LEAD, 'cutover.statusChanged', { from: 'scheduled', to: 'in_progress' });
  const work: [string, number, number][] = [
    ['stop', 10, 15],
    ['snapshot', 15, 82],
    ['switch', 82, 126],
    ['seq', 126, 160],
    ['restart', 163, 168],
    ['verify', 170, 205],
  ];
  for (const [id, start, end] of work) {
    add(at(0, start), DBA, 'step.started', { stepId: id });
    add(at(0, end), DBA, 'step.completed', { stepId: id });
  }
  add(at(1, 0), DBA, 'note.added', { noteId: 'n1', text: 'Replica 2 lag climbing, expected during the snapshot', severity: 'info' });
  add(at(2, 2), CTO, 'decision.recorded', { decisionId: 'd1', decision: 'go', rationale: 'Snapshot verified, replicas healthy' });
  add(at(3, 40), LEAD, 'note.added', { noteId: 'n2', text: 'Drain slower than the rehearsal: about 400/min on orders', severity: 'issue' });
  add(at(5, 10), LEAD, 'note.added', { noteId: 'n3', text: 'Half the crew off shift; Dan stays on the queues', severity: 'info' });
  if (opts.downSeries) {
    const since = Math.min(opts.until, at(4, 4));
    add(since, HUB_ACTOR, 'series.alerted', { seriesId: opts.downSeries, kind: 'down', value: null, message: 'down: connection refused (127.0.0.1:5672)' });
  }
  // Added by kind above; a hub orders them by time, as the timeline shows them.
  events.sort((a, b) => a.ts - b.ts).forEach((e, i) => (e.seq = i + 1));
  return { events, series, shapes };
}

/** Readings at 1 Hz from the window's start, `points` per series; `more()` continues them one second at a time. */
export function nightSamples(
  shapes: readonly Shape[],
  points: number,
  stopBefore?: { id: string; at: number },
): { batches: SampleBatch[]; more: () => SampleBatch[] } {
  const gens = shapes.map((s, i) => seriesGenerator(s, 1234 + i));
  const batches = shapes.map((s, i): SampleBatch => {
    const t: number[] = new Array(points);
    const v: number[] = new Array(points);
    let n = 0;
    for (let k = 0; k < points; k++) {
      const time = WINDOW_START + k * S;
      const value = gens[i]!(time);
      if (stopBefore?.id === s.id && time >= stopBefore.at) continue; // the source went down
      t[n] = time;
      v[n] = value;
      n++;
    }
    t.length = n;
    v.length = n;
    return { s: s.id, t, v };
  });
  let next = WINDOW_START + points * S;
  const more = () => {
    const time = next;
    next += S;
    return shapes.map((s, i) => ({ s: s.id, t: [time], v: [gens[i]!(time)] }));
  };
  return { batches, more };
}
