import { formatValue } from '../metrics/format';

import { customerUpdates } from './communications';
import { alertText, capitalise, length, list, notesAsWritten, oneLine, pastWindow, sentence, span, when, who, type Ctx } from './context';
import { lagWentWrong, type SeriesLag } from './lag';
import { outageEnded, outagePhrase } from './outages';
import { placeholder } from './placeholder';

/*
 * What the customers lived through, from the record: the outages named in the runbook and the
 * queues they left behind. The summary's first line, and the Impact, Detection and Resolution
 * sections. Who was affected is the team's to say: the record does not know the customers.
 */

const named = (s: SeriesLag) => oneLine(s.name) || s.seriesId;
const backlogAfterOutage = (s: SeriesLag) => s.peak !== null && s.drain !== null && s.drainFrom?.restartOf != null;
/** A drain nobody saw (lag.ts): the gap it happened in, never a time it was caught up. */
const noReadings = (ctx: Ctx, gap: { from: number; to: number }) => `no readings ${span(ctx, gap.from, gap.to)}`;

/**
 * "3 h 15 min in all, 19:45–23:00: event processing was stopped for 45 min against 30 min planned (15 min over), 19:45–20:30; then the alarm queue took 2 h 30 min to drain, caught up at 23:00."
 * A drain nobody saw leaves the end not known: "at least 31 min from 19:00, its end not known: …; then the alarm queue had to drain, and when it did is not known: no readings 19:31–22:00."
 */
export function impactLine(ctx: Ctx): string {
  const outages = ctx.pva.outages.filter((o) => o.start !== null);
  if (ctx.pva.outages.length === 0) return `no outage was named in the runbook; ${placeholder('what the customers saw, if anything.')}`;
  if (outages.length === 0) return `none: the ${ctx.pva.outages.map((o) => oneLine(o.name)).join(' and the ')} outage never began.`;
  const drains = ctx.lag.series.filter(backlogAfterOutage);
  const parts = outages.map((o) => outagePhrase(ctx, o));
  const drainParts = drains.map((s) => {
    const the = `the ${named(s).toLowerCase()}`;
    const d = s.drain;
    if (d?.kind === 'seen') return `${the} took ${length(d.ms)} to drain, caught up at ${when(ctx, d.at)}`;
    if (d?.kind === 'unseen') return `${the} had to drain, and when it did is not known: ${noReadings(ctx, d.gap)}`;
    return `${the} was not caught up by the end of the record`;
  });
  const from = Math.min(...outages.map((o) => o.start!));
  // The last moment the customers are known to have been affected: an outage's end, a queue
  // caught up, or the last reading above its floor before a drain nobody saw.
  const ends = [
    ...outages.map((o) => o.end),
    ...drains.map((s) => (s.drain?.kind === 'seen' ? s.drain.at : s.drain?.kind === 'unseen' ? s.drain.gap.from : null)),
  ];
  const known = ends.every((e) => e !== null) ? Math.max(...(ends as number[])) : null;
  const endUnknown = drains.some((s) => s.drain?.kind === 'unseen');
  // One outage alone is its own total; several (or a drain after one) are summed up first.
  const single = parts.length === 1 && drainParts.length === 0;
  const head = single
    ? ''
    : known === null
      ? `from ${when(ctx, from)}, not over by the end of the record: `
      : endUnknown
        ? `at least ${length(known - from)} from ${when(ctx, from)}, its end not known: `
        : `${length(known - from)} in all, ${span(ctx, from, known)}: `;
  const body = `${parts.join('; ')}${drainParts.length ? `; then ${drainParts.join('; ')}` : ''}`;
  return sentence(`${head}${body.charAt(0).toLowerCase()}${body.slice(1)}`);
}

/** "## Impact": who (the team's to say), how long, how much. */
export function impactSection(ctx: Ctx): string {
  const items: string[] = [`Who: ${placeholder('who was affected (customers, sites, teams) and how they noticed.')}`];
  for (const o of ctx.pva.outages) if (o.start !== null) items.push(`How long: ${sentence(outagePhrase(ctx, o))}`);
  for (const s of ctx.lag.series) {
    if (!s.peak || !lagWentWrong(s) || !s.drainFrom) continue;
    const after = s.drainFrom.restartOf ? `after ${oneLine(s.drainFrom.restartOf)} restarted` : 'after its peak';
    const d = s.drain;
    if (d?.kind === 'seen') items.push(`How long: ${capitalise(named(s))} took ${length(d.ms)} to drain ${after}, caught up at ${when(ctx, d.at)}.`);
    else if (d?.kind === 'unseen') {
      // Still above its floor at the last reading before the gap: it took at least that long.
      const atLeast = d.gap.from - s.drainFrom.t;
      items.push(
        atLeast > 0
          ? `How long: ${capitalise(named(s))} took at least ${length(atLeast)} to drain ${after}; when it drained is not known: ${noReadings(ctx, d.gap)}.`
          : `How long: when ${named(s)} drained ${after} is not known: ${noReadings(ctx, d.gap)}.`,
      );
    } else items.push(`How long: ${capitalise(named(s))} was not caught up by the end of the record.`);
  }
  for (const s of ctx.lag.series) {
    if (s.peak && s.peak.v > Math.max(0, s.floor))
      items.push(`How much: ${capitalise(named(s))} peaked at ${formatValue(s.peak.v, s.unit)} at ${when(ctx, s.peak.t)}.`);
  }
  // Told is sent: an update that failed or was cancelled never reached them.
  const { told, missed } = customerUpdates(ctx);
  if (told) items.push(`Customers were told: ${told === 1 ? 'one update' : `${told} updates`} on the banner or status page (see Communications).`);
  if (missed.length) items.push(`Did not reach customers: ${missed.join('; ')}.`);
  if (ctx.overrun?.ended && ctx.overrun.ms > 0)
    items.push(`The night ran ${pastWindow(ctx.overrun)} past the maintenance window the customers were told about.`);
  return list(items, '');
}

/** "## Detection": the first alerts and issues, as the crew met them. */
export function detectionSection(ctx: Ctx): string {
  const items: string[] = [];
  const firstAlert = ctx.events.find((e) => e.type === 'series.alerted' && (e.payload.kind === 'critical' || e.payload.kind === 'not_draining'));
  if (firstAlert?.type === 'series.alerted')
    items.push(
      `First alert at ${when(ctx, firstAlert.ts)}: ${sentence(alertText(firstAlert.payload.message, ctx.state.series[firstAlert.payload.seriesId]?.name ?? ''))}`,
    );
  const firstIssue = notesAsWritten(ctx.events).find((n) => n.severity === 'issue');
  if (firstIssue) items.push(`First issue noted at ${when(ctx, firstIssue.at)} by ${who(firstIssue.by.name)}: ${sentence(oneLine(firstIssue.text))}`);
  const firstFailure = ctx.events.find((e) => e.type === 'step.failed');
  if (firstFailure?.type === 'step.failed') {
    const title = oneLine(ctx.state.steps[firstFailure.payload.stepId]?.title ?? firstFailure.payload.stepId);
    items.push(`First step failed at ${when(ctx, firstFailure.ts)}: ${sentence(`${title}: ${oneLine(firstFailure.payload.reason)}`)}`);
  }
  const overran = ctx.pva.steps.filter((s) => s.overrunMin !== null && s.overrunMin > ctx.threshold).sort((a, b) => a.plannedEnd - b.plannedEnd)[0];
  if (overran) items.push(`First step to overrun: ${oneLine(overran.title)}, due to end at ${when(ctx, overran.plannedEnd)}.`);
  return items.length ? list(items, '') : placeholder('how the problem was found, and how it could be found sooner.');
}

/** "## Resolution": how each outage ended, the way back if there was one, and the end of the night. */
export function resolutionSection(ctx: Ctx): string {
  const { state } = ctx;
  const items: string[] = [];
  if (state.rollback) {
    const d = state.decisions.find((x) => x.id === state.rollback?.decisionId);
    items.push(`Rollback decided at ${when(ctx, state.rollback.startedAt)}${d ? ` by ${who(d.by.name)}: ${sentence(oneLine(d.rationale))}` : '.'}`);
  }
  for (const o of ctx.pva.outages) {
    if (o.end === null || o.start === null) continue;
    const by = o.endedByRollbackStepId ?? o.endStepId;
    const step = state.steps[by];
    items.push(`${outageEnded(o)}${o.endedByRollbackStepId ? ' by the rollback' : ''} at ${when(ctx, o.end)}${step ? ` (“${oneLine(step.title)}”)` : ''}.`);
  }
  for (const s of ctx.lag.series) {
    if (s.drain?.kind === 'seen') items.push(`${capitalise(named(s))} caught up at ${when(ctx, s.drain.at)}.`);
    if (s.drain?.kind === 'unseen') items.push(`${capitalise(named(s))}: when it drained is not known (${noReadings(ctx, s.drain.gap)}).`);
  }
  const end = state.endedAt === null ? null : when(ctx, state.endedAt);
  if (end && state.status === 'completed') items.push(`The cutover was completed at ${end}.`);
  if (end && state.status === 'rolled_back') items.push(`The cutover was rolled back at ${end}.`);
  if (end && state.status === 'aborted') items.push(`The cutover was aborted at ${end}.`);
  return items.length ? list(items, '') : placeholder('what ended the outage, or what is still to be done to end it.');
}
