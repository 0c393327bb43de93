import { describe, expect, it } from 'vitest';
import { describeForecast, type Forecast } from '@shared/metrics';
import { freshSeriesStatus } from '@shared/metrics/applySeries';
import { forecastSentence, levelOf, levelShown, pickWorst, sourceText, sparklinePoints } from '../../../renderer/features/lag/lagStatus';

const T0 = Date.UTC(2026, 3, 29, 20, 4); // 21:04 BST

describe('where a series stands', () => {
  it('is at the level of its lines, or the hub’s when that is higher', () => {
    expect(levelOf(50, 100, 200)).toBe('normal');
    expect(levelOf(100, 100, 200)).toBe('warning');
    expect(levelOf(250, 100, 200)).toBe('critical');
    expect(levelOf(null, 100, 200)).toBe('normal');
    // The hub holds "critical" a little under the line (hysteresis).
    expect(levelShown(195, { warning: 100, critical: 200 }, { ...freshSeriesStatus(), level: 'critical' })).toBe('critical');
    expect(levelShown(250, { warning: 100, critical: 200 }, { ...freshSeriesStatus(), level: 'warning' })).toBe('critical');
  });

  it('picks the series nearest its critical line, then those with only a warning line, then the rest', () => {
    const c = (id: string, value: number | null, warning: number | null, critical: number | null) => ({ id, value, warning, critical });
    expect(pickWorst([c('big', 90_000, 100_000, 200_000), c('small', 900, 500, 1000)])).toBe('small');
    expect(pickWorst([c('lineless', 1e9, null, null), c('warned', 10, 100, null)])).toBe('warned');
    expect(pickWorst([c('lineless', 1, null, null), c('empty', null, 1, 2)])).toBe('lineless');
    expect(pickWorst([])).toBeNull();
  });

  it('says since when a source is down and why, and nothing while it answers', () => {
    const down = { ...freshSeriesStatus(), source: 'down' as const, sourceSince: T0, at: T0, message: 'down: connection refused' };
    expect(sourceText(down, 'Europe/London')).toBe('down since 21:04: connection refused');
    expect(sourceText({ ...down, message: 'Orders queue is at warning level: 12,000' }, 'Europe/London')).toBe('down since 21:04');
    expect(sourceText({ ...down, source: 'up' }, 'Europe/London')).toBeNull();
    expect(sourceText(undefined, 'UTC')).toBeNull();
  });
});

describe('the forecast sentence', () => {
  it('is describeForecast’s, remembered while what it says is the same', () => {
    const f: Forecast = { trend: 'draining', ratePerMin: -350, etaMs: T0 + 3_600_000, band: { early: T0 + 3_240_000, late: T0 + 4_080_000 }, value: 21_000 };
    expect(forecastSentence(f, 'count', 'Europe/London')).toBe('draining at 350/min, caught up around 22:04 (21:58\u201322:12)');
    for (const g of [
      f,
      { ...f, value: 20_000, etaMs: f.etaMs! + 20_000 },
      { ...f, trend: 'growing' as const, ratePerMin: 120, etaMs: null, band: null },
      { ...f, trend: 'flat' as const, value: 12_345 },
    ]) {
      expect(forecastSentence(g, 'count', 'Europe/London')).toBe(describeForecast(g, 'count', 'Europe/London'));
    }
  });
});

describe('the value the forecast sentence names', () => {
  it('is the latest reading, shown beside it, not the one the forecast was made with seconds before', () => {
    const f: Forecast = { trend: 'flat', ratePerMin: 0, etaMs: null, band: null, value: 16 };
    expect(forecastSentence(f, 'count', 'UTC', 11)).toBe('flat at 11');
    expect(forecastSentence(f, 'count', 'UTC')).toBe('flat at 16');
  });
});

describe('the header sparkline', () => {
  it('scales the last readings into its box, zero at the bottom', () => {
    const t = Array.from({ length: 11 }, (_, i) => T0 + i * 1000);
    const v = t.map((_, i) => i * 10);
    const pts = sparklinePoints({ t, v }, T0, T0 + 10_000, 100, 20).split(' ');
    expect(pts[0]).toBe('0.0,19.0');
    expect(pts.at(-1)).toBe('100.0,1.0');
    expect(sparklinePoints({ t: [T0], v: [1] }, T0, T0 + 1000, 100, 20)).toBe('');
  });
});
