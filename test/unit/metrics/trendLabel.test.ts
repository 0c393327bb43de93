import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_MS, SETTLE_MS, bound, describeForecast, forecast, formatValue, type Point } from '@shared/metrics';
import { T0, gaussian } from './fixtures';

/*
 * The label under a chart must say what the chart shows: the direction and rate of the
 * recent readings. Synthetic series are strung from ramps, steps, plateaus and a drain to
 * zero, with noise; a minute into each new stretch, and every 20 s after, the label must name
 * its direction and a rate within 20 % of the true one.
 */

type Stretch =
  | { kind: 'ramp'; perMin: number; min: number }
  | { kind: 'step'; jump: number; min: number }
  | { kind: 'plateau'; min: number }
  | { kind: 'drain'; perMin: number; min: number };
type Night = { everySec: number; start: number; noise: number; stretches: Stretch[]; seed: number };

const stretch: fc.Arbitrary<Stretch> = fc.oneof(
  fc.record({
    kind: fc.constant('ramp' as const),
    perMin: fc.integer({ min: 100, max: 2000 }).chain((r) => fc.constantFrom(r, -r)),
    min: fc.integer({ min: 2, max: 6 }),
  }),
  fc.record({
    kind: fc.constant('step' as const),
    jump: fc.integer({ min: 1000, max: 5000 }).chain((j) => fc.constantFrom(j, -j)),
    min: fc.integer({ min: 2, max: 4 }),
  }),
  fc.record({ kind: fc.constant('plateau' as const), min: fc.integer({ min: 2, max: 4 }) }),
);
const drainToZero = fc.record({ kind: fc.constant('drain' as const), perMin: fc.integer({ min: 200, max: 2000 }).map((r) => -r), min: fc.constant(0) });

const nights: fc.Arbitrary<Night> = fc.record({
  everySec: fc.constantFrom(1, 2, 5, 10),
  start: fc.integer({ min: 6000, max: 20_000 }),
  // Noise up to 3 % of the slowest ramp's minute: a turn must be told from noise a minute on.
  noise: fc.double({ min: 0, max: 0.03, noNaN: true }),
  stretches: fc.tuple(fc.array(stretch, { minLength: 2, maxLength: 5 }), fc.option(drainToZero, { nil: undefined })).map(([s, d]) => (d ? [...s, d] : s)),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

type Truth = { from: number; to: number; direction: 'growing' | 'draining' | 'flat' | 'caught up'; perMin: number };

/** The readings of a night, and what each stretch truly did (from its start to its end, in ms). */
function play(n: Night): { points: Point[]; truths: Truth[] } {
  const slowest = Math.min(1000, ...n.stretches.flatMap((s) => (s.kind === 'ramp' || s.kind === 'drain' ? [Math.abs(s.perMin)] : [])));
  const sd = n.noise * slowest;
  const noise = gaussian(n.seed);
  const truths: Truth[] = [];
  const points: Point[] = [];
  let level = n.start;
  let t = T0;
  const read = (v: number) => points.push({ t, v: Math.max(0, v + sd * noise()) });
  for (const s of n.stretches) {
    // Ramps down turn up rather than cross zero: only the drain reaches it.
    const perMin = s.kind === 'ramp' && level + s.perMin * s.min < 1000 ? -s.perMin : s.kind === 'ramp' || s.kind === 'drain' ? s.perMin : 0;
    if (s.kind === 'step') level = Math.max(1000, level + s.jump);
    const min = s.kind === 'drain' ? level / -perMin : s.min;
    const from = t;
    const steps = Math.round((min * 60) / n.everySec);
    const base = level;
    for (let i = 0; i < steps; i++, t += n.everySec * 1000) read(base + (perMin * (t - from)) / 60_000);
    level = base + (perMin * (steps * n.everySec)) / 60;
    // A drain's last minute may read 0 already, through the noise: it is checked until then.
    truths.push({ from, to: s.kind === 'drain' ? t - 60_000 : t, direction: perMin > 0 ? 'growing' : perMin < 0 ? 'draining' : 'flat', perMin });
    if (s.kind === 'drain') {
      // Drained: it reads 0 from here, and three minutes of that is "caught up".
      const zero = t;
      for (let i = 0; i < 180 / n.everySec; i++, t += n.everySec * 1000) points.push({ t, v: 0 });
      truths.push({ from: zero, to: t, direction: 'caught up', perMin: 0 });
    }
  }
  return { points, truths };
}

/** The label as the chart header shows it, at `now`, and the reading it stands beside. */
function labelAt(points: readonly Point[], now: number) {
  const seen = points.slice(bound(points, now - DEFAULT_WINDOW_MS, false), bound(points, now, true));
  return { label: describeForecast(forecast(seen, now), 'count'), latest: seen[seen.length - 1]!.v };
}

const RATE = /^(growing|draining) at [+\u2212]?([\d,.]+)\/min/;

describe('the trend label', () => {
  it('names the direction of the recent readings, and their rate within 20 %, once a minute of a new trend has been read', () => {
    fc.assert(
      fc.property(nights, (n) => {
        const { points, truths } = play(n);
        for (const truth of truths) {
          // Checked from a minute in (the drain's zeros: once held for SETTLE_MS) to just before the next stretch.
          for (let now = truth.from + (truth.direction === 'caught up' ? SETTLE_MS : 60_000); now < truth.to; now += 20_000) {
            const { label, latest } = labelAt(points, now);
            const where = `${truth.direction} at ${truth.perMin}/min, ${(now - truth.from) / 1000} s in: "${label}"`;
            if (truth.direction === 'flat') expect(label, where).toBe(`flat at ${formatValue(latest, 'count')}`);
            else if (truth.direction === 'caught up') expect(label, where).toBe('caught up');
            else {
              const m = RATE.exec(label);
              expect(m?.[1], where).toBe(truth.direction);
              const rate = Number(m![2]!.replace(/,/g, ''));
              expect(Math.abs(rate - Math.abs(truth.perMin)), where).toBeLessThanOrEqual(0.2 * Math.abs(truth.perMin));
            }
          }
        }
      }),
      { numRuns: 150, seed: 2025 },
    );
  });
});
