import { capitalise, length, oneLine, span, wasWere, when, type Ctx } from './context';
import type { OutageComparison } from './plannedVsActual';
import { MIN } from '../time';

/*
 * An outage the customers saw, in words: what it did ("stopped", "degraded", "down"), for
 * how long, against the length they were told when there was one. An outage with no planned
 * length says so instead of borrowing the steps' span as a promise nobody made.
 */

/** "Event processing was stopped", "Service was degraded", "Internal queues were stopped". */
export function outageSubject(o: Pick<OutageComparison, 'name'>): string {
  const name = oneLine(o.name);
  const degraded = /^(.*\S)\s+degradation$/i.exec(name);
  if (degraded) return `${capitalise(degraded[1]!)} ${wasWere(degraded[1]!)} degraded`;
  const down = /^(.*\S)\s+(?:outage|downtime)$/i.exec(name);
  if (down) return `${capitalise(down[1]!)} ${wasWere(down[1]!)} down`;
  return `${capitalise(name)} ${wasWere(name)} stopped`;
}

/** "Event processing restarted", "Service back to normal", "Payments back up": the end of an outage. */
export function outageEnded(o: Pick<OutageComparison, 'name'>): string {
  const name = oneLine(o.name);
  const degraded = /^(.*\S)\s+degradation$/i.exec(name);
  if (degraded) return `${capitalise(degraded[1]!)} back to normal`;
  const down = /^(.*\S)\s+(?:outage|downtime)$/i.exec(name);
  if (down) return `${capitalise(down[1]!)} back up`;
  return `${capitalise(name)} restarted`;
}

/** Minutes over the planned length, or null when none was planned or it is not measured. */
export const overMin = (o: OutageComparison): number | null => (o.plannedMin === null || o.actualMin === null ? null : o.actualMin - o.plannedMin);

const rolledBack = (ctx: Ctx, o: OutageComparison) => {
  const step = o.endedByRollbackStepId ? ctx.state.steps[o.endedByRollbackStepId] : undefined;
  return step ? `, ended by the rollback (“${oneLine(step.title)}”)` : '';
};

/**
 * "Event processing was stopped for 45 min against 30 min planned (15 min over), 19:45–20:30",
 * "Service was degraded for 1 h 35 min, 19:10–20:45, with no planned length",
 * "Event processing was stopped at 19:45; the record does not show it restarted (30 min planned)".
 * No full stop: callers make it a sentence or a clause.
 */
export function outagePhrase(ctx: Ctx, o: OutageComparison): string {
  const subject = outageSubject(o);
  if (o.start === null) return `${subject}: never, the step that begins it was not started`;
  if (o.actualMin === null || o.end === null) {
    return `${subject} at ${when(ctx, o.start)}; the record does not show it restarted${o.plannedMin === null ? '' : ` (${length(o.plannedMin * MIN)} planned)`}`;
  }
  const how = `${subject} for ${length(o.actualMin * MIN)}`;
  const at = `${span(ctx, o.start, o.end)}${rolledBack(ctx, o)}`;
  if (o.plannedMin === null) return `${how}, ${at}, with no planned length`;
  const over = Math.round(o.actualMin - o.plannedMin);
  const against = `against ${length(o.plannedMin * MIN)} planned`;
  return `${how} ${against}${over > 0 ? ` (${over} min over)` : over < 0 ? ` (${-over} min under)` : ''}, ${at}`;
}

/** Went to plan: measured, planned, and no more than the threshold over. */
export const outageWentToPlan = (ctx: Ctx, o: OutageComparison): boolean => {
  const over = overMin(o);
  return over !== null && over <= ctx.threshold;
};
