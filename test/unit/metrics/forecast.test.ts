import { describe, expect, it } from 'vitest';
import { describeForecast, forecast, theilSen } from '@shared/metrics';
import { MIN, at, drain, gaussian, line } from './fixtures';

describe('forecast', () => {
  it('forecasts the caught-up time of a steadily draining queue', () => {
    // 10,000 queued at 20:30, draining 100 a minute: empty at 22:10.
    const f = forecast(line(0, 10, 1, drain(10_000, -100)), at(10));
    expect(f.trend).toBe('draining');
    expect(f.ratePerMin).toBeCloseTo(-100, 6);
    expect(Math.abs(f.etaMs! - at(100))).toBeLessThan(1000);
    expect(f.value).toBeCloseTo(9_000, 6);
  });

  it('reports a growing backlog with a positive rate and no ETA', () => {
    const f = forecast(
      line(0, 10, 5, (m) => 500 + 120 * m),
      at(10),
    );
    expect(f).toMatchObject({ trend: 'growing', etaMs: null, band: null });
    expect(f.ratePerMin).toBeCloseTo(120, 6);
  });

  it('keeps the true ETA inside the band of most noisy drains', () => {
    // The band is a 90 % interval: across many noisy nights about nine in ten must hold the truth.
    let inside = 0;
    const nights = 60;
    for (let seed = 1; seed <= nights; seed++) {
      const noise = gaussian(seed);
      const f = forecast(
        line(0, 10, 5, (m) => drain(10_000, -100)(m) + 150 * noise()),
        at(10),
      );
      expect(f.trend).toBe('draining');
      expect(f.band!.early).toBeLessThanOrEqual(f.etaMs!);
      expect(f.band!.late).toBeGreaterThanOrEqual(f.etaMs!);
      if (f.band!.early <= at(100) && at(100) <= f.band!.late) inside++;
    }
    expect(inside / nights).toBeGreaterThanOrEqual(0.8);
  });

  it('narrows the band as the readings get less noisy', () => {
    const width = (sd: number) => {
      const noise = gaussian(7);
      const f = forecast(
        line(0, 10, 5, (m) => drain(10_000, -100)(m) + sd * noise()),
        at(10),
      );
      return f.band!.late - f.band!.early;
    };
    expect(width(30)).toBeLessThan(width(300));
    expect(width(0)).toBe(0);
  });

  it('is not moved much by a single spike', () => {
    const points = line(0, 10, 5, drain(10_000, -100));
    points[60] = { t: points[60]!.t, v: 60_000 }; // one poll read something wild
    const f = forecast(points, at(10));
    expect(f.ratePerMin!).toBeGreaterThan(-102);
    expect(f.ratePerMin!).toBeLessThan(-98);
    expect(Math.abs(f.etaMs! - at(100))).toBeLessThan(2 * MIN);
  });

  it('does not let a spike in the latest reading jump the ETA', () => {
    const points = line(0, 10, 5, drain(10_000, -100));
    points[points.length - 1] = { t: at(10), v: 30_000 };
    const f = forecast(points, at(10));
    expect(f.value).toBe(30_000); // the reading is still reported as it was
    expect(Math.abs(f.etaMs! - at(100))).toBeLessThan(2 * MIN);
  });

  it('looks only at the recent window, so a turn from growing to draining shows', () => {
    const points = line(0, 30, 5, (m) => (m < 15 ? 1_000 + 200 * m : 4_000 - 150 * (m - 15)));
    expect(forecast(points, at(30)).trend).toBe('draining');
    expect(forecast(points, at(30)).ratePerMin).toBeCloseTo(-150, 6);
    expect(forecast(points, at(30), { windowMs: 30 * MIN }).ratePerMin!).toBeGreaterThan(-150);
  });

  it('calls a level holding steady through noise flat', () => {
    // Noise alone must rarely look like a direction: the rate's interval has to clear zero.
    let flat = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const noise = gaussian(seed);
      if (
        forecast(
          line(0, 10, 5, () => 8_000 + 200 * noise()),
          at(10),
        ).trend === 'flat'
      )
        flat++;
    }
    expect(flat).toBeGreaterThanOrEqual(16);
    const f = forecast(
      line(0, 10, 5, () => 8_000),
      at(10),
    );
    expect(f).toMatchObject({ trend: 'flat', ratePerMin: 0, etaMs: null, band: null, value: 8_000 });
  });

  it('calls a creep too slow to matter within a day flat, relative to the level', () => {
    // 1,000,000 moving 500 a minute would take 33 hours to empty.
    expect(forecast(line(0, 10, 5, drain(1_000_000, -500)), at(10)).trend).toBe('flat');
    expect(forecast(line(0, 10, 5, drain(100_000, -500)), at(10)).trend).toBe('draining');
    expect(forecast(line(0, 10, 5, drain(100_000, -500)), at(10), { flatPerMin: 600 }).trend).toBe('flat');
  });

  it('is empty once the latest reading is zero', () => {
    const f = forecast(
      line(0, 10, 5, (m) => Math.max(0, 500 - 100 * m)),
      at(10),
    );
    expect(f).toMatchObject({ trend: 'empty', etaMs: null, band: null, value: 0 });
    expect(
      forecast(
        line(0, 10, 5, () => 0.4),
        at(10),
        { emptyAt: 0.5 },
      ).trend,
    ).toBe('empty');
  });

  it('does not say caught up on one glitch reading of zero while the queue is still deep', () => {
    // A consumer restart reads 0 once at minute 10 of a drain still 5,000 deep: caught up is held for SETTLE_MS, as the alerts say it.
    const points = line(0, 10, 5, drain(10_000, -500));
    points[points.length - 1] = { t: at(10), v: 0 };
    const f = forecast(points, at(10));
    expect(f.trend).toBe('draining');
    expect(Math.abs(f.etaMs! - at(20))).toBeLessThan(MIN);
  });

  it('says caught up once the readings have stayed at or under the target for 30 s', () => {
    const points = [...line(0, 10, 5, drain(5_000, -500)), ...line(10 + 5 / 60, 10.5, 5, () => 0)];
    const upTo = (sec: number) => points.filter((p) => p.t <= at(10) + sec * 1000);
    expect(forecast(upTo(25), at(10) + 25_000).trend).not.toBe('empty');
    expect(forecast(upTo(30), at(10) + 30_000)).toMatchObject({ trend: 'empty', value: 0 });
  });

  it('says no trend, rather than a live-looking drain, once the newest reading is over 2 minutes old', () => {
    // A push script that died at minute 10 (a push series is never "down"): a drain and an ETA projected to now would be a guess.
    const points = line(0, 10, 5, drain(20_000, -1_000));
    expect(forecast(points, at(12)).trend).toBe('draining');
    const f = forecast(points, at(12) + 1_000);
    expect(f).toMatchObject({ trend: 'unknown', ratePerMin: null, etaMs: null, band: null, value: 10_000, stale: true });
    expect(describeForecast(f, 'count')).toBe('no recent readings, so no trend');
  });

  it('judges a series read every 5 minutes by its own pace: not stale between readings, and caught up once two read zero', () => {
    // CloudWatch read every 5 minutes: two minutes without a reading is the normal wait, not a source gone quiet.
    // The pace is the series' configured interval, which the hub and the charts pass.
    const every5 = { intervalMs: 5 * MIN };
    const points = line(0, 40, 300, drain(8_000, -200));
    expect(forecast(points, at(44), every5).stale).toBeUndefined();
    expect(forecast(points, at(46), every5).stale).toBeUndefined();
    const drained = [...points, { t: at(45), v: 0 }, { t: at(50), v: 0 }];
    expect(forecast(drained, at(51), every5).trend).toBe('empty');
    // Three intervals without a reading, though, and it is stale.
    expect(forecast(points, at(56), every5).stale).toBe(true);
  });

  it('takes a pushed series’ pace from its readings, not from its last gap: every 5 minutes is its normal wait', () => {
    // No configured interval: a script pushing every 5 minutes is not stale between its pushes.
    const points = line(0, 40, 300, drain(8_000, -200));
    expect(forecast(points, at(44)).stale).toBeUndefined();
    expect(forecast(points, at(56)).stale).toBe(true);
  });

  it('does not say caught up from two readings either side of a source outage: the gap breaks the hold', () => {
    // A queue at 12,000 read every 5 s reads 300 once, its source is down 6 minutes, then it reads 300.
    // Nothing was seen in those 6 minutes: the last interval is the outage, not the series' pace.
    const opts = { normal: { low: 200, high: 400 }, intervalMs: 5_000 };
    const before = [...line(0, 10, 5, () => 12_000), { t: at(10) + 5_000, v: 300 }];
    const back = at(16) + 5_000;
    const after = [...before, { t: back, v: 300 }];
    expect(forecast(after, back, opts).trend).not.toBe('empty');
    expect(forecast(after, back).trend).not.toBe('empty'); // nor without an interval (a pushed series: STALE_MS)
    // Held 30 s after it, it is caught up.
    const held = [...after, ...[5, 10, 15, 20, 25, 30].map((s) => ({ t: back + s * 1000, v: 300 }))];
    expect(forecast(held, back + 30_000, opts)).toMatchObject({ trend: 'empty', value: 300 });
  });

  it('after one reading that follows an outage, is stale 2 minutes later again, not three outages later', () => {
    // Read every 5 s, down 20 minutes, read once, and down again.
    const points = [...line(0, 10, 5, drain(20_000, -500)), { t: at(30), v: 5_000 }];
    expect(forecast(points, at(32), { intervalMs: 5_000 }).stale).toBeUndefined();
    expect(forecast(points, at(32) + 1_000, { intervalMs: 5_000 })).toMatchObject({ trend: 'unknown', stale: true, value: 5_000 });
    expect(forecast(points, at(32) + 1_000).stale).toBe(true);
  });

  it('does not guess from too few readings or from stale ones', () => {
    expect(forecast([], at(10))).toEqual({ trend: 'unknown', ratePerMin: null, etaMs: null, band: null, value: null });
    expect(forecast(line(9, 10, 15, drain(10_000, -100)), at(10))).toMatchObject({ trend: 'unknown', value: 9_000 });
    expect(forecast(line(0, 5, 5, drain(10_000, -100)), at(30))).toMatchObject({ trend: 'unknown', value: 9_500 });
  });

  it('ignores readings stamped after now', () => {
    const points = [...line(0, 10, 5, drain(10_000, -100)), { t: at(11), v: 99_999 }];
    expect(forecast(points, at(10)).value).toBeCloseTo(9_000, 6);
  });

  it('says it is caught up now when the fitted line is already past zero', () => {
    const points = line(0, 10, 5, (m) => 1_000 - 100 * m);
    points[points.length - 1] = { t: at(10), v: 3 }; // the last few stragglers
    const f = forecast(points, at(10));
    expect(f.trend).toBe('draining');
    expect(f.etaMs).toBe(at(10));
  });

  // Speed is measured by the benchmarks (bench:ingest, bench:charts), not asserted here.
  it('is right over a whole night at 1 Hz', () => {
    const points = line(0, 480, 1, drain(100_000, -200));
    const f = forecast(points, at(480), { windowMs: 480 * MIN });
    expect(f.ratePerMin).toBeCloseTo(-200, 6);
    expect(Math.abs(f.etaMs! - at(500))).toBeLessThan(1000);
  });
});

describe('theilSen', () => {
  it('gives the same answer for the same readings, subsampled or not', () => {
    const noise = gaussian(3);
    const points = line(0, 10, 1, (m) => drain(10_000, -100)(m) + 50 * noise());
    const a = theilSen(points, 0, points.length)!;
    expect(theilSen(points, 0, points.length)).toEqual(a);
    const full = theilSen(points, 0, points.length, Number.POSITIVE_INFINITY)!;
    // Two thousand pairs of 179,700 land within their own interval of the full median.
    expect(full.slope).toBeGreaterThanOrEqual(a.low);
    expect(full.slope).toBeLessThanOrEqual(a.high);
    expect(a.low).toBeLessThanOrEqual(a.slope);
    expect(a.high).toBeGreaterThanOrEqual(a.slope);
  });

  it('has no slope for readings that all share one instant', () => {
    expect(
      theilSen(
        [
          { t: 1, v: 1 },
          { t: 1, v: 5 },
        ],
        0,
        2,
      ),
    ).toBeNull();
  });
});
