import {
  isOwnedBy,
  mayOverridePonr,
  rollingBack,
  mayWorkStep,
  ponrClearance,
  ponrCrossed,
  uncrossedPonrBefore,
  unmetDependencies,
  type CutoverState,
  type Member,
  type StepState,
  type StepStatus,
} from '@shared/cutover';
import type { Projection } from '@shared/schedule';
import { clockTime } from '../../lib/time';
import { MIN } from '@shared/time';

export type StepRowModel = {
  step: StepState;
  /** "19:45" planned, and the actual or projected times as people read them. */
  planned: string;
  actual: string;
  /** Whole minutes; positive is late. Rounded so a row re-renders once a minute, not every second. */
  slipMin: number;
  waitingOn: string[];
  isNow: boolean;
  isMine: boolean;
  /** This person may start, complete, skip or fail it (its owner, an operator or the lead). */
  mayWork: boolean;
  /** Why the point of no return at this step is closed, while it is (no GO since its dependencies). */
  ponrClosed: string | null;
  /** The point of no return, not crossed yet, that this waiting step comes after: the hub refuses starting it early. */
  ponrAhead: string | null;
};

export type PhaseModel = { id: string; title: string; done: number; total: number; slipMin: number; rows: StepRowModel[] };

const DONEISH: StepStatus[] = ['done', 'skipped'];

/** `now`: the hub's time, by which a running step past its planned time says so (without it, only the projection speaks). */
export function runbookView(state: CutoverState, p: Projection, me: Member | null, onlyMine: boolean, now: number | null = null): PhaseModel[] {
  const tz = state.info?.window.timeZone ?? 'UTC';
  const running = Object.values(state.steps).some((s) => s.status === 'in_progress');
  // Most of the night there is no point of no return left to cross: then no waiting row walks
  // back through what it waits on to look for one (200 rows, at every event).
  const ponrLeft = Object.values(state.steps).some((s) => s.pointOfNoReturn && !ponrCrossed(s));
  let nextReadyMarked = false;
  return state.phases.map((phase) => {
    const rows: StepRowModel[] = [];
    let done = 0;
    for (const id of phase.stepIds) {
      const step = state.steps[id];
      const t = p.steps[id];
      if (!step || !t) continue;
      if (DONEISH.includes(step.status)) done++;
      const waitingOn = step.status === 'pending' || step.status === 'blocked' ? unmetDependencies(state, step).map((d) => d.title) : [];
      // "The step that is now": what runs, or when nothing runs, the first step that could.
      let isNow = step.status === 'in_progress';
      if (!running && !nextReadyMarked && step.status === 'pending' && waitingOn.length === 0 && state.status === 'in_progress') {
        isNow = true;
        nextReadyMarked = true;
      }
      const isMine = me !== null && isOwnedBy(step, me);
      if (onlyMine && !isMine) continue;
      const clearance = step.startedAt === null && !DONEISH.includes(step.status) ? ponrClearance(state, step) : null;
      rows.push({
        step,
        planned: `${clockTime(t.plannedStart, tz)}–${clockTime(t.plannedEnd, tz)}`,
        actual: actualText(step, t.projectedStart, t.projectedEnd, tz, now),
        slipMin: Math.round(t.slipMin),
        waitingOn,
        isNow,
        isMine,
        mayWork: me !== null && mayWorkStep(me, state.members[me.id] ?? me, step),
        ponrClosed: clearance && !clearance.clear ? clearance.why : null,
        ponrAhead: ponrLeft && waitingOn.length > 0 ? (uncrossedPonrBefore(state, step)?.title ?? null) : null,
      });
    }
    return { id: phase.id, title: phase.title, done, total: phase.stepIds.length, slipMin: Math.round(p.phases[phase.id]?.slipMin ?? 0), rows };
  });
}

/**
 * Two views of a phase that draw the same: every field equal, each row's too (its step the
 * same object, the names it waits on equal name by name). runbookView makes the whole view
 * anew for every event; this lets a phase whose rows did not move skip its drawing.
 */
export function samePhase(a: PhaseModel, b: PhaseModel): boolean {
  if (a === b) return true;
  for (const k of PHASE_FIELDS) if (a[k] !== b[k]) return false;
  if (a.rows.length !== b.rows.length) return false;
  for (let i = 0; i < a.rows.length; i++) if (!sameRow(a.rows[i]!, b.rows[i]!)) return false;
  return true;
}

/*
 * The fields compared, listed once rather than read off each row with Object.keys: that was an
 * array per row, 200 at every step change. A field added to a model and not listed here fails
 * to compile (fieldsOf), so it cannot be left out of the comparison.
 */
const fieldsOf =
  <T>() =>
  <const K extends readonly (keyof T)[]>(keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { unlisted: Exclude<keyof T, K[number]> })): K =>
    keys;
const PHASE_FIELDS = fieldsOf<Omit<PhaseModel, 'rows'>>()(['id', 'title', 'done', 'total', 'slipMin']);
const ROW_FIELDS = fieldsOf<Omit<StepRowModel, 'waitingOn'>>()([
  'step',
  'planned',
  'actual',
  'slipMin',
  'isNow',
  'isMine',
  'mayWork',
  'ponrClosed',
  'ponrAhead',
]);

function sameRow(a: StepRowModel, b: StepRowModel): boolean {
  for (const k of ROW_FIELDS) if (a[k] !== b[k]) return false;
  if (a.waitingOn.length !== b.waitingOn.length) return false;
  for (let i = 0; i < a.waitingOn.length; i++) if (a.waitingOn[i] !== b.waitingOn[i]) return false;
  return true;
}

function actualText(step: StepState, projStart: number, projEnd: number, tz: string, now: number | null): string {
  if (step.startedAt !== null && step.endedAt !== null) return `${clockTime(step.startedAt, tz)}–${clockTime(step.endedAt, tz)}`;
  if (step.startedAt !== null) {
    // A minute past its planned time the projection can only say "ends now", which is no estimate: the row says it runs long.
    if (now !== null && now > step.startedAt + (step.plannedDurationMin + 1) * MIN)
      return `${clockTime(step.startedAt, tz)}– (running past its ${step.plannedDurationMin}m)`;
    return `${clockTime(step.startedAt, tz)}– (ends ~${clockTime(projEnd, tz)})`;
  }
  if (step.endedAt !== null) return clockTime(step.endedAt, tz);
  return `~${clockTime(projStart, tz)}–${clockTime(projEnd, tz)}`;
}

/** Whether this person may cross a closed point of no return by an override. */
/** Whether this person may cross a shut point of no return without a GO: never while the night goes back (the hub refuses it then). */
export const mayOverride = (state: CutoverState, me: Member | null): boolean => me !== null && mayOverridePonr(state, me.role) && !rollingBack(state);

/** The order keyboard navigation walks: the rows as shown. */
export const visibleStepIds = (phases: PhaseModel[]): string[] => phases.flatMap((p) => p.rows.map((r) => r.step.id));

export const STATUS_LABEL: Record<StepStatus, { word: string; icon: string }> = {
  pending: { word: 'Pending', icon: '○' },
  in_progress: { word: 'In progress', icon: '▶' },
  done: { word: 'Done', icon: '✓' },
  skipped: { word: 'Skipped', icon: '↷' },
  failed: { word: 'Failed', icon: '✕' },
  // ‖, not ⏸: the pause sign is missing from common fonts and showed as an empty box.
  blocked: { word: 'Blocked', icon: '‖' },
};
