import type { SampleBatch } from '../metrics/schema';

/* The recorded samples of each series, merged from however many batches into one pair of columns. */

export type Columns = { t: Float64Array; v: Float64Array };

/**
 * The samples of each series in one pair of columns, in time order. Batches usually come in
 * time order already (then this is one pass); when they do not, the points are sorted, ties
 * kept in the order they came. Readings that are not finite numbers are left out.
 */
export function mergeSamples(samples: readonly SampleBatch[]): Map<string, Columns> {
  const bySeries = new Map<string, SampleBatch[]>();
  for (const b of samples) {
    const batches = bySeries.get(b.s);
    if (batches) batches.push(b);
    else bySeries.set(b.s, [b]);
  }
  const out = new Map<string, Columns>();
  for (const [id, batches] of bySeries) {
    let size = 0;
    for (const b of batches) size += Math.min(b.t.length, b.v.length);
    let t = new Float64Array(size);
    let v = new Float64Array(size);
    let n = 0;
    let sorted = true;
    for (const b of batches) {
      const count = Math.min(b.t.length, b.v.length);
      for (let i = 0; i < count; i++) {
        const ti = b.t[i]!;
        const vi = b.v[i]!;
        if (!Number.isFinite(ti) || !Number.isFinite(vi)) continue;
        if (n > 0 && ti < t[n - 1]!) sorted = false;
        t[n] = ti;
        v[n] = vi;
        n++;
      }
    }
    t = t.subarray(0, n);
    v = v.subarray(0, n);
    if (!sorted) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => t[a]! - t[b]! || a - b);
      const st = new Float64Array(n);
      const sv = new Float64Array(n);
      order.forEach((from, to) => {
        st[to] = t[from]!;
        sv[to] = v[from]!;
      });
      t = st;
      v = sv;
    }
    out.set(id, { t, v });
  }
  return out;
}
