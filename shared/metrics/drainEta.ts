import type { CutoverState, StepState } from '../cutover/state';

/** The drain step under way, if one is: its queues decide when it ends, not its planned minutes. */
export const drainUnderWay = (state: Pick<CutoverState, 'steps'>): StepState | undefined =>
  Object.values(state.steps).find((s) => s.scales === 'drain' && s.status === 'in_progress' && s.startedAt !== null);

/**
 * When the backlog is drained: the latest caught-up time among the series still draining, as
 * the drain ends with the last of them; `now` when every one has caught up; null when one has
 * no end yet (too few readings, flat or growing, or not read lately: `stale`). The header's
 * drain chip and the time customers are told both read it, so they never say two things.
 */
/** A series' forecast as drainEtaOf reads it: a Forecast, or a lag summary's. */
export type DrainReading = { trend: string; etaMs: number | null; stale?: boolean };

export function drainEtaOf(series: readonly (DrainReading | null | undefined)[], now: number): number | null {
  if (series.length === 0) return null;
  const open = series.filter((f) => f?.trend !== 'empty' || f.stale);
  if (open.length === 0) return now;
  if (open.some((f) => !f || f.etaMs === null || f.stale)) return null;
  return Math.max(...open.map((f) => f!.etaMs!));
}
