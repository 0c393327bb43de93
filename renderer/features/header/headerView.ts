import { ponrClearance, type CutoverState } from '@shared/cutover';
import { nightState, type NightPhase, type NightState } from '@shared/cutover/nightState';
import type { PointOfNoReturn, Projection } from '@shared/schedule';
import { clockTime, elapsed, span, wholeMinutes } from '../../lib/time';
import { windowText } from '@shared/comms/format';
import { MIN } from '@shared/time';

/** Colour that means something: calm when on plan, amber when slipping, red when it matters. */
export type Tone = 'calm' | 'ok' | 'warn' | 'danger';

export type HeaderView = {
  windowText: string;
  windowCountdown: string;
  tPlus: string | null;
  schedule: { text: string; tone: Tone };
  projectedEnd: { text: string; tone: Tone };
  ponr: { text: string; tone: Tone } | null;
  statusWord: string;
  /** What the night is doing (the badge's colour): on hold and rolling back included. */
  phase: NightPhase;
  /** The badge's tooltip: who decided the HOLD or the ROLLBACK, and why. */
  statusTitle: string;
  /**
   * The chips' words in the one-row header; the full sentences above are their tooltips. The
   * point of no return's in two parts: when and whether there is a GO, which is never cut
   * short, then the step, which gives way first when the row is full.
   */
  short: { window: string; end: string; ponr: { key: string; step: string } | null };
  /** While rolling back, in place of the point of no return: how far the way back has got. */
  rollback: { text: string; tone: Tone } | null;
  /** Steps that failed and were not reopened: the header names them. */
  failed: { text: string; title: string } | null;
};

/** Minutes late at which the schedule turns amber, then red (seed 000: 30 became 45). */
export const LATE_WARN_MIN = 10;
export const LATE_DANGER_MIN = 30;

/** Warnings at 30, 15 and 5 minutes before the point of no return while there is no GO. */
export const PONR_WARNINGS_MIN = [30, 15, 5] as const;

const ponrTone = (left: number): Tone => (left <= 5 ? 'danger' : left <= 15 ? 'warn' : left <= 30 ? 'ok' : 'calm');

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Whether the point of no return ahead has its GO: for a step, the rail the hub enforces (a
 * GO since its dependencies were done, or an override), not any GO; for a time, the last decision.
 */
export function ponrCleared(state: CutoverState, ponr: PointOfNoReturn): boolean {
  const step = ponr.stepId ? state.steps[ponr.stepId] : undefined;
  return step ? ponrClearance(state, step).clear : lastDecision(state) === 'go';
}

const lastDecision = (state: CutoverState) => state.decisions[state.decisions.length - 1]?.decision ?? null;

export function headerView(state: CutoverState, p: Projection, now: number): HeaderView | null {
  const info = state.info;
  if (!info) return null;
  const { start, end, timeZone } = info.window;
  const ended = state.endedAt !== null;

  const windowCountdown = ended
    ? `ended ${clockTime(state.endedAt!, timeZone)}`
    : now < start
      ? `starts in ${span(start - now)}`
      : now < end
        ? `${span(end - now)} left`
        : `over by ${span(now - end)}`;

  const late = wholeMinutes(p.slipMin);
  const night = nightState(state);
  // Rolling back, the slip is the way back's against its own plan (timed from the ROLLBACK).
  const of = night.rollback ? 'Way back ' : '';
  const schedule: HeaderView['schedule'] = ended
    ? endedSchedule(state, late)
    : state.status === 'draft' || state.status === 'scheduled'
      ? now > start
        ? { text: `Not started · ${span(now - start)} late`, tone: late >= LATE_DANGER_MIN ? 'danger' : 'warn' }
        : { text: 'Not started', tone: 'calm' }
      : late > 0
        ? { text: `${of}${late} min late`, tone: late >= LATE_DANGER_MIN || p.pastWindowMin > 0 ? 'danger' : late >= LATE_WARN_MIN ? 'warn' : 'ok' }
        : late < 0
          ? { text: `${of}${-late} min ahead`, tone: 'ok' }
          : { text: night.rollback ? 'Way back on time' : 'On time', tone: 'ok' };

  const past = wholeMinutes(p.pastWindowMin);
  const projectedEnd: HeaderView['projectedEnd'] = ended
    ? { text: `Ended ${clockTime(state.endedAt!, timeZone)}`, tone: 'calm' }
    : past > 0
      ? { text: `Projected end ${clockTime(p.projectedEnd, timeZone)} · ${past} min past the window`, tone: 'danger' }
      : { text: `Projected end ${clockTime(p.projectedEnd, timeZone)} · window ends ${clockTime(end, timeZone)}`, tone: 'ok' };

  let ponr: HeaderView['ponr'] = null;
  let ponrShort: HeaderView['short']['ponr'] = null;
  // Rolling back, the point of no return no longer matters: the way back does.
  if (p.pointOfNoReturn && !ended && !night.rollback) {
    const what = p.pointOfNoReturn.stepId ? (state.steps[p.pointOfNoReturn.stepId]?.title ?? '') : clockTime(p.pointOfNoReturn.at, timeZone);
    const left = p.pointOfNoReturn.minutesLeft;
    const go = ponrCleared(state, p.pointOfNoReturn);
    const when = p.pointOfNoReturn.next ? 'next step' : left <= 0 ? 'now' : `in ${span(left * MIN)}`;
    const sentence = p.pointOfNoReturn.next ? 'the next step is the point of no return' : `point of no return ${when}`;
    ponr = p.pointOfNoReturn.passed
      ? { text: `Point of no return passed: ${what}`, tone: 'calm' }
      : go
        ? { text: `GO given · ${sentence} · ${what}`, tone: 'ok' }
        : { text: `${capitalise(sentence)} with no GO · ${what}`, tone: p.pointOfNoReturn.next ? 'danger' : ponrTone(left) };
    ponrShort = { key: p.pointOfNoReturn.passed ? 'passed' : go ? `${when} · GO given` : `${when} · no GO`, step: what };
  }

  return {
    windowText: windowText(start, end, timeZone),
    windowCountdown,
    tPlus: state.startedAt !== null ? `T+ ${elapsed((state.endedAt ?? now) - state.startedAt)}` : null,
    schedule,
    projectedEnd,
    ponr,
    statusWord: night.word,
    phase: night.phase,
    statusTitle: statusTitle(night, timeZone),
    short: {
      window: windowCountdown,
      end: ended ? clockTime(state.endedAt!, timeZone) : `${clockTime(p.projectedEnd, timeZone)}${past > 0 ? ` · ${past}m over` : ''}`,
      ponr: ponrShort,
    },
    rollback: night.rollback ? { text: `${night.rollback.done} of ${night.rollback.total} rollback steps done`, tone: 'danger' } : null,
    failed: failedChip(night),
  };
}

/**
 * An ended night's schedule is how late it ended against the plan (the projection stops at
 * the end), not a slip that grows with the clock. A night that did not complete is not
 * "early" for stopping before the plan's end: it ended before it.
 */
function endedSchedule(state: CutoverState, late: number): HeaderView['schedule'] {
  if (state.status === 'completed')
    return { text: late > 0 ? `Finished ${late} min late` : late < 0 ? `Finished ${-late} min early` : 'Finished on time', tone: 'calm' };
  const text = late > 0 ? `Ended ${late} min after the planned end` : late < 0 ? `Ended ${-late} min before the planned end` : 'Ended at the planned end';
  return { text, tone: 'calm' };
}

function statusTitle(night: NightState, timeZone: string): string {
  const why = (x: { by: string | null; rationale: string | null; since: number }) =>
    `${x.by ? ` by ${x.by}` : ''} at ${clockTime(x.since, timeZone)}${x.rationale ? `: ${x.rationale}` : ''}`;
  if (night.hold) return `HOLD${why(night.hold)}`;
  if (night.rollback) return `ROLLBACK${why(night.rollback)}`;
  return `The cutover is ${night.word}`;
}

function failedChip(night: NightState): HeaderView['failed'] {
  const [first, ...more] = night.failed;
  if (!first) return null;
  return {
    text: more.length === 0 ? first.title : `${night.failed.length} steps: ${night.failed.map((f) => f.title).join(', ')}`,
    title: night.failed.map((f) => `Failed: ${f.title}${f.reason ? ` (${f.reason})` : ''}`).join('\n'),
  };
}
