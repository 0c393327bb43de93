import { nightState } from '../cutover/nightState';
import { isEnded } from '../cutover/schema';
import type { CutoverState, StepState } from '../cutover/state';
import { currentSteps, orderedSteps, progress } from '../cutover/selectors';
import { projectSchedule } from '../schedule/projection';
import { dateLabel, MIN } from '../time';
import { clock, decisionText, durationText, percentText, progressText, slipText, windowText, zoneName } from './format';
import { customerEnd } from './banner';
import { lagVariables, type LagSummary } from './lag';

/** `timeZone`: the zone times are written in; the cutover's own unless given (customers' lines use theirs). */
export type VariableInput = { state: CutoverState; now: number; lag?: readonly LagSummary[]; timeZone?: string };

/*
 * The live values a template is filled with. Every value is a finished phrase ("15 min
 * late", "12 of 30 steps") so a template reads as a sentence and never does arithmetic.
 */

/** Before the start and after the end no phase is under way: the night's own state stands in. */
const PHASE_OUTSIDE_THE_RUN: Partial<Record<CutoverState['status'], string>> = {
  draft: 'Not started',
  scheduled: 'Not started',
  completed: 'Completed',
  rolled_back: 'Rolled back',
  aborted: 'Stopped',
};

const unfinished = (s: StepState) => s.status !== 'done' && s.status !== 'skipped';

/** What the crew is on now; a blocked or failed step holds the night, so it counts too. */
function nowSteps(state: CutoverState): StepState[] {
  const current = currentSteps(state);
  if (current.length) return current;
  const stuck = orderedSteps(state).find(unfinished);
  return stuck ? [stuck] : [];
}

/** The phase under way in words: its title, or where the night stands when no phase is. */
export const currentPhaseTitle = (state: CutoverState): string => phaseText(state, nowSteps(state));

function phaseText(state: CutoverState, steps: StepState[]): string {
  const ended = PHASE_OUTSIDE_THE_RUN[state.status];
  if (ended) return ended;
  const first = steps[0];
  if (!first) return 'All steps done';
  return state.phases.find((p) => p.id === first.phaseId)?.title ?? 'All steps done';
}

/** Before the start this is the first step to come; after the end there is none. */
function stepText(state: CutoverState, steps: StepState[]): string {
  if (isEnded(state.status)) return 'none';
  const titles = steps.map((s) => (s.status === 'blocked' || s.status === 'failed' ? `${s.title} (${s.status})` : s.title));
  if (titles.length === 0) return 'none';
  if (titles.length <= 2) return titles.join(' and ');
  return `${titles.slice(0, 2).join(', ')} and ${titles.length - 2} more`;
}

function statusText(state: CutoverState): string {
  // As the header says it: "on hold" while the last decision is HOLD, "rolling back" after ROLLBACK.
  return nightState(state).word;
}

export function templateVariables({ state, now, lag = [], timeZone }: VariableInput): Record<string, string> {
  const tz = timeZone ?? state.info?.window.timeZone ?? 'UTC';
  const windowStart = state.info?.window.start ?? now;
  const windowEnd = state.info?.window.end ?? now;
  const p = progress(state);
  const projection = projectSchedule(state, now);
  // Once the night is over its end is a fact, not a projection.
  const end = state.endedAt ?? projection.projectedEnd;
  // The time told is the customers' banner's: a drain under way ends with its queues, and a
  // queue not draining yet gives no time to promise (customerEnd).
  const told = state.endedAt ?? customerEnd(state, now, lag, projection);
  const steps = nowSteps(state);
  return {
    title: state.info?.title ?? 'Cutover',
    phase: phaseText(state, steps),
    step: stepText(state, steps),
    status: statusText(state),
    done: String(p.done),
    total: String(p.total),
    progress: progressText(p),
    percent: percentText(p),
    elapsed: state.startedAt === null ? 'not started' : durationText(((state.endedAt ?? now) - state.startedAt) / MIN),
    // No end can be promised (a queue not draining): left out, so a line naming it cannot be sent (composeDraft).
    ...(told === null ? {} : { projectedEnd: clock(told, tz) }),
    windowStart: clock(windowStart, tz),
    windowEnd: clock(windowEnd, tz),
    window: windowText(windowStart, windowEnd, tz),
    slip: slipText(((told ?? end) - projection.plannedEnd) / MIN),
    lastDecision: decisionText(state.decisions[state.decisions.length - 1] ?? null, tz),
    time: clock(now, tz),
    date: dateLabel(now, tz),
    zone: zoneName(now, tz),
    ...lagVariables(lag, now, tz),
  };
}

export type VariableHelp = { name: string; description: string; example: string };

/** The editor's help: what each variable means, and an example (the night's own value when given). */
const HELP: ReadonlyArray<readonly [name: string, description: string, example: string]> = [
  ['title', 'The cutover’s title', 'Database migration to AWS'],
  ['phase', 'The phase under way (or Not started, Completed, Rolled back)', 'Switch over'],
  ['step', 'The step under way, or the next one before the start', 'Update table sequences'],
  ['status', 'The night’s status in words', 'in progress'],
  ['done', 'Steps done or skipped', '12'],
  ['total', 'Steps in the runbook', '30'],
  ['progress', 'Steps done, in words', '12 of 30 steps'],
  ['percent', 'Share of the steps done', '40%'],
  ['elapsed', 'Time since the night started', '1 h 05 min'],
  ['projectedEnd', 'When the night is projected to end (or ended)', '20:45'],
  ['windowStart', 'The maintenance window’s start', '19:00'],
  ['windowEnd', 'The maintenance window’s end', '21:00'],
  ['window', 'The maintenance window with its zone (each end’s, across a clock change)', '19:00–21:00 BST'],
  ['slip', 'Ahead of or behind the plan', '15 min late'],
  ['lastDecision', 'The latest go/no-go decision', 'GO by Ana at 21:04: replication in sync'],
  ['time', 'The time the message is sent', '20:15'],
  ['date', 'The date the message is sent', '29 April 2026'],
  ['zone', 'The time zone the times are in', 'BST'],
  ['lag.worst.name', 'The lag series furthest towards its critical threshold', 'Alarm queue'],
  ['lag.worst.value', 'Its latest reading', '12,400'],
  ['lag.worst.eta', 'When it is expected to catch up', 'around 23:05'],
  ['lag.worst.summary', 'All of it in one phrase', 'Alarm queue: 12,400, expected to catch up around 23:05'],
];

const SERIES_HELP: ReadonlyArray<readonly [field: string, description: string]> = [
  ['name', 'name'],
  ['value', 'latest reading'],
  ['eta', 'expected catch-up time'],
  ['summary', 'reading and catch-up time in one phrase'],
];

export function variableList(input?: VariableInput): VariableHelp[] {
  const live = input ? templateVariables(input) : null;
  const fixed = HELP.map(([name, description, example]) => ({ name, description, example: live?.[name] ?? example }));
  const series = (input?.lag ?? [])
    .filter((l) => l.seriesId !== 'worst')
    .flatMap((l) =>
      SERIES_HELP.map(([field, what]) => {
        const name = `lag.${l.seriesId}.${field}`;
        return { name, description: `${l.name}: ${what}`, example: live?.[name] ?? '' };
      }),
    );
  return [...fixed, ...series];
}
