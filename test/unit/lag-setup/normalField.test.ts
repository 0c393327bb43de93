import { describe, expect, it } from 'vitest';
import { SeriesConfigSchema } from '@shared/metrics';
import { buildSeries, formFromSeries, newSeriesForm, withName, withValue } from '../../../renderer/features/lagSetup/seriesForm';
import { thresholdsText } from '../../../renderer/features/lagSetup/seriesText';

const pg = withValue(withValue(withName(newSeriesForm('postgres'), 'Outbox'), 'url', 'postgres://monitor@db:5432/app'), 'query', 'select 1');
const built = (normal: string, more = {}) => buildSeries({ ...pg, normal, ...more }, []);

describe('the normal depth in the series dialog', () => {
  it('takes a number as "up to it" and two as a range, and gives them back as typed', () => {
    expect(built('400')).toMatchObject({ ok: true, series: { normal: { low: 0, high: 400 } } });
    expect(built('200\u2013400')).toMatchObject({ ok: true, series: { normal: { low: 200, high: 400 } } });
    expect(built('200 - 400')).toMatchObject({ ok: true, series: { normal: { low: 200, high: 400 } } });
    for (const typed of ['400', '200\u2013400']) {
      const r = built(typed);
      expect(r.ok && formFromSeries(r.series).normal).toBe(typed);
    }
  });

  it('leaves it to be learned when left empty', () => {
    expect(built('')).toMatchObject({ ok: true, series: { normal: null } });
  });

  it('says what is wrong with it, next to it', () => {
    expect(built('lots')).toEqual({
      ok: false,
      issue: { field: 'normal', message: 'The normal depth is a number (400, meaning 0 to 400) or a range (200–400)' },
    });
    expect(built('400\u2013200')).toEqual({
      ok: false,
      issue: { field: 'normal', message: 'The normal range must go from the lower number to the higher one' },
    });
    expect(built('0\u20135000', { warning: '2000' })).toEqual({
      ok: false,
      issue: { field: 'normal', message: 'The normal range must stay below the warning and critical lines' },
    });
  });

  it('is listed with the lines', () => {
    const r = built('300', { warning: '2000' });
    expect(r.ok && thresholdsText(r.series)).toBe('warning 2,000 · normal up to 300');
  });

  it('is not needed by a series saved before it existed', () => {
    const old = SeriesConfigSchema.parse({ id: 'q', name: 'Alarm queue', warning: 2000, source: { kind: 'push' } });
    expect(old.normal).toBeNull();
  });
});
