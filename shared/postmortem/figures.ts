import type { CutoverState } from '../cutover/state';
import { MIN } from '../time';
import { length, oneLine, when, who, type Ctx } from './context';
import { compareWithRehearsal } from './rehearsal';

/* The supporting figures that are tables: every step planned against actual, and a rehearsal beside the live night. */

const mins = (m: number | null) => (m === null ? '–' : length(m * MIN));
const signed = (m: number | null) => (m === null ? '–' : Math.round(m) === 0 ? '±0' : `${m > 0 ? '+' : '−'}${length(Math.abs(m) * MIN)}`);

const STATUS: Record<string, string> = {
  done: 'done',
  skipped: 'skipped',
  failed: 'failed',
  pending: 'not started',
  in_progress: 'running',
  blocked: 'blocked',
};

/**
 * One row per step: planned, actual, the difference, and how it ended; the critical path
 * marked. Then the steps added mid-night: work the planned end and on-time counts leave out.
 */
export function plannedVsActualTable(ctx: Ctx): string {
  if (ctx.pva.steps.length === 0) return 'The runbook had no steps.';
  const added = ctx.pva.unplanned.map((s) => `${oneLine(s.title)} (added at ${when(ctx, s.at)} by ${who(s.by)})`);
  const table = [
    '| Step | Owner | Planned | Actual | Difference | Ended |',
    '| --- | --- | --- | --- | --- | --- |',
    ...ctx.pva.steps.map(
      (s) =>
        `| ${oneLine(s.title)}${s.critical ? ' (critical path)' : ''} | ${oneLine(s.owner) || '–'} | ${mins(s.plannedMin)} | ${mins(s.actualMin)} | ${signed(s.overrunMin)} | ${STATUS[s.status] ?? s.status} |`,
    ),
  ].join('\n');
  return added.length ? `${table}\n\nNot in the plan the night started with: ${added.join('; ')}.` : table;
}

/** The live night beside its rehearsal, step by step, with the factor live took over it. */
export function rehearsalTable(live: CutoverState, rehearsal: CutoverState): string {
  const rows = compareWithRehearsal(live, rehearsal);
  const title = oneLine(rehearsal.info?.title ?? 'the rehearsal');
  return [
    `Against ${title}: the factor is how many times longer live took.`,
    '',
    '| Step | Planned | Rehearsal | Live | Difference | Factor |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${oneLine(r.title)}${r.stepId === null ? ' (rehearsal only)' : ''} | ${mins(r.plannedMin)} | ${mins(r.rehearsalMin)} | ${mins(r.liveMin)} | ${signed(r.diffMin)} | ${r.ratio === null ? '–' : `×${r.ratio.toFixed(1)}`} |`,
    ),
  ].join('\n');
}
