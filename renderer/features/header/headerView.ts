import type { CutoverState } from '../../../shared/cutover';
import type { Projection } from '../../../shared/schedule';
import { clockTime, elapsed, span, wholeMinutes, zoneName } from '../../lib/time';

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
};

/** Minutes late at which the schedule turns amber, then red (seed 000: 30 became 45). */
export const LATE_WARN_MIN = 10;
export const LATE_DANGER_MIN = 30;

/** Warnings at 30, 15 and 5 minutes before the point of no return while there is no GO. */
export const PONR_WARNINGS_MIN = [30, 15, 5] as const;

const ponrTone = (left: number): Tone => (left <= 5 ? 'danger' : left <= 15 ? 'warn' : left <= 30 ? 'ok' : 'calm');

export const lastDecision = (state: CutoverState) => state.decisions[state.decisions.length - 1]?.decision ?? null;

export function headerView(state: CutoverState, p: Projection, now: number): HeaderView | null {
  const info = state.info;
  if (!info) return null;
  const { start, end, timeZone } = info.window;
  const tz = zoneName(start, timeZone);
  const ended = state.endedAt !== null;

  const windowCountdown = ended
    ? `ended ${clockTime(state.endedAt!, timeZone)}`
    : now < start
      ? `starts in ${span(start - now)}`
      : now < end
        ? `${span(end - now)} left`
        : `over by ${span(now - end)}`;

  const late = wholeMinutes(p.slipMin);
  const schedule: HeaderView['schedule'] =
    state.status === 'draft' || state.status === 'scheduled'
      ? now > start
        ? { text: `Not started · ${span(now - start)} late`, tone: late >= LATE_DANGER_MIN ? 'danger' : 'warn' }
        : { text: 'Not started', tone: 'calm' }
      : late > 0
        ? { text: `${late} min late`, tone: late >= LATE_DANGER_MIN || p.pastWindowMin > 0 ? 'danger' : late >= LATE_WARN_MIN ? 'warn' : 'ok' }
        : late < 0
          ? { text: `${-late} min ahead`, tone: 'ok' }
          : { text: 'On time', tone: 'ok' };

  const past = wholeMinutes(p.pastWindowMin);
  const projectedEnd: HeaderView['projectedEnd'] = ended
    ? { text: `Ended ${clockTime(state.endedAt!, timeZone)}`, tone: 'calm' }
    : past > 0
      ? { text: `Projected end ${clockTime(p.projectedEnd, timeZone)} · ${past} min past the window`, tone: 'danger' }
      : { text: `Projected end ${clockTime(p.projectedEnd, timeZone)} · window ends ${clockTime(end, timeZone)}`, tone: 'ok' };

  let ponr: HeaderView['ponr'] = null;
  if (p.pointOfNoReturn && !ended) {
    const what = p.pointOfNoReturn.stepId ? (state.steps[p.pointOfNoReturn.stepId]?.title ?? '') : clockTime(p.pointOfNoReturn.at, timeZone);
    const left = p.pointOfNoReturn.minutesLeft;
    const go = lastDecision(state) === 'go';
    ponr = p.pointOfNoReturn.passed
      ? { text: `Point of no return passed: ${what}`, tone: 'calm' }
      : go
        ? { text: `GO given · point of no return ${left <= 0 ? 'now' : `in ${span(left * 60_000)}`} · ${what}`, tone: 'ok' }
        : { text: `Point of no return ${left <= 0 ? 'now' : `in ${span(left * 60_000)}`} with no GO · ${what}`, tone: ponrTone(left) };
  }

  return {
    windowText: `${clockTime(start, timeZone)}–${clockTime(end, timeZone)} ${tz}`,
    windowCountdown,
    tPlus: state.startedAt !== null ? `T+ ${elapsed((state.endedAt ?? now) - state.startedAt)}` : null,
    schedule,
    projectedEnd,
    ponr,
    statusWord: state.status.replace('_', ' '),
  };
}
