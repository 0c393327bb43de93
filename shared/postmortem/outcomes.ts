import { timelineNotes } from '../cutover/selectors';
import { undeliveredMessages } from './communications';
import { capitalise, MIN, oneLine, plural, when, type Ctx } from './context';
import type { OutageComparison } from './plannedVsActual';
import { lagDidNotGoToPlan, lagWentToPlan } from './queues';
import { minutes } from './time';

/*
 * "## What went to plan" and "## What did not": steps and phases against their plan, the
 * outages the customers saw, issues noted, the lag series' verdicts (queues.ts) and
 * messages that never arrived.
 */

const outageName = (o: OutageComparison) => capitalise(oneLine(o.name));

export function wentToPlan(ctx: Ctx): string[] {
  const { state, pva, threshold } = ctx;
  const items: string[] = [];
  if (state.status === 'completed') items.push(`The cutover was completed${state.rollback ? ' after a rollback' : ''}.`);
  const timed = pva.steps.filter((s) => s.status === 'done' && s.overrunMin !== null);
  const onTime = timed.filter((s) => (s.overrunMin ?? 0) <= threshold);
  if (timed.length) items.push(`${onTime.length} of ${plural(timed.length, 'step')} done took no more than ${minutes(threshold)} longer than planned.`);
  const phasesOnTime = pva.phases.filter((p) => p.slipMin !== null && p.slipMin <= threshold);
  if (phasesOnTime.length) items.push(`Finished within ${minutes(threshold)} of their planned end: ${phasesOnTime.map((p) => oneLine(p.title)).join(', ')}.`);
  for (const o of pva.outages) {
    if (o.actualMin !== null && o.actualMin - o.plannedMin <= threshold) {
      items.push(`${outageName(o)} was stopped for ${minutes(o.actualMin)} against ${Math.round(o.plannedMin)} planned.`);
    }
  }
  // The queues that outage left behind, and how they drained.
  items.push(...lagWentToPlan(ctx));
  const end = state.info?.window.end;
  if (state.endedAt !== null && end !== undefined && state.endedAt <= end) items.push('The night ended within the maintenance window.');
  return items;
}

export function didNotGoToPlan(ctx: Ctx): string[] {
  const { state, events, pva, threshold } = ctx;
  const items: string[] = [];
  const owner = (o: string) => (o.trim() ? ` (${oneLine(o)})` : '');
  for (const s of pva.steps) {
    if (s.status === 'done' && s.overrunMin !== null && s.actualMin !== null && s.overrunMin > threshold) {
      items.push(
        `${oneLine(s.title)}${owner(s.owner)} took ${minutes(s.actualMin)} against ${Math.round(s.plannedMin)} planned (${Math.round(s.overrunMin)} min over).`,
      );
    }
  }
  for (const s of pva.steps) {
    const reason = state.steps[s.stepId]?.statusReason;
    if (s.status === 'failed') items.push(`Failed: ${oneLine(s.title)}${owner(s.owner)}${reason ? `: ${oneLine(reason)}` : ''}.`);
    if (s.status === 'skipped') items.push(`Skipped: ${oneLine(s.title)}${owner(s.owner)}${reason ? `: ${oneLine(reason)}` : ''}.`);
  }
  if (state.endedAt !== null) {
    const open = pva.steps.filter((s) => s.status === 'pending' || s.status === 'in_progress' || s.status === 'blocked');
    if (open.length) items.push(`Not finished when the night ended: ${open.map((s) => `${oneLine(s.title)} (${s.status.replace('_', ' ')})`).join(', ')}.`);
  }
  for (const n of timelineNotes(events)) {
    if (n.severity === 'issue') items.push(`Issue noted at ${when(ctx, n.at)} by ${n.by.name}: ${oneLine(n.text)}`);
  }
  for (const o of pva.outages) {
    if (o.actualMin !== null && o.actualMin - o.plannedMin > threshold) {
      items.push(
        `${outageName(o)} was stopped for ${minutes(o.actualMin)} against ${Math.round(o.plannedMin)} planned (${Math.round(o.actualMin - o.plannedMin)} min over).`,
      );
    } else if (o.actualMin === null && o.start !== null) {
      items.push(`${outageName(o)} was stopped at ${when(ctx, o.start)}; the record does not show it restarted (${Math.round(o.plannedMin)} min planned).`);
    }
  }
  items.push(...lagDidNotGoToPlan(ctx), ...undeliveredMessages(ctx));
  if (state.rollback) items.push(`Rollback was decided at ${when(ctx, state.rollback.startedAt)}.`);
  if (state.status === 'rolled_back' || state.status === 'aborted') {
    items.push(`The cutover was ${state.status === 'aborted' ? 'aborted' : 'rolled back'}${state.statusReason ? `: ${oneLine(state.statusReason)}` : ''}.`);
  }
  const end = state.info?.window.end;
  if (state.endedAt !== null && end !== undefined && state.endedAt > end) {
    items.push(`The night ran ${minutes((state.endedAt - end) / MIN)} past the end of the maintenance window.`);
  }
  return items;
}
