import { describe, expect, it } from 'vitest';
import { parsePushText, SeriesConfigSchema } from '@shared/metrics';
import { freshSeriesStatus } from '@shared/metrics/applySeries';
import { pushExamples } from '../../../renderer/features/lagSetup/pushExamples';
import { cadenceText, probeSentence, sourceStatusText, thresholdsText } from '../../../renderer/features/lagSetup/seriesText';

describe('the push examples', () => {
  const ex = pushExamples('http://127.0.0.1:7498/', 'c-42', 'alarm-queue');

  it('point at the cutover’s push URL on this hub', () => {
    expect(ex.url).toBe('http://127.0.0.1:7498/api/cutovers/c-42/push');
  });

  it('send JSON naming the series by its id', () => {
    expect(ex.json).toContain(`-d '{"samples":[{"series":"alarm-queue","value":1234}]}'`);
    expect(ex.json).toContain('Content-Type: application/json');
  });

  it('name the series as the hub’s Prometheus text parser expects it', () => {
    expect(ex.metricName).toBe('alarm_queue');
    const body = /--data-binary '([^']+)'/.exec(ex.text)![1]!;
    expect(parsePushText(body, ['alarm-queue'])).toEqual({ samples: [{ series: 'alarm-queue', value: 1234, t: null }], errors: [] });
  });

  it('leave the invite token in a variable rather than on the screen', () => {
    expect(ex.json).toContain('Bearer $WARROOM_TOKEN');
    expect(ex.text).toContain('Bearer $WARROOM_TOKEN');
  });
});

describe('what a test read says', () => {
  it('reads the number with thousands separated', () => {
    expect(probeSentence({ ok: true, value: 1234, detail: 'Read 1234' })).toEqual({ ok: true, text: 'Read 1,234' });
    expect(probeSentence({ ok: true, value: 42, detail: 'Read 42' }).text).toBe('Read 42');
  });

  it('gives the hub’s reason as a sentence', () => {
    expect(probeSentence({ ok: false, error: 'connection refused (127.0.0.1:5432)' })).toEqual({ ok: false, text: 'Connection refused (127.0.0.1:5432)' });
  });
});

describe('a series in the list', () => {
  const s = SeriesConfigSchema.parse({
    id: 'lag',
    name: 'Lag',
    unit: 'seconds',
    warning: 30,
    critical: 300,
    source: { kind: 'postgres', url: 'postgres://x', query: 'select 1' },
  });

  it('says how often it is read and where its lines are, in its unit', () => {
    expect(cadenceText(s)).toBe('every 5 s, timeout 5 s');
    expect(thresholdsText(s)).toBe('warning 30 s · critical 5 min 00 s');
    expect(thresholdsText({ ...s, warning: null, critical: null })).toBe('no thresholds');
    expect(cadenceText({ ...s, source: { kind: 'push' } })).toBe('pushed to the hub');
    expect(cadenceText({ ...s, intervalSec: 2, source: { kind: 'simulated', inflowPerSec: 1, drainPerSec: 2, noise: 0 } })).toBe(
      'made up by the hub every 2 s',
    );
  });

  it('says a source is down, and why', () => {
    const down = { ...freshSeriesStatus(), source: 'down' as const, message: 'down: connection refused' };
    expect(sourceStatusText(down, 'postgres')).toEqual({ tone: 'danger', text: 'source down: connection refused' });
    expect(sourceStatusText({ ...down, source: 'up', message: 'up again' }, 'postgres')).toEqual({ tone: 'ok', text: 'source up' });
    expect(sourceStatusText(freshSeriesStatus(), 'postgres')?.text).toBe('no failed reads');
    expect(sourceStatusText(freshSeriesStatus(), 'push')).toBeNull();
  });
});
