import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_MS, bound, forecast, type Point } from '@shared/metrics';
import { MIN, T0, at, drain, gaussian, line, random } from './fixtures';

/*
 * A long drain's ETA band must hold the true end. On the night that prompted this, a 90 %
 * band (a ten-minute fit projected hours ahead) missed it in two of five checks early on: the
 * fit knew the rate of the last ten minutes well, and nothing of how it would move after.
 */

const HOUR = 60 * MIN;

/**
 * A drain as queues drain: 50,000 to 5,000,000 queued after half an hour of build-up, worked
 * off in 1.5 to 6 hours by consumers whose throughput wanders (a random walk of up to 20 % an
 * hour) and drifts (up to 20 % faster or slower by the end), read every 5 to 15 s with a
 * little noise (up to 2 % of a minute's drain). The true end is when the backlog reaches 0.
 */
function simulatedDrain(seed: number): { points: Point[]; end: number } {
  const r = random(seed);
  const noise = gaussian(seed + 1);
  const queued = 50_000 * 100 ** r();
  const hours = 1.5 + 4.5 * r();
  const perMin = queued / (hours * 60);
  const wander = 0.2 * r();
  const drift = 0.4 * r() - 0.2;
  const sd = 0.02 * r() * perMin;
  const everyMs = (5 + 10 * r()) * 1000;
  const points: Point[] = [];
  let t = T0 - 30 * MIN;
  for (; t < T0; t += everyMs) points.push({ t, v: queued * (0.7 + (0.3 * (t - T0 + 30 * MIN)) / (30 * MIN)) + sd * noise() });
  let left = queued;
  let pace = 1;
  for (; left > 0; t += everyMs) {
    points.push({ t, v: Math.max(0, left + sd * noise()) });
    left -= perMin * Math.max(0.3, pace + (drift * (t - T0)) / (hours * HOUR)) * (everyMs / MIN);
    pace += wander * Math.sqrt(everyMs / HOUR) * noise();
  }
  return { points, end: t };
}

/** The forecast the header makes at `now`, from the hour of readings it is given. */
const forecastAt = (points: readonly Point[], now: number) =>
  forecast(points.slice(bound(points, now - DEFAULT_WINDOW_MS, false), bound(points, now, true)), now);

describe('the ETA band', () => {
  it('holds the true end of a long drain in at least 85 % of checks, from ten minutes into the drain to its last minutes', () => {
    let inside = 0;
    let checks = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { points, end } = simulatedDrain(seed);
      for (let now = T0 + 10 * MIN; now < end - 10 * MIN; now += 10 * MIN) {
        const f = forecastAt(points, now);
        checks++;
        if (f.trend === 'draining' && f.band && f.band.early <= end && end <= f.band.late) inside++;
      }
    }
    expect(checks).toBeGreaterThan(500);
    expect(inside / checks).toBeGreaterThanOrEqual(0.85);
  });

  it('widens with the horizon: the same wandering drain is less sure of an end four hours off than of one an hour off', () => {
    // The rate swings ±5 a minute about 100 in both: it has moved, by as much.
    const relativeWidth = (start: number) => {
      const f = forecast(
        line(0, 60, 5, (m) => start - 100 * m + 20 * Math.sin(m / 4)),
        at(60),
      );
      return (f.band!.late - f.band!.early) / (f.etaMs! - at(60));
    };
    expect(relativeWidth(12_000)).toBeGreaterThan(0.2);
    expect(relativeWidth(30_000)).toBeGreaterThan(2 * relativeWidth(12_000));
    expect(relativeWidth(30_000)).toBeLessThan(Number.POSITIVE_INFINITY);
  });

  it('widens with how much the rate has moved, and stays as narrow as the fit for a rate that has not', () => {
    const steady = forecast(line(0, 60, 5, drain(30_000, -100)), at(60));
    const wandering = forecast(
      line(0, 60, 5, (m) => 30_000 - 100 * m + 40 * Math.sin(m / 4)),
      at(60),
    );
    expect(steady.band).toEqual({ early: steady.etaMs, late: steady.etaMs });
    expect(wandering.band!.late - wandering.band!.early).toBeGreaterThan(20 * MIN);
  });
});
