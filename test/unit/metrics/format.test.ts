import { describe, expect, it } from 'vitest';
import { describeForecast, formatRate, formatValue } from '@shared/metrics';
import type { Forecast } from '@shared/metrics';
import { at } from './fixtures';

describe('formatValue', () => {
  it('groups the digits of a count', () => {
    expect(formatValue(12_345, 'count')).toBe('12,345');
    expect(formatValue(12_345.4, 'count')).toBe('12,345');
    expect(formatValue(3.25, 'count')).toBe('3.3');
    expect(formatValue(0, 'count')).toBe('0');
  });

  it('reads lag in seconds as seconds, minutes or hours', () => {
    expect(formatValue(42, 'seconds')).toBe('42 s');
    expect(formatValue(0.4, 'seconds')).toBe('0.4 s');
    expect(formatValue(245, 'seconds')).toBe('4 min 05 s');
    expect(formatValue(59.7, 'seconds')).toBe('1 min 00 s');
    expect(formatValue(3_845, 'seconds')).toBe('1 h 04 min');
  });

  it('reads bytes in decimal units', () => {
    expect(formatValue(512, 'bytes')).toBe('512 B');
    expect(formatValue(1_234_567, 'bytes')).toBe('1.2 MB');
    expect(formatValue(45_000_000_000, 'bytes')).toBe('45 GB');
    expect(formatValue(999_960, 'bytes')).toBe('1 MB');
  });

  it('marks a negative value with a real minus and a missing one with a dash', () => {
    expect(formatValue(-42, 'seconds')).toBe('\u221242 s');
    expect(formatValue(Number.NaN, 'count')).toBe('\u2014');
  });
});

describe('formatRate', () => {
  it('signs a rate per minute in its unit', () => {
    expect(formatRate(120, 'count')).toBe('+120/min');
    expect(formatRate(-3.5, 'seconds')).toBe('\u22123.5 s/min');
    expect(formatRate(-1_234, 'count')).toBe('\u22121,234/min');
    expect(formatRate(1_200_000, 'bytes')).toBe('+1.2 MB/min');
  });

  it('gives no direction to a rate that rounds to nothing', () => {
    expect(formatRate(0.01, 'count')).toBe('0/min');
    expect(formatRate(-0.01, 'seconds')).toBe('0 s/min');
  });
});

describe('describeForecast', () => {
  const draining: Forecast = {
    trend: 'draining',
    ratePerMin: -350,
    etaMs: at(154), // 23:04 UTC
    band: { early: at(148), late: at(162) },
    value: 54_000,
  };

  it('says how fast a queue drains and when it will be caught up, on the wall clock of the given zone', () => {
    expect(describeForecast(draining, 'count')).toBe('draining at 350/min, caught up around 23:04 (22:58\u201323:12)');
    // 29 April is summer time in London: the crew there reads an hour later.
    expect(describeForecast(draining, 'count', 'Europe/London')).toBe('draining at 350/min, caught up around 00:04 (23:58\u201300:12)');
  });

  it('leaves out a band that rounds to the ETA itself', () => {
    const tight = { ...draining, band: { early: draining.etaMs!, late: draining.etaMs! + 30_000 } };
    expect(describeForecast(tight, 'count')).toBe('draining at 350/min, caught up around 23:04');
  });

  it('says only when it will not be before, for a band whose slow end never drains or is a day off', () => {
    expect(describeForecast({ ...draining, band: { early: at(148), late: Number.POSITIVE_INFINITY } }, 'count')).toBe(
      'draining at 350/min, caught up around 23:04 (not before 22:58)',
    );
    expect(describeForecast({ ...draining, band: { early: at(148), late: at(154 + 24 * 60) } }, 'count')).toBe(
      'draining at 350/min, caught up around 23:04 (not before 22:58)',
    );
  });

  it('says a growing backlog grows, with its signed rate', () => {
    const f: Forecast = { trend: 'growing', ratePerMin: 120, etaMs: null, band: null, value: 5_000 };
    expect(describeForecast(f, 'count')).toBe('growing at +120/min');
  });

  it('never says a backlog moves at 0: a rate that rounds to nothing is slow', () => {
    const creeping: Forecast = { trend: 'growing', ratePerMin: 0.0437, etaMs: null, band: null, value: 0.6 };
    expect(describeForecast(creeping, 'seconds')).toBe('growing slowly');
    const draining = { ...creeping, trend: 'draining' as const, ratePerMin: -0.02, etaMs: Date.UTC(2026, 3, 30, 4, 13) };
    expect(describeForecast(draining, 'seconds', 'Europe/London')).toBe('draining slowly, caught up around 05:13');
    expect(describeForecast({ ...creeping, ratePerMin: 0.06 }, 'count')).toBe('growing at +0.1/min');
  });

  it('says flat, empty and unknown in plain words', () => {
    const none = { ratePerMin: null, etaMs: null, band: null };
    expect(describeForecast({ ...none, trend: 'flat', value: 245 }, 'seconds')).toBe('flat at 4 min 05 s');
    expect(describeForecast({ ...none, trend: 'empty', value: 0 }, 'count')).toBe('caught up');
    expect(describeForecast({ ...none, trend: 'unknown', value: null }, 'count')).toBe('not enough readings yet for a trend');
  });
});
