/*
 * An 8-hour night at 1 Hz is 28,800 points per series; a chart is a few hundred pixels wide.
 * Drawing every point costs the renderer and shows nothing more. LTTB (Steinarsson 2013,
 * "Downsampling Time Series for Visual Representation") keeps the points that shape the
 * line, so the spike someone asks about in the postmortem is still on the chart.
 */

export type Columns = { t: number[]; v: number[] };

function copy(t: ArrayLike<number>, v: ArrayLike<number>, n: number): Columns {
  const out: Columns = { t: new Array<number>(n), v: new Array<number>(n) };
  for (let i = 0; i < n; i++) {
    out.t[i] = t[i]!;
    out.v[i] = v[i]!;
  }
  return out;
}

/**
 * Largest-Triangle-Three-Buckets: `threshold` points of `t`/`v` (columns sorted by time),
 * always the first and the last. Each bucket keeps the point forming the largest triangle
 * with the point kept before it and the average of the next bucket. A threshold at or above
 * the length returns a copy; below 3 it returns the two ends (a line needs both).
 */
export function lttb(t: ArrayLike<number>, v: ArrayLike<number>, threshold: number): Columns {
  const n = Math.min(t.length, v.length);
  const want = Math.floor(threshold);
  if (want >= n || n <= 2) return copy(t, v, n);
  if (want < 3) return { t: [t[0]!, t[n - 1]!], v: [v[0]!, v[n - 1]!] };

  const out: Columns = { t: new Array<number>(want), v: new Array<number>(want) };
  out.t[0] = t[0]!;
  out.v[0] = v[0]!;
  // The n−2 inner points split into want−2 buckets; bucket b is [edge(b), edge(b + 1)).
  // Integer products before the division, so the last edge lands exactly on n − 1.
  const edge = (b: number) => Math.floor((b * (n - 2)) / (want - 2)) + 1;
  let a = 0;
  for (let b = 0; b < want - 2; b++) {
    // The next bucket's average is the third corner (the last point when it is the last bucket).
    const nextStart = edge(b + 1);
    const nextEnd = Math.min(edge(b + 2), n);
    let avgT = 0;
    let avgV = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgT += t[j]!;
      avgV += v[j]!;
    }
    const span = nextEnd - nextStart;
    avgT = span > 0 ? avgT / span : t[n - 1]!;
    avgV = span > 0 ? avgV / span : v[n - 1]!;

    const at = t[a]!;
    const av = v[a]!;
    const from = edge(b);
    const to = nextStart;
    let best = from;
    let bestArea = -1;
    for (let j = from; j < to; j++) {
      // Twice the triangle's area; differences first so epoch-sized times keep their precision.
      const area = Math.abs((at - avgT) * (v[j]! - av) - (at - t[j]!) * (avgV - av));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.t[b + 1] = t[best]!;
    out.v[b + 1] = v[best]!;
    a = best;
  }
  out.t[want - 1] = t[n - 1]!;
  out.v[want - 1] = v[n - 1]!;
  return out;
}

/** About one point per two pixels: denser lines only blur on screen. */
export function downsampleForWidth(t: ArrayLike<number>, v: ArrayLike<number>, pixelWidth: number): Columns {
  return lttb(t, v, Math.max(2, Math.floor(pixelWidth / 2)));
}

/** The first index in [lo, hi) whose time is ≥ x (or > x when `after`). */
function bound(t: ArrayLike<number>, x: number, lo: number, hi: number, after: boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const tm = t[mid]!;
    if (tm < x || (after && tm === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The index range [start, end) of the points with from ≤ t ≤ to, by binary search on the
 * sorted times. Bounded by the shorter column, so a pair caught mid-append never overruns.
 */
export function sliceRange(t: ArrayLike<number>, v: ArrayLike<number>, from: number, to: number): { start: number; end: number } {
  const n = Math.min(t.length, v.length);
  const start = bound(t, from, 0, n, false);
  return { start, end: Math.max(start, bound(t, to, start, n, true)) };
}
