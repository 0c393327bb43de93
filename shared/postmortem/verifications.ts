import { checkList } from '../checks/state';
import type { CutoverEvent } from '../cutover/events';
import { overrideWords } from '../polls/against';
import { list, oneLine, when, type Ctx } from './context';

/*
 * The evidence behind the night's "verified": every check with its last result (value, time,
 * how many times it ran), every step a check completed or that was completed over a failing
 * check, and every GO given over an unmet condition. From the record alone, like every section.
 */

type Completed = Extract<CutoverEvent, { type: 'step.completed' }>;
type Decided = Extract<CutoverEvent, { type: 'decision.recorded' }>;

export function verifications(ctx: Ctx): string {
  const { state, events } = ctx;
  const title = (stepId: string) => `“${oneLine(state.steps[stepId]?.title ?? stepId)}”`;
  const lines: string[] = [];
  for (const c of checkList(state)) {
    const last = c.last;
    const result = last
      ? `${last.pass ? 'passed' : 'did not pass'}: ${oneLine(last.error ?? last.summary)} (${when(ctx, last.at)}, ${last.attempt} run${last.attempt === 1 ? '' : 's'})`
      : 'never ran';
    lines.push(
      `Check “${oneLine(c.config.name)}” ${result}${c.firstPassedAt !== null && !last?.pass ? `; it had passed at ${when(ctx, c.firstPassedAt)}` : ''}`,
    );
  }
  for (const e of events) {
    if (e.type === 'step.completed' && e.payload.evidence?.length) {
      const done = e as Completed;
      const evidence = done.payload.evidence!.map((x) => `${oneLine(x.name)}: ${oneLine(x.summary)}`).join('; ');
      if (done.payload.forced)
        lines.push(
          `Override: ${title(done.payload.stepId)} completed by ${oneLine(done.actor.name)} at ${when(ctx, done.ts)} although its check did not pass (${evidence}): ${oneLine(done.payload.forced)}`,
        );
      else
        lines.push(
          `${title(done.payload.stepId)} verified at ${when(ctx, done.ts)} by ${done.actor.role === 'system' ? 'the hub' : oneLine(done.actor.name)}: ${evidence}`,
        );
    }
    if (e.type === 'decision.recorded' && e.payload.override) {
      const d = e as Decided;
      lines.push(
        `Override: ${oneLine(overrideWords(d.payload.override!))} by ${oneLine(d.actor.name)} at ${when(ctx, d.ts)}: ${oneLine(d.payload.override!.reason)}`,
      );
    }
  }
  return list(lines, 'No checks were set up.');
}

/** The section, for a night that had checks: a night without any reads as it always did. */
export const verificationsSection = (ctx: Ctx): string[][] => (checkList(ctx.state).length > 0 ? [['## Verifications', verifications(ctx)]] : []);
