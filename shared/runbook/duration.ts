/**
 * Durations as people type them in a runbook ("15m", "1h30m", "45 min", "1.5h"), read into
 * minutes, and minutes written back the same way. Minutes are the unit of the whole plan
 * (StepPlan.plannedDurationMin), so seconds come back as fractions of a minute.
 */

export type DurationResult = { ok: true; minutes: number } | { ok: false; error: string };

/** The longest duration a plan accepts (StepPlanSchema caps offsets and durations at a week). */
export const MAX_DURATION_MIN = 7 * 24 * 60;

const UNITS: ReadonlyArray<{ names: readonly string[]; minutes: number; rank: number }> = [
  { names: ['h', 'hr', 'hrs', 'hour', 'hours'], minutes: 60, rank: 3 },
  { names: ['m', 'min', 'mins', 'minute', 'minutes'], minutes: 1, rank: 2 },
  { names: ['s', 'sec', 'secs', 'second', 'seconds'], minutes: 1 / 60, rank: 1 },
];

// One "<number><unit>" part; the whole text is a run of these, spaces allowed between.
const PART = /\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)\s*/y;

const HINT = 'try 15m, 1h or 1h30m';

/** Reads a duration into minutes, or says in plain words why it cannot. */
export function parseDuration(input: string): DurationResult {
  const text = input.trim().toLowerCase();
  const quoted = JSON.stringify(input.trim());
  if (text === '') return { ok: false, error: `A duration is missing (${HINT})` };
  // A bare number is the likeliest slip of all; name the unit it probably meant.
  if (/^\d+(\.\d+)?$/.test(text)) return { ok: false, error: `${quoted} needs a unit (did you mean ${text}m?)` };

  let minutes = 0;
  let lastRank = Infinity;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const at = PART.lastIndex;
    const m = PART.exec(text);
    if (!m || m.index !== at) return { ok: false, error: `${quoted} is not a duration (${HINT})` };
    const unit = UNITS.find((u) => u.names.includes(m[2] ?? ''));
    if (!unit) return { ok: false, error: `${quoted} is not a duration (${HINT})` };
    // "30m 1h" or "1h 1h" is more likely a typo than an intended sum, so refuse it.
    if (unit.rank >= lastRank) return { ok: false, error: `${quoted} is not a duration: write the hours before the minutes and each unit once` };
    lastRank = unit.rank;
    minutes += Number(m[1]) * unit.minutes;
  }
  if (minutes > MAX_DURATION_MIN) return { ok: false, error: `${quoted} is longer than a week` };
  return { ok: true, minutes: roundToSecond(minutes) };
}

/** Minutes as a person would write them: 90 → "1h 30m", 1.5 → "1m 30s", 0 → "0m". */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) throw new RangeError(`Cannot format ${minutes} minutes`);
  // Slip is shown with the same formatter, and slip can be negative (early).
  if (minutes < 0) return `-${formatDuration(-minutes)}`;
  const totalSeconds = Math.round(minutes * 60);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0m';
}

// 90s must come back as exactly 1.5, not 1.4999999999999998.
const roundToSecond = (minutes: number) => Math.round(minutes * 60) / 60;
