import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { StageEntry } from '../electron/hub/stageTimes';
import { fmt, median } from './lib';

/*
 * The slowest commands of a bench:sync run, one by one: where each one's time went, from the
 * lead's send to the last client's receipt, across the bench's process and the hub's. The
 * stage percentiles (stages.ts) give each step's p99, but not which step made the commands
 * at the run's p99 slow. Nor do they see a command that waited before the hub read its frame
 * or after the hub had written it out: those show up only here.
 *
 * Each process stamps its moments with performance.now(). Adding its performance.timeOrigin
 * puts them on the system clock both processes read, so a command's moments in the two can
 * be set side by side. A command that reached the hub before it was sent would mean the two
 * origins disagree; the report says so rather than print such a breakdown.
 */

/** A garbage-collector pause: `at` on its process's performance.now() clock. */
export type Pause = { at: number; ms: number; kind: 'minor' | 'major' | 'incremental' | 'weak' };

/** What the hub answers to `stages:commands` (bench/hubServer.ts): its clock's origin, each command's stages, its pauses. */
export type HubTimeline = { origin: number; commands: StageEntry[]; pauses: Pause[] };

/** A command as the bench saw it, on the system clock: sent by the lead, received by the last client. */
export type Receipt = { sent: number; last: number };

const KINDS: Record<number, Pause['kind']> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};

/** Lists this process's garbage-collector pauses from now on (until clear()). */
export function watchPauses(): { list: () => Pause[]; clear: () => void } {
  let pauses: Pause[] = [];
  new PerformanceObserver((found) => {
    for (const e of found.getEntries() as Array<PerformanceEntry & { detail?: { kind?: number } }>) {
      pauses.push({ at: e.startTime, ms: e.duration, kind: KINDS[e.detail?.kind ?? -1] ?? 'minor' });
    }
  }).observe({ entryTypes: ['gc'] });
  return { list: () => pauses, clear: () => (pauses = []) };
}

/**
 * The parts of a command's way, in order; they add up to its time from send to the last
 * client. The fan-out ends once the hub has written the frame to every socket, so `to last`
 * is a little below zero when the last client read it before the hub had finished.
 */
const PARTS = ['to hub', 'decide', 'write', 'fan-out', 'to last'] as const;
type Part = (typeof PARTS)[number];

type Row = { total: number; parts: Record<Part, number>; pauses: string[] };

/**
 * The `count` slowest commands with their parts, the pauses of either process that overlap
 * each, and which part made each slow (the part furthest above its own median).
 * `benchPauses`: the bench's own, on its own clock (origin `benchOrigin`).
 */
export function tailReport(receipts: ReadonlyMap<string, Receipt>, hub: HubTimeline, benchPauses: Pause[], benchOrigin: number, count: number): string[] {
  const onClock = (pauses: Pause[], origin: number, who: string) =>
    pauses.map((p) => ({ from: p.at + origin, to: p.at + origin + p.ms, label: `${who} ${p.kind} ${fmt(p.ms, 1)}` }));
  const pauses = [...onClock(hub.pauses, hub.origin, 'hub'), ...onClock(benchPauses, benchOrigin, 'bench')];
  const rows: Row[] = [];
  let skewed = 0;
  for (const e of hub.commands) {
    const r = e.command === undefined ? undefined : receipts.get(e.command);
    if (!r || e.arrival === undefined || e.decided === undefined || e.fsynced === undefined || e.broadcast === undefined) continue;
    const at = (t: number) => t + hub.origin;
    if (at(e.arrival) < r.sent) skewed = Math.max(skewed, r.sent - at(e.arrival));
    rows.push({
      total: r.last - r.sent,
      parts: {
        'to hub': at(e.arrival) - r.sent,
        decide: e.decided - e.arrival,
        write: e.fsynced - e.decided,
        'fan-out': e.broadcast - e.fsynced,
        'to last': r.last - at(e.broadcast),
      },
      pauses: pauses.filter((p) => p.from < r.last && p.to > r.sent).map((p) => p.label),
    });
  }
  if (rows.length === 0) return ['slowest commands: none of the hub’s commands matched one the bench sent'];
  if (skewed > 0.05) return [`slowest commands: not shown, the two processes' clocks disagree (a frame reached the hub ${fmt(skewed)} ms before it was sent)`];
  const medians = Object.fromEntries(PARTS.map((p) => [p, median(rows.map((r) => r.parts[p]))])) as Record<Part, number>;
  const slowest = [...rows].sort((a, b) => b.total - a.total).slice(0, count);
  const widths = PARTS.map((p) => Math.max(7, p.length));
  const cells = (values: string[]) => values.map((v, i) => v.padStart(widths[i]!)).join(' ');
  const blamed = new Map<Part, number>();
  const lines = [
    `slowest ${slowest.length} of ${rows.length} commands, where each one's time went (ms):`,
    `    total ${cells([...PARTS])}  pauses overlapping it`,
    `   median ${cells(PARTS.map((p) => fmt(medians[p])))}`,
  ];
  for (const r of slowest) {
    const worst = PARTS.reduce((a, b) => (r.parts[b] - medians[b] > r.parts[a] - medians[a] ? b : a));
    blamed.set(worst, (blamed.get(worst) ?? 0) + 1);
    lines.push(`  ${fmt(r.total).padStart(7)} ${cells(PARTS.map((p) => fmt(r.parts[p])))}  ${r.pauses.join(', ') || '-'}`);
  }
  const byPart = [...blamed].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} ${n}`);
  const paused = slowest.filter((r) => r.pauses.length > 0).length;
  lines.push(`  slow mostly in: ${byPart.join(', ')}; a garbage-collector pause overlapped ${paused} of ${slowest.length}`);
  return lines;
}
