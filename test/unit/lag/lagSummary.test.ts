import { describe, expect, it } from 'vitest';
import { SeriesConfigSchema } from '@shared/metrics';
import { freshSeriesStatus } from '@shared/metrics/applySeries';
import { lagOpenAtStart, summaryLine } from '../../../renderer/features/lag/lagSummary';
import { seriesForecast } from '../../../renderer/features/lag/lagView';

const orders = SeriesConfigSchema.parse({ id: 'orders', name: 'Orders queue', warning: 4000, critical: 8000, source: { kind: 'push' } });
const T0 = Date.UTC(2026, 3, 29, 18, 0);

describe('the folded lag panel', () => {
  it('stays folded until opened, then remembers what this session chose', () => {
    expect(lagOpenAtStart(null, false)).toBe(false);
    expect(lagOpenAtStart('true', false)).toBe(true);
    expect(lagOpenAtStart('false', true)).toBe(false);
    expect(lagOpenAtStart(null, true)).toBe(true);
  });

  it('says each series in one line: its latest reading, its level and where it is heading', () => {
    const cols = { t: Array.from({ length: 60 }, (_, i) => T0 + i * 10_000), v: Array.from({ length: 60 }, (_, i) => 2000 + i * 47) };
    const now = T0 + 59 * 10_000;
    const line = summaryLine(orders, cols, freshSeriesStatus(), seriesForecast(cols, now), now, 'Europe/London');
    expect(line).toMatchObject({ seriesId: 'orders', name: 'Orders queue', value: '4,773', level: 'warning', source: null, points: 60 });
    expect(line.forecast).toBe('growing at +282/min');
    expect(line.demo).toBe(false);
  });

  it('says a series the hub makes up is a demo', () => {
    const demo = SeriesConfigSchema.parse({ id: 'demo', name: 'Orders queue (demo)', warning: 4000, critical: 8000, source: { kind: 'simulated' } });
    expect(summaryLine(demo, null, freshSeriesStatus(), null, T0, 'Europe/London').demo).toBe(true);
  });

  it('says plainly when a series has no readings yet, or its source is down', () => {
    const down = { ...freshSeriesStatus(), source: 'down' as const, sourceSince: T0, message: 'down: connection refused' };
    expect(summaryLine(orders, null, down, null, T0, 'Europe/London')).toMatchObject({
      value: '\u2014',
      level: 'normal',
      forecast: 'no readings yet',
      source: 'down since 19:00: connection refused',
    });
  });
});
