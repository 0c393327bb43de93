import { describe, expect, it } from 'vitest';
import { forecast, lttb, type Forecast } from '@shared/metrics';
import {
  axisEnd,
  axisValue,
  chartGroups,
  chartPoints,
  domainEnd,
  drawTime,
  groupChart,
  lineRows,
  pixelStepMs,
  projection,
  rangeBounds,
  readingAt,
  thresholdBands,
  valueAxis,
} from '../../../renderer/features/lag/lagView';

const T0 = Date.UTC(2026, 3, 29, 20, 0); // 21:00 BST
const S = 1000;
const MIN = 60 * S;

/** An 8-hour night at 1 Hz: builds for 2 h 30, plateaus, drains, with one spike at 3 h. */
function night(points = 28_800): { t: Float64Array; v: Float64Array } {
  const t = new Float64Array(points);
  const v = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    t[i] = T0 + i * S;
    const h = i / 3600;
    const level = h < 2.5 ? i * 20 : h < 3 ? 180_000 : Math.max(0, 180_000 - (i - 10_800) * 8);
    v[i] = level + (i % 7) * 3 + (i === 10_900 ? 90_000 : 0);
  }
  return { t, v };
}

const draining = (over: Partial<Forecast> = {}): Forecast => ({
  trend: 'draining',
  ratePerMin: -500,
  etaMs: T0 + 60 * MIN,
  band: { early: T0 + 50 * MIN, late: T0 + 75 * MIN },
  value: 10_000,
  ...over,
});

describe('the ranges', () => {
  it('shows the last 15 minutes, the last hour, or the night from the window start', () => {
    const now = T0 + 4 * 60 * MIN;
    expect(rangeBounds('15m', now, T0)).toEqual({ from: now - 15 * MIN, to: now, sliding: true });
    expect(rangeBounds('1h', now, T0)).toEqual({ from: now - 60 * MIN, to: now, sliding: true });
    expect(rangeBounds('night', now, T0)).toEqual({ from: T0, to: now, sliding: false });
  });

  it('shows at least 15 minutes of the night before the window opens', () => {
    expect(rangeBounds('night', T0 - 5 * MIN, T0)).toEqual({ from: T0 - 20 * MIN, to: T0 - 5 * MIN, sliding: true });
  });
});

describe('the points a chart draws', () => {
  it('downsamples a night to about one point per two pixels, keeping the spike and both ends', () => {
    const cols = night();
    const pts = chartPoints(cols, T0, T0 + 8 * 60 * MIN, 400);
    expect(pts.t).toHaveLength(200);
    expect(pts.t[0]).toBe(T0);
    expect(pts.t.at(-1)).toBe(T0 + 28_799 * S);
    expect(Math.max(...pts.v)).toBe(Math.max(...cols.v)); // the spike at 3 h survives
    expect(pts).toEqual(lttb(cols.t, cols.v, 200));
  });

  it('draws every reading when naive', () => {
    expect(chartPoints(night(), T0, T0 + 8 * 60 * MIN, 400, { naive: true }).t).toHaveLength(28_800);
  });

  it('keeps one reading before the range so the line reaches its left edge', () => {
    const pts = chartPoints(night(3600), T0 + 10 * MIN + 500, T0 + 20 * MIN, 10_000);
    expect(pts.t[0]).toBe(T0 + 10 * MIN);
    expect(pts.t.at(-1)).toBe(T0 + 20 * MIN);
    expect(pts.t).toHaveLength(601);
  });

  it('breaks the line where the readings stop for a while', () => {
    const rows = lineRows({ t: [0, 1000, 2000, 60_000, 61_000], v: [1, 2, 3, 4, 5] }, 5000);
    expect(rows.map((r) => r.v)).toEqual([1, 2, 3, null, 4, 5]);
    expect(rows[3]!.t).toBe(31_000);
  });
});

describe('the value axis and the threshold bands', () => {
  it('ends on a round number above the data, in four equal steps', () => {
    expect(valueAxis(180_000, null, null)).toEqual({ top: 200_000, ticks: [0, 50_000, 100_000, 150_000, 200_000] });
    expect(valueAxis(0, null, null).top).toBe(1);
  });

  it('steps lag in seconds by round times', () => {
    expect(valueAxis(3100, null, null, 'seconds')).toEqual({ top: 3600, ticks: [0, 900, 1800, 2700, 3600] });
    expect(valueAxis(40, null, null, 'seconds').top).toBe(60);
    expect(valueAxis(2, null, null, 'seconds').top).toBe(4);
  });

  it('reaches up to a threshold in sight, and leaves out one far above', () => {
    expect(valueAxis(40_000, 60_000, 150_000).top).toBe(80_000); // warning in reach, critical not
    expect(valueAxis(40_000, 60_000, 70_000).top).toBe(100_000);
    expect(valueAxis(100, 60_000, null).top).toBe(200);
  });

  it('shades warning up to critical and critical up to the top, only where they are on the chart', () => {
    expect(thresholdBands(60_000, 120_000, 200_000)).toEqual([
      { kind: 'warning', y1: 60_000, y2: 120_000 },
      { kind: 'critical', y1: 120_000, y2: 200_000 },
    ]);
    expect(thresholdBands(60_000, 300_000, 200_000)).toEqual([{ kind: 'warning', y1: 60_000, y2: 200_000 }]);
    expect(thresholdBands(null, 120_000, 100_000)).toEqual([]);
  });
});

describe('the ETA projection', () => {
  const last = { t: T0, v: 30_000 };

  it('runs from the last reading to zero at the ETA, with the band between the early and the late line', () => {
    const p = projection(last, draining(), T0 + 120 * MIN)!;
    expect(p.line).toEqual([last, { t: T0 + 60 * MIN, v: 0 }]);
    expect(p.band!.map((b) => b.t)).toEqual([T0, T0 + 50 * MIN, T0 + 75 * MIN]);
    expect(p.band!.map((b) => b.lo)).toEqual([30_000, 0, 0]);
    p.band!.map((b) => b.hi).forEach((hi, i) => expect(hi).toBeCloseTo([30_000, 10_000, 0][i]!, 6));
  });

  it("runs to the level the ETA aims at (the normal band's top), not to zero", () => {
    // "Caught up around 20:30" means back at 4,000: a line reaching 0 there would say the queue is empty then.
    const points = Array.from({ length: 121 }, (_, i) => ({ t: T0 - 10 * MIN + i * 5 * S, v: 10_000 - 200 * (i / 12) }));
    const f = forecast(points, T0, { normal: { low: 2_000, high: 4_000 } });
    expect(Math.abs(f.etaMs! - (T0 + 20 * MIN))).toBeLessThan(5 * S);
    const p = projection({ t: T0, v: 8_000 }, f, T0 + 60 * MIN)!;
    expect(p.line).toEqual([
      { t: T0, v: 8_000 },
      { t: f.etaMs, v: 4_000 },
    ]);
    expect(p.band!.every((b) => b.lo >= 4_000 && b.hi >= 4_000)).toBe(true);
    expect(projection({ t: T0, v: 3_500 }, f, T0 + 60 * MIN)).toBeNull();
  });

  it('is cut at the edge of the chart', () => {
    const p = projection(last, draining(), T0 + 30 * MIN)!;
    expect(p.line[1]).toEqual({ t: T0 + 30 * MIN, v: 15_000 });
    const edge = p.band!.at(-1)!;
    expect(edge.t).toBe(T0 + 30 * MIN);
    expect(edge.lo).toBeCloseTo(12_000, 6);
    expect(edge.hi).toBeCloseTo(18_000, 6);
  });

  it('is not drawn unless the series drains towards a time', () => {
    expect(projection(last, draining({ trend: 'growing', etaMs: null }), T0 + MIN)).toBeNull();
    expect(projection({ t: T0, v: 0 }, draining(), T0 + MIN)).toBeNull();
  });

  it('makes room on the time axis for a near ETA, but no more than half the range', () => {
    const from = T0 - 60 * MIN;
    expect(domainEnd(from, T0, draining())).toBe(T0 + 30 * MIN);
    expect(domainEnd(from, T0, draining({ etaMs: T0 + 10 * MIN, band: { early: T0 + 5 * MIN, late: T0 + 20 * MIN } }))).toBe(T0 + 20 * MIN);
    expect(domainEnd(from, T0, null)).toBe(T0);
    expect(axisEnd(from, T0, [null, draining()])).toBe(T0 + 30 * MIN);
  });
});

describe('a chart of one series or a group', () => {
  const cols = night();
  const now = T0 + 28_799 * S;
  const s = (id: string, warning: number | null = 100_000, critical: number | null = 200_000) => ({
    id,
    name: id,
    unit: 'count' as const,
    warning,
    critical,
    intervalSec: 1,
  });

  it('draws the downsampled line, counts its points, and its bands', () => {
    const c = groupChart({ series: [s('a')], columns: [cols], forecasts: [null], from: T0, to: now, end: now, live: true, plotWidth: 400 });
    expect(c.pointCount).toBe(200);
    expect(c.lineData[0]).toHaveLength(200);
    expect(c.domain).toEqual([T0, now]);
    expect(c.bands.map((b) => b.kind)).toEqual(['warning', 'critical']);
    expect(c.yTop).toBeGreaterThanOrEqual(270_000);
  });

  it('projects only a live view: a zoom into the past has no ETA line', () => {
    const base = {
      series: [s('a')],
      columns: [cols],
      forecasts: [draining({ etaMs: now + 30 * MIN, band: null })],
      from: T0,
      to: now,
      end: now + 30 * MIN,
      plotWidth: 400,
    };
    expect(groupChart({ ...base, live: true }).projections[0]?.line.at(-1)).toEqual({ t: now + 30 * MIN, v: 0 });
    expect(groupChart({ ...base, live: false }).projections[0]).toBeNull();
  });

  it('shades a group only when its series share their lines', () => {
    const base = { columns: [cols, cols], forecasts: [null, null], from: T0, to: now, end: now, live: true, plotWidth: 400 };
    expect(groupChart({ ...base, series: [s('a'), s('b')] }).bands).toHaveLength(2);
    expect(groupChart({ ...base, series: [s('a'), s('b', 50_000)] }).bands).toEqual([]);
    expect(groupChart({ ...base, series: [s('a'), s('b')] }).pointCount).toBe(400);
  });

  it('groups series by their group, in the order they were added', () => {
    const series = { a: { group: '' }, r1: { group: 'Replicas' }, b: { group: '' }, r2: { group: 'Replicas' } };
    expect(chartGroups(['a', 'r1', 'b', 'r2', 'gone'], series)).toEqual([
      { key: 's:a', title: null, ids: ['a'] },
      { key: 'g:Replicas', title: 'Replicas', ids: ['r1', 'r2'] },
      { key: 's:b', title: null, ids: ['b'] },
    ]);
  });
});

describe('the value axis labels', () => {
  it('reads values short in their unit', () => {
    expect(axisValue(12_500, 'count')).toBe('12.5K');
    expect(axisValue(90, 'seconds')).toBe('90s');
    expect(axisValue(300, 'seconds')).toBe('5m');
    expect(axisValue(5400 * 2, 'seconds')).toBe('3h');
    expect(axisValue(1_200_000, 'bytes')).toBe('1.2 MB');
  });

  it('writes the round values of ticks as they are, not rounded to one decimal', () => {
    expect([0, 0.25, 0.5, 0.75, 1].map((v) => axisValue(v, 'seconds'))).toEqual(['0s', '0.25s', '0.5s', '0.75s', '1s']);
    expect([2_250, 0.125].map((v) => axisValue(v, 'count'))).toEqual(['2.25K', '0.125']);
    expect(axisValue(5400 * 1.5, 'seconds')).toBe('2.25h');
  });
});

describe('redrawing by the pixel', () => {
  const step = MIN;

  it('draws at now first, then holds until a pixel of time has passed', () => {
    const now = T0 + 10 * S;
    expect(drawTime(null, now, step, 0, false)).toBe(now);
    expect(drawTime(now, now + 20 * S, step, 0, false)).toBe(now);
    expect(drawTime(now, T0 + 61 * S, step, 0, false)).toBe(T0 + MIN);
  });

  it('staggers charts so they do not all redraw in the same second', () => {
    const times = [0, 0.25, 0.5, 0.75].map((phase) => drawTime(T0 - 5 * MIN, T0 + 30 * S, step, phase, false));
    expect(new Set(times).size).toBe(4);
  });

  it('follows a reading that moved the line by a pixel at once, and a replay scrubbed back', () => {
    expect(drawTime(T0, T0 + 5 * S, step, 0, true)).toBe(T0 + 5 * S);
    expect(drawTime(T0 + 30 * MIN, T0 + 10 * MIN + 5 * S, step, 0, false)).toBe(T0 + 10 * MIN);
  });

  it('steps by round times within a pixel', () => {
    expect(pixelStepMs(T0, T0 + 8 * 60 * MIN, 400)).toBe(MIN); // 72 s a pixel
    expect(pixelStepMs(T0, T0 + 15 * MIN, 400)).toBe(2 * S);
    expect(pixelStepMs(T0, T0 + 60 * S, 400)).toBe(S);
  });
});

describe('the reading the tooltip names', () => {
  // Readings at 0, 10 and 20 s, a source down, then 100 and 110 s.
  const rows = lineRows({ t: [0, 10, 20, 100, 110].map((x) => T0 + x * S), v: [1, 2, 3, 4, 5] }, 30 * S);
  const at = (x: number) => readingAt(rows, T0 + x * S, 2 * S);

  it('is the nearer reading where the line runs', () => {
    expect([at(0), at(4), at(6), at(10), at(20), at(104), at(110)]).toEqual([1, 1, 2, 2, 3, 4, 5]);
  });

  it('is none inside a break, before the first reading or after the last, beyond the width hovered', () => {
    expect([at(21), at(22), at(23), at(60), at(97), at(98), at(99)]).toEqual([3, 3, null, null, null, 4, 4]);
    expect([at(-2), at(-3), at(112), at(113)]).toEqual([1, null, 5, null]);
    expect(readingAt([], T0, S)).toBeNull();
  });
});
