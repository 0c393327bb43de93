import { describe, expect, it } from 'vitest';
import { HOLD_MS, SeriesBuffer, SeriesConfigSchema, SeriesJudge, evaluateSample, evaluateSourceHealth, initialAlertState } from '@shared/metrics';
import type { AlertState, Forecast, SeriesConfig, Trend } from '@shared/metrics';

const MIN = 60_000;

const queue: SeriesConfig = SeriesConfigSchema.parse({
  id: 'alarms',
  name: 'Alarm queue',
  warning: 10_000,
  critical: 50_000,
  source: { kind: 'push' },
});

const trend = (t: Trend, ratePerMin: number | null = null, value: number | null = null): Forecast => ({
  trend: t,
  ratePerMin,
  etaMs: null,
  band: null,
  value,
});
const flat = trend('flat');

/** Folds readings (each with its forecast), 30 s apart, and collects the alert kinds on the way. */
function run(readings: Array<[number, Forecast]>, series = queue, from: AlertState = initialAlertState(), everyMs = HOLD_MS) {
  let state = from;
  const kinds: string[] = [];
  const messages: string[] = [];
  for (const [i, [value, f]] of readings.entries()) {
    const r = evaluateSample(state, series, f, value, i * everyMs);
    state = r.state;
    kinds.push(...r.alerts.map((a) => a.kind));
    messages.push(...r.alerts.map((a) => a.message));
  }
  return { state, kinds, messages };
}

describe('threshold alerts', () => {
  it('warns once on crossing the warning line, with the name and the value', () => {
    const r = evaluateSample(initialAlertState(), queue, trend('unknown'), 12_345, 0);
    expect(r.state.level).toBe('warning');
    expect(r.alerts).toEqual([{ kind: 'warning', value: 12_345, message: 'Alarm queue is at warning level: 12,345 (line 10,000)' }]);
    expect(evaluateSample(r.state, queue, trend('unknown'), 13_000, 5000).alerts).toEqual([]);
  });

  it('goes straight to critical when a reading jumps past both lines', () => {
    const r = run([[60_000, flat]]);
    expect(r.kinds.filter((k) => k !== 'not_draining')).toEqual(['critical']);
    expect(r.messages[0]).toBe('Alarm queue is critical at 60,000 (line 50,000)');
  });

  it('does not flap while a value hovers on the line', () => {
    // 10,000 ± 3 %: inside the 5 % margin, so one warning and nothing after.
    const hovering = [10_100, 9_800, 10_200, 9_700, 10_050, 9_900].map((v): [number, Forecast] => [v, trend('unknown')]);
    const r = run(hovering);
    expect(r.kinds).toEqual(['warning']);
    expect(r.state.level).toBe('warning');
  });

  it('does not flap when a noisy value dips under the margin for a reading or two', () => {
    // ±7 % noise around 10,000 at one reading every 5 s: below 9,500 now and then, never for 30 s.
    const noisy = [10_300, 9_300, 10_600, 9_400, 9_350, 10_400, 9_300, 10_200].map((v): [number, Forecast] => [v, trend('unknown')]);
    const r = run(noisy, queue, initialAlertState(), 5_000);
    expect(r.kinds).toEqual(['warning']);
  });

  it('returns to normal only once the value is clearly below the warning line, and stays there for 30 s', () => {
    const r = run([
      [11_000, trend('unknown')],
      [9_600, trend('unknown')],
      [9_400, trend('unknown')],
      [9_300, trend('unknown')],
    ]);
    expect(r.kinds).toEqual(['warning', 'normal']);
    expect(r.messages[1]).toBe('Alarm queue is back to normal at 9,300');
  });

  it('steps down from critical to warning, then to normal', () => {
    const r = run([
      [55_000, trend('unknown')],
      [48_000, trend('unknown')], // within 5 % of 50,000: still critical
      [47_000, trend('unknown')],
      [46_000, trend('unknown')], // held for 30 s: down to warning
      [9_000, trend('unknown')],
      [9_000, trend('unknown')],
    ]);
    expect(r.kinds).toEqual(['critical', 'warning', 'normal']);
    expect(r.messages[1]).toBe('Alarm queue is back under critical, still at warning level: 46,000');
  });

  it('does not complete a calmer level pending from before a source outage on the first reading after it', () => {
    // Critical, reads 300 once, the source is down 6 minutes, then reads 300: nothing was seen in
    // between, so the 30 s hold starts again at the reading after the gap, as a check's does.
    const readings: Array<[number, number]> = [
      [0, 60_000],
      [30_000, 300],
      [30_000 + 6 * MIN, 300],
      [30_000 + 6 * MIN + 15_000, 300],
      [30_000 + 6 * MIN + 30_000, 300],
    ];
    let state = initialAlertState();
    const said: Array<[number, string]> = [];
    for (const [at, v] of readings) {
      const r = evaluateSample(state, queue, trend('unknown'), v, at);
      state = r.state;
      said.push(...r.alerts.filter((a) => a.kind !== 'not_draining').map((a): [number, string] => [at, a.message]));
    }
    expect(said).toEqual([
      [0, 'Alarm queue is critical at 60,000 (line 50,000)'],
      [30_000 + 6 * MIN + 30_000, 'Alarm queue is back to normal at 300'],
    ]);
  });

  it('judges the gap by the series’ configured interval: one read every 5 minutes still settles', () => {
    const slow = SeriesConfigSchema.parse({ ...queue, intervalSec: 300, source: { kind: 'redis', url: 'redis://q:6379', key: 'alarms' } });
    const r = run(
      [
        [60_000, trend('unknown')],
        [300, trend('unknown')],
        [300, trend('unknown')],
      ],
      slow,
      initialAlertState(),
      5 * MIN,
    );
    expect(r.kinds.filter((k) => k !== 'not_draining')).toEqual(['critical', 'normal']);
  });

  it('says nothing across a 6-minute outage of a polled queue, through the hub’s judge', () => {
    // Read every 5 s at its critical 12,000 for ten minutes, 300 once, down 6 minutes, then 300 again.
    const polled = SeriesConfigSchema.parse({
      ...queue,
      warning: 10_000,
      critical: 12_000,
      normal: { low: 200, high: 400 },
      source: { kind: 'redis', url: 'redis://q:6379', key: 'alarms' },
    });
    const judge = new SeriesJudge();
    const buffer = new SeriesBuffer();
    let state = initialAlertState();
    const said: Array<[number, string]> = [];
    const read = (t: number, v: number) => {
      buffer.append(t, v);
      const r = judge.judge(polled, buffer, state, t, v, null);
      state = r.state;
      said.push(...r.alerts.map((a): [number, string] => [t, a.message]));
    };
    for (let s = 0; s <= 600; s += 5) read(s * 1000, 12_000);
    read(605_000, 300);
    const back = 605_000 + 6 * MIN;
    read(back, 300);
    expect(said.filter(([t]) => t >= 605_000)).toEqual([]);
    for (let s = 5; s <= 30; s += 5) read(back + s * 1000, 300);
    expect(said.filter(([t]) => t >= 605_000)).toEqual([
      [back + 30_000, 'Alarm queue is back to normal at 300'],
      [back + 30_000, 'Alarm queue has caught up'],
    ]);
  });

  it('raises no level alerts for a series without lines', () => {
    const free = { ...queue, warning: null, critical: null };
    expect(run([[1e9, trend('unknown')]], free).kinds).toEqual([]);
  });

  it('formats the value in the series unit', () => {
    const lag = { ...queue, name: 'Replica lag', unit: 'seconds' as const, warning: 60, critical: 600 };
    expect(run([[245, trend('unknown')]], lag).messages).toEqual(['Replica lag is at warning level: 4 min 05 s (line 1 min 00 s)']);
  });
});

describe('draining alerts', () => {
  it('says once that a growing backlog is not draining, and once that it drains again', () => {
    const r = run([
      [2_000, trend('growing', 120)],
      [2_100, trend('growing', 120)],
      [2_200, trend('growing', 120)],
      [2_050, trend('draining', -350)],
      [1_700, trend('draining', -350)],
      [1_500, trend('draining', -350)],
    ]);
    expect(r.kinds).toEqual(['not_draining', 'draining']);
    expect(r.messages).toEqual(['Alarm queue is not draining: 2,100, growing at +120/min', 'Alarm queue is draining again at 350/min: 1,700']);
  });

  it('counts a flat backlog above the warning line as not draining, but not a small one', () => {
    const flatAt = (v: number) =>
      run([
        [v, flat],
        [v, flat],
      ]);
    expect(flatAt(20_000).kinds).toEqual(['warning', 'not_draining']);
    expect(flatAt(20_000).messages[1]).toBe('Alarm queue is not draining: 20,000, flat');
    expect(flatAt(300).kinds).toEqual([]);
  });

  it('raises nothing for a queue that is draining when we first look', () => {
    expect(run([[3_000, trend('draining', -100)]]).state.draining).toBe('draining');
    expect(run([[3_000, trend('draining', -100)]]).kinds).toEqual([]);
  });

  it('says caught up when the chart does: 30 s after the queue reached zero, not a second hold later', () => {
    // The forecast says "empty" only once held for SETTLE_MS; waiting HOLD_MS more would put the bell a minute late.
    const series = SeriesConfigSchema.parse({ id: 'q', name: 'Alarm queue', warning: 500, source: { kind: 'push' } });
    const buffer = new SeriesBuffer();
    const judge = new SeriesJudge();
    let state = initialAlertState();
    const said: string[] = [];
    for (let s = 0; s < 700; s++) {
      const v = s < 600 ? 100 + s : 0; // growing a reading a second, then emptied at 600 s
      buffer.append(s * 1000, v);
      const r = judge.judge(series, buffer, state, s * 1000, v, null);
      state = r.state;
      said.push(...r.alerts.map((a) => `${s}: ${a.message}`));
    }
    expect(said.at(-1)).toMatch(/^63[0-5]: Alarm queue has caught up$/);
  });

  it('takes an emptied queue as recovered', () => {
    const r = run([
      [500, trend('growing', 50)],
      [600, trend('growing', 50)],
      [0, trend('empty')],
      [0, trend('empty')],
    ]);
    expect(r.kinds).toEqual(['not_draining', 'draining']);
    expect(r.messages[1]).toBe('Alarm queue has caught up');
  });

  it('keeps its state through readings that cannot tell', () => {
    const r = run([
      [2_000, trend('growing', 120)],
      [2_000, trend('growing', 120)],
      [2_000, trend('unknown')],
      [2_000, flat], // flat below the line: not evidence of draining
      [2_000, flat],
    ]);
    expect(r.kinds).toEqual(['not_draining']);
    expect(r.state.draining).toBe('not_draining');
  });

  it('ignores a reading that is not a number', () => {
    const state = initialAlertState();
    expect(evaluateSample(state, queue, flat, Number.NaN, 0)).toEqual({ state, alerts: [] });
  });
});

describe('source health', () => {
  it('reports a source going down once, with the reason', () => {
    const down = evaluateSourceHealth(initialAlertState(), false, 'connection refused');
    expect(down.alerts).toEqual([{ kind: 'down', value: null, message: 'down: connection refused' }]);
    expect(evaluateSourceHealth(down.state, false, 'timeout').alerts).toEqual([]);
    expect(evaluateSourceHealth(initialAlertState(), false, null).alerts[0]!.message).toBe('down: no answer');
  });

  it('reports it up again only after it was down', () => {
    const first = evaluateSourceHealth(initialAlertState(), true, null);
    expect(first.state.source).toBe('up');
    expect(first.alerts).toEqual([]);
    const down = evaluateSourceHealth(first.state, false, 'connection refused');
    expect(evaluateSourceHealth(down.state, true, null).alerts).toEqual([{ kind: 'up', value: null, message: 'up again' }]);
  });

  it('leaves the threshold and draining states alone', () => {
    const state: AlertState = { ...initialAlertState(), level: 'critical', draining: 'not_draining', source: 'up' };
    expect(evaluateSourceHealth(state, false, 'x').state).toEqual({ ...state, source: 'down' });
  });
});

describe('the alert’s verb agrees with the series’ name (#15)', () => {
  const named = (name: string): SeriesConfig => ({ ...queue, name });

  it('says “are” and “have” of a plural name, at every turn of the night', () => {
    const internal = named('Internal queues');
    const up = run(
      [
        [12_000, trend('growing', 500)],
        [60_000, trend('growing', 500)],
      ],
      internal,
    );
    expect(up.messages).toEqual([
      'Internal queues are at warning level: 12,000 (line 10,000)',
      'Internal queues are critical at 60,000 (line 50,000)',
      'Internal queues are not draining: 60,000, growing at +500/min',
    ]);
    const down = run(
      [
        [40_000, trend('draining', -2_000)],
        [40_000, trend('draining', -2_000)],
        [9_000, trend('draining', -2_000)],
        [9_000, trend('draining', -2_000)],
        [0, trend('empty')],
      ],
      internal,
      up.state,
    );
    expect(down.messages).toEqual([
      'Internal queues are back under critical, still at warning level: 40,000',
      'Internal queues are draining again at 2,000/min: 40,000',
      'Internal queues are back to normal at 9,000',
    ]);
    const emptied = run(
      [
        [500, trend('growing', 50)],
        [600, trend('growing', 50)],
        [0, trend('empty')],
        [0, trend('empty')],
      ],
      internal,
    );
    expect(emptied.messages).toEqual(['Internal queues are not draining: 600, growing at +50/min', 'Internal queues have caught up']);
  });

  it('keeps “is” for a name that is one thing, even one ending in s', () => {
    for (const name of ['Alarm queue', 'Event bus', 'Replica status', 'Kafka consumer lag (orders, payments)']) {
      expect(evaluateSample(initialAlertState(), named(name), flat, 60_000, 0).alerts[0]?.message).toBe(`${name} is critical at 60,000 (line 50,000)`);
    }
  });
});
