import { STALE_MS } from '../metrics/constants';
import { MIN } from '../time';
import { compare, num, OP_WORDS } from './compare';
import type { CheckSpec } from './schema';

type LagSpec = Extract<CheckSpec, { kind: 'lag' }>;

/** A reading older than this is no evidence of now: the condition is not met on it. The forecast's limit. */
export const LAG_STALE_MS = STALE_MS;

/**
 * Whether a lag series has held a line unbroken, read by reading in time order: a reading on
 * the wrong side of the line starts the count again, and so does a gap between readings longer
 * than LAG_STALE_MS (a source down for an hour showed nothing held: the run starts again at the
 * first reading after it). Pure, so the hub feeds it live readings
 * and a test feeds it a night's.
 */
export class LagHold {
  /** The time of the first reading of the current unbroken run on the right side, if in one. */
  since: number | null = null;
  last: { t: number; v: number } | null = null;

  constructor(private readonly spec: Pick<LagSpec, 'op' | 'value'>) {}

  observe(t: number, v: number): void {
    if (this.last && t <= this.last.t) return;
    const holds = compare(v, this.spec.op, this.spec.value);
    const gap = this.last !== null && t - this.last.t > LAG_STALE_MS;
    this.since = holds ? (gap ? t : (this.since ?? t)) : null;
    this.last = { t, v };
  }
}

const span = (ms: number): string => {
  const m = Math.floor(ms / MIN);
  return m >= 1 ? `${m} min` : `${Math.floor(ms / 1000)} s`;
};

export type LagVerdict = { pass: boolean; values: number[]; summary: string; error: string | null; heldSince?: number };

/** The lag condition at `now`: met only once held for its duration, on a reading that is fresh. */
export function lagVerdict(hold: LagHold, spec: LagSpec, seriesName: string, now: number): LagVerdict {
  const line = `${OP_WORDS[spec.op].is} ${num(spec.value)}`;
  const last = hold.last;
  if (!last) return { pass: false, values: [], summary: `${seriesName}: no reading yet`, error: `“${seriesName}” has no reading yet` };
  if (now - last.t > LAG_STALE_MS) {
    return {
      pass: false,
      values: [last.v],
      summary: `${seriesName}: no reading for ${span(now - last.t)}`,
      error: `“${seriesName}” has had no reading for ${span(now - last.t)}`,
    };
  }
  const heldForMs = spec.heldForSec * 1000;
  if (hold.since === null) return { pass: false, values: [last.v], summary: `${seriesName} ${num(last.v)}, not ${line}`, error: null };
  // Held until the last reading, but never past now: a reading timed ahead is no evidence yet.
  const held = Math.max(0, Math.min(last.t, now) - hold.since);
  const pass = held >= heldForMs;
  const wanted = heldForMs > 0 ? (pass ? ` for ${span(held)}` : ` for ${span(held)} of ${span(heldForMs)}`) : '';
  return { pass, values: [last.v], summary: `${seriesName} ${num(last.v)}, ${line}${wanted}`, error: null, heldSince: hold.since };
}
