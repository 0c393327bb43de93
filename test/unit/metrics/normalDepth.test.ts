import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecast, normalBandOf, SeriesBuffer, SeriesConfigSchema, SeriesJudge, initialAlertState, type Alert, type SeriesConfigInput } from '@shared/metrics';
import { MIN, T0, gaussian, random } from './fixtures';

/*
 * A queue idling around 300 against a 20,000 warning raised 58 alerts in 8 hours, 29 of them
 * "not draining", from nothing but its noise; each went to the timeline, a desktop
 * notification and the postmortem. At its normal depth a trend is not a backlog. A real
 * build-up still is, and must be said at once. Every reading goes through the hub's own judge.
 */

const HOUR = 60 * MIN;
type Model = 'white' | 'random walk' | 'AR(1)' | 'steps';

/** Noise in [-1, 1] from a seeded generator, one value per reading `everySec` apart. */
function noiseOf(model: Model, seed: number, everySec: number, memoryMin: number): () => number {
  const g = gaussian(seed);
  const r = random(seed + 1);
  const phi = Math.exp(-everySec / (memoryMin * 60));
  let x = 0;
  let untilStep = 0;
  const clamp = (v: number) => Math.max(-1, Math.min(1, v));
  return () => {
    if (model === 'white') return clamp(0.3 * g());
    if (model === 'AR(1)') return (x = clamp(phi * x + Math.sqrt(1 - phi * phi) * 0.35 * g()));
    if (model === 'random walk') {
      x += 0.02 * Math.sqrt(everySec) * g();
      // Reflected at the band's edges: it wanders across all of it, and never out.
      return (x = x > 1 ? 2 - x : x < -1 ? -2 - x : x);
    }
    // Steps: the depth moves to another level every so often and sits there, a little noisy.
    if (--untilStep <= 0) [x, untilStep] = [1.6 * r() - 0.8, Math.ceil((memoryMin * 60 * (0.2 + 2 * r())) / everySec)];
    return clamp(x + 0.05 * g());
  };
}

/** Runs readings through the hub's judge of one series; the alerts, with the time of each. */
function judged(input: SeriesConfigInput, readings: Iterable<{ t: number; v: number }>, stoppedAt: number | null = null) {
  const series = SeriesConfigSchema.parse(input);
  const judge = new SeriesJudge();
  const buffer = new SeriesBuffer();
  let state = initialAlertState();
  const alerts: (Alert & { t: number })[] = [];
  for (const { t, v } of readings) {
    if (!buffer.append(t, v)) continue;
    const r = judge.judge(series, buffer, state, t, v, stoppedAt === null || t >= stoppedAt ? stoppedAt : null);
    state = r.state;
    alerts.push(...r.alerts.map((a) => ({ ...a, t })));
  }
  return alerts;
}

function* readingsOf(from: number, to: number, everySec: number, value: (t: number) => number) {
  for (let t = from; t < to; t += everySec * 1000) yield { t, v: value(t) };
}

const models = fc.constantFrom<Model>('white', 'random walk', 'AR(1)', 'steps');

describe('a series at its normal depth', () => {
  it('raises no alert in 12 hours that never leave its normal band, whatever its noise', () => {
    fc.assert(
      fc.property(
        models,
        fc.integer({ min: 50, max: 5000 }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 1e6 }),
        (model, idle, spread, memoryMin, seed) => {
          const half = Math.max(5, Math.round(idle * spread));
          const normal = { low: idle - half, high: idle + half };
          const noise = noiseOf(model, seed, 5, memoryMin);
          const series = { id: 'q', name: 'Alarm queue', warning: 4 * normal.high, critical: 8 * normal.high, normal, source: { kind: 'push' as const } };
          const alerts = judged(
            series,
            readingsOf(T0, T0 + 12 * HOUR, 5, () => Math.round(idle + half * noise())),
          );
          expect(alerts.map((a) => a.message)).toEqual([]);
        },
      ),
      { numRuns: 24, seed: 2025 },
    );
  });

  it('raises none for the night that rang 58 times: idling around 300, its band learned from its first readings', () => {
    // Autocorrelated noise, as a real queue's: the depth remembers the last few minutes.
    const noise = noiseOf('AR(1)', 58, 5, 4);
    const series = { id: 'q', name: 'Alarm queue', warning: 20_000, critical: 40_000, source: { kind: 'push' as const } };
    const alerts = judged(
      series,
      readingsOf(T0, T0 + 8 * HOUR, 5, () => Math.round(300 + 120 * noise())),
    );
    expect(alerts).toEqual([]);
  });
});

describe('a real build-up', () => {
  it('is announced as not draining within 60 s of crossing its line, and not before it began', () => {
    fc.assert(
      fc.property(
        models,
        fc.integer({ min: 100, max: 2000 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 1, max: 1e6 }),
        (model, idle, lineTimes, seed) => {
          const half = Math.round(idle / 4);
          const normal = { low: idle - half, high: idle + half };
          // A line somewhere between just over the band and most of the way up.
          const warning = Math.min(normal.high * lineTimes, 15_000);
          const noise = noiseOf(model, seed, 5, 5);
          // Seed 000: processing stopped for 45 minutes, 400 events queued a minute: 18,000.
          const stop = T0 + HOUR;
          const depth = (t: number) => Math.round(idle + half * noise() + (t > stop ? (400 * Math.min(t - stop, 45 * MIN)) / MIN : 0));
          const readings = [...readingsOf(T0, stop + 45 * MIN, 5, depth)];
          const crossed = readings.find((r) => r.v >= warning)!.t;
          const alerts = judged(
            { id: 'q', name: 'Alarm queue', warning, normal, source: { kind: 'push' } },
            readings.filter((r) => r.t <= crossed + 2 * MIN),
          );
          const notDraining = alerts.find((a) => a.kind === 'not_draining');
          expect(alerts.filter((a) => a.t <= stop)).toEqual([]);
          expect(notDraining!.t - crossed).toBeLessThanOrEqual(60_000);
        },
      ),
      { numRuns: 40, seed: 2025 },
    );
  });

  it('is announced on seed 000’s night, its normal depth learned from the half hour before processing stopped', () => {
    const noise = noiseOf('AR(1)', 0, 5, 3);
    const stop = T0 + HOUR;
    const depth = (t: number) => Math.round(Math.max(0, 40 + 40 * noise()) + (t > stop ? (400 * Math.min(t - stop, 45 * MIN)) / MIN : 0));
    const readings = [...readingsOf(T0, stop + 45 * MIN, 5, depth)];
    const crossed = readings.find((r) => r.v >= 2000)!.t;
    const alerts = judged({ id: 'q', name: 'Alarm queue', warning: 2000, critical: 10_000, source: { kind: 'push' } }, readings, stop);
    expect(alerts.filter((a) => a.t <= stop)).toEqual([]);
    const first = alerts.find((a) => a.kind === 'not_draining')!;
    expect(first.t - crossed).toBeLessThanOrEqual(60_000);
    expect(first.message).toMatch(/^Alarm queue is not draining: [\d,]+, growing at \+(3[2-9]\d|4[0-7]\d)\/min$/);
  });
});

describe('a normal band learned from the readings', () => {
  const columns = (values: number[]) => ({ t: values.map((_, i) => T0 + i * 30_000), v: values });
  /** Twenty minutes of a queue idling between `low` and `high`, nothing stopped. */
  const idling = (low: number, high: number) => columns(Array.from({ length: 40 }, (_, i) => low + ((high - low) * ((i * 7) % 40)) / 39));

  it('stays under the series’ warning line, as a band that is set must', () => {
    const band = normalBandOf({ normal: null, warning: 1000, critical: 5000 }, idling(800, 950), null);
    expect(band).toMatchObject({ low: 650, high: 1000, source: 'first' });
    expect(normalBandOf({ normal: null, warning: null, critical: null }, idling(800, 950), null)).toMatchObject({ high: 1100 });
  });

  it('is none when the readings idled over the line: a queue at 1,180 under a 1,000 warning is not caught up', () => {
    const cols = idling(1150, 1210);
    expect(normalBandOf({ normal: null, warning: 1000, critical: null }, cols, null)).toBeNull();
    const points = cols.t.map((t, i) => ({ t, v: cols.v[i]! }));
    expect(forecast(points, cols.t.at(-1)!, { normal: normalBandOf({ normal: null, warning: 1000, critical: null }, cols, null) }).trend).not.toBe('empty');
    // Against the band learned without the line, it would have read "caught up".
    expect(forecast(points, cols.t.at(-1)!, { normal: normalBandOf({ normal: null, warning: null, critical: null }, cols, null) }).trend).toBe('empty');
  });
});
