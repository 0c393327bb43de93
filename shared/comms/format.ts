import type { DecisionRecord } from '../polls/schema';
import type { SeriesUnit } from '../metrics/schema';
import { formatValue } from '../metrics/format';
import { clock } from '../time';

/*
 * Words and numbers as a message says them. Everything is in the cutover's own time zone
 * (the one the customers were told: "19:00 to 21:00 BST"), whatever machine sends it.
 */

export { clock };

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** "BST" or "GMT" for Europe/London, as the maintenance notice wrote it. */
export function zoneName(ms: number, timeZone: string): string {
  let f = zoneFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
    zoneFormatters.set(timeZone, f);
  }
  return f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/**
 * "19:00–21:00 BST": the window with its zone; each end with its own when they differ. A
 * window across the October change, 00:00 BST to 03:00 GMT, is four hours, and
 * "00:00–03:00 BST" says three.
 */
export function windowText(start: number, end: number, timeZone: string): string {
  const [from, to] = [zoneName(start, timeZone), zoneName(end, timeZone)];
  return from === to ? `${clock(start, timeZone)}–${clock(end, timeZone)} ${from}` : `${clock(start, timeZone)} ${from} – ${clock(end, timeZone)} ${to}`;
}

/** "45 min", "1 h 05 min": a span as people read it aloud at night. */
export function durationText(min: number): string {
  const whole = Math.max(0, Math.round(min));
  if (whole < 60) return `${whole} min`;
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  return `${h} h ${String(m).padStart(2, '0')} min`;
}

/** "on time", "15 min late", "5 min early". Under a minute either way is on time. */
export function slipText(slipMin: number): string {
  const whole = Math.round(slipMin);
  if (whole === 0) return 'on time';
  return `${durationText(Math.abs(whole))} ${whole > 0 ? 'late' : 'early'}`;
}

export const progressText = (p: { done: number; total: number }): string => `${p.done} of ${p.total} ${p.total === 1 ? 'step' : 'steps'}`;

export const percentText = (p: { done: number; total: number }): string => `${p.total === 0 ? 0 : Math.floor((p.done / p.total) * 100)}%`;

const DECISION_WORDS = { go: 'GO', hold: 'HOLD', rollback: 'ROLLBACK' } as const;

/** "GO by Ana at 21:04: rationale", or "none yet". */
export function decisionText(d: DecisionRecord | null, timeZone: string): string {
  if (!d) return 'none yet';
  const head = `${DECISION_WORDS[d.decision]} by ${d.by.name} at ${clock(d.at, timeZone)}`;
  return d.rationale.trim() ? `${head}: ${d.rationale.trim()}` : head;
}

/** A lag reading in its unit ("12,400", "4 min 10 s", "1.3 GB"), as the charts show it. */
export const lagValueText = (v: number | null, unit: SeriesUnit): string => (v === null || !Number.isFinite(v) ? 'no reading yet' : formatValue(v, unit));
