import type { StageEntry } from '../electron/hub/stageTimes';
import { p50p95max } from './lib';
import { describeBreakdown, stageBreakdown } from './stages';
import type { HubTimeline } from './tail';

/*
 * Where a bench:ui toggle's way to window B went before B had the frame: A's click handler
 * until its socket send, the send until the hub read the frame, the hub until the command's
 * event was durable, and from there until B's page had it (the fan-out to B's socket, and
 * Chromium handing the frame to B's page). The breakdown line of bench:ui gives "click → B's
 * frame arrives" as one figure; this splits it with the hub's stage clock
 * (electron/hub/stageTimes.ts), matched to each toggle by the command's id. Not at the hub's
 * `broadcast` stamp: that is taken once the frame is written to every socket, and B's page may
 * have read it long before, when the hub lost its core between two sockets' writes.
 *
 * The moments come from three processes: the two pages, and the hub. Each page's moments are
 * on its performance.timeOrigin + now() clock, put on B's; the hub's on its own, put on B's
 * by how each clock stands against Date.now() (the system clock every process reads).
 */

/** One toggle as the pages saw it, in ms on B's clock; `command` the id A's client sent. */
export type ToggleSend = { command: string; click: number; sent: number; arrives: number };

/** A part is reported below zero by more than this only if the clocks disagree. */
const CLOCK_SLACK_MS = 0.05;

/**
 * The lines to print: each part's p50, p95 and max, then the hub's own stages over the same
 * commands. `hubToB`: what to add to a hub moment (its origin plus a stage) to put it on B's clock.
 */
export function toggleWayLines(toggles: readonly ToggleSend[], hub: HubTimeline, hubToB: number): string[] {
  const byCommand = new Map<string, StageEntry>();
  for (const e of hub.commands) if (e.command) byCommand.set(e.command, e);
  const parts: Record<'click→A_sends' | 'A_sends→hub_reads' | 'hub_reads→durable' | 'durable→B_frame_arrives', number[]> = {
    'click→A_sends': [],
    'A_sends→hub_reads': [],
    'hub_reads→durable': [],
    'durable→B_frame_arrives': [],
  };
  const found: StageEntry[] = [];
  for (const t of toggles) {
    const e = byCommand.get(t.command);
    if (e?.arrival === undefined || e.fsynced === undefined) continue;
    found.push(e);
    const read = hub.origin + e.arrival + hubToB;
    const durable = hub.origin + e.fsynced + hubToB;
    parts['click→A_sends'].push(t.sent - t.click);
    parts['A_sends→hub_reads'].push(read - t.sent);
    parts['hub_reads→durable'].push(durable - read);
    parts['durable→B_frame_arrives'].push(t.arrives - durable);
  }
  if (found.length === 0) return [`toggle via the hub: none of the ${toggles.length} commands is in the hub's stage clock`];
  // A frame read by the hub before A sent it, or by B before it was durable, would mean the
  // clocks disagree.
  const early = [...parts['A_sends→hub_reads'], ...parts['durable→B_frame_arrives']].filter((ms) => ms < -CLOCK_SLACK_MS).length;
  return [
    `toggle via the hub (ms, ${found.length} of ${toggles.length} commands): ` +
      Object.entries(parts)
        .map(([name, xs]) => `${name} ${p50p95max(xs, 2)}`)
        .join(' | '),
    ...(early > 0 ? [`  (${early} frames read before they were sent or durable: the clocks disagree, read the parts either side of the hub with care)`] : []),
    `toggle ${describeBreakdown(stageBreakdown(found))}`,
  ];
}
