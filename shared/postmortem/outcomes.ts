import { undeliveredMessages } from './communications';
import { length, MIN, notesAsWritten, oneLine, pastWindow, plural, sentence, when, who, type Ctx } from './context';
import { outagePhrase, outageWentToPlan } from './outages';
import { asStarted } from './plannedVsActual';
import { lagDidNotGoToPlan, lagWentToPlan } from './queues';

/*
 * "## What went to plan" and "## What did not": steps and phases against their plan, the
 * outages the customers saw, issues noted, the lag series' verdicts (queues.ts) and
 * messages that never arrived.
 */

export function wentToPlan(ctx: Ctx): string[] {
  const { state, events, pva, threshold } = ctx;
  const items: string[] = [];
  if (state.status === 'completed') items.push(`The cutover was completed${state.rollback ? ' after a rollback' : ''}.`);
  // On time against the plan the night started with: not the way back, not steps added mid-night.
  const plan = asStarted(state, events);
  const timed = pva.steps.filter((s) => plan.steps[s.stepId] && s.status === 'done' && s.overrunMin !== null);
  const onTime = timed.filter((s) => (s.overrunMin ?? 0) <= threshold);
  if (timed.length) items.push(`${onTime.length} of ${plural(timed.length, 'step')} done took no more than ${length(threshold * MIN)} longer than planned.`);
  const planned = new Set(plan.phases.filter((p) => p.stepIds.length > 0).map((p) => p.id));
  const phasesOnTime = pva.phases.filter((p) => planned.has(p.phaseId) && p.slipMin !== null && p.slipMin <= threshold);
  if (phasesOnTime.length)
    items.push(`Finished within ${length(threshold * MIN)} of their planned end: ${phasesOnTime.map((p) => oneLine(p.title)).join(', ')}.`);
  for (const o of pva.outages) if (outageWentToPlan(ctx, o)) items.push(sentence(outagePhrase(ctx, o)));
  // The queues that outage left behind, and how they drained.
  items.push(...lagWentToPlan(ctx));
  if (ctx.overrun?.ended && ctx.overrun.ms <= 0) items.push('The night ended within the maintenance window.');
  return items;
}

export function didNotGoToPlan(ctx: Ctx): string[] {
  const { state, events, pva, threshold } = ctx;
  const items: string[] = [];
  const owner = (o: string) => (o.trim() ? ` (${oneLine(o)})` : '');
  for (const s of pva.steps) {
    if (s.status === 'done' && s.overrunMin !== null && s.actualMin !== null && s.overrunMin > threshold) {
      items.push(
        `${oneLine(s.title)}${owner(s.owner)} took ${length(s.actualMin * MIN)} against ${length(s.plannedMin * MIN)} planned (${length(s.overrunMin * MIN)} over).`,
      );
    }
  }
  for (const s of pva.steps) {
    const reason = state.steps[s.stepId]?.statusReason;
    if (s.status === 'failed') items.push(sentence(`Failed: ${oneLine(s.title)}${owner(s.owner)}${reason ? `: ${oneLine(reason)}` : ''}`));
    if (s.status === 'skipped') items.push(sentence(`Skipped: ${oneLine(s.title)}${owner(s.owner)}${reason ? `: ${oneLine(reason)}` : ''}`));
  }
  for (const p of pva.phases) if (p.skipped) items.push(`Phase skipped in full: ${oneLine(p.title)}.`);
  if (state.endedAt !== null) {
    const open = pva.steps.filter((s) => s.status === 'pending' || s.status === 'in_progress' || s.status === 'blocked');
    if (open.length) items.push(`Not finished when the night ended: ${open.map((s) => `${oneLine(s.title)} (${s.status.replace('_', ' ')})`).join(', ')}.`);
  }
  for (const n of notesAsWritten(events)) {
    if (n.severity === 'issue') items.push(sentence(`Issue noted at ${when(ctx, n.at)} by ${who(n.by.name)}: ${oneLine(n.text)}`));
  }
  // Over its planned length, not measured, or never planned: the customers saw more than they were told.
  for (const o of pva.outages) if (o.start !== null && !outageWentToPlan(ctx, o)) items.push(sentence(outagePhrase(ctx, o)));
  items.push(...lagDidNotGoToPlan(ctx), ...undeliveredMessages(ctx));
  if (state.rollback) items.push(`Rollback was decided at ${when(ctx, state.rollback.startedAt)}.`);
  if (state.status === 'rolled_back' || state.status === 'aborted') {
    items.push(
      sentence(`The cutover was ${state.status === 'aborted' ? 'aborted' : 'rolled back'}${state.statusReason ? `: ${oneLine(state.statusReason)}` : ''}`),
    );
  }
  if (ctx.overrun?.ended && ctx.overrun.ms > 0) items.push(`The night ran ${pastWindow(ctx.overrun)} past the end of the maintenance window.`);
  return items;
}
