import type { LineRow } from './lagView';

/*
 * Where a chart's own layers sit in pixels, from the scales recharts computed: pure, so the
 * geometry is tested without a browser. The lines, bands and annotation marks are drawn from
 * these rather than as recharts items, because each recharts item is registered in the
 * chart's store and recomputed on every change to it: a live point would cost every item's
 * selectors, not one path (see LagChart).
 */

/** A scale from a value to pixels; recharts' may answer undefined for what it cannot place. */
export type PixelScale = (value: number) => number | undefined;

/** Pixel coordinates to a tenth: finer is invisible, and shorter path strings are cheaper to diff and parse. */
const px = (n: number) => Math.round(n * 10) / 10;

/**
 * An SVG path through the rows, straight segments, lifted at every empty row (a source that
 * was down) and at any point the scales cannot place, as recharts' linear curve does.
 */
export function linePath(rows: readonly LineRow[], x: PixelScale, y: PixelScale): string {
  const parts: string[] = [];
  let pen = false;
  for (const r of rows) {
    const cx = r.v === null ? undefined : x(r.t);
    const cy = r.v === null ? undefined : y(r.v);
    if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${px(cx)},${px(cy)}`);
    pen = true;
  }
  return parts.join('');
}

export type PlotBox = { x: number; y: number; width: number; height: number };

/** A horizontal band between two values, clamped to the plot; null when none of it is on the plot. */
export function bandRect(y1: number, y2: number, y: PixelScale, plot: PlotBox): PlotBox | null {
  const a = y(y1);
  const b = y(y2);
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  const top = Math.max(plot.y, Math.min(a, b));
  const bottom = Math.min(plot.y + plot.height, Math.max(a, b));
  return bottom > top ? { x: plot.x, y: px(top), width: plot.width, height: px(bottom - top) } : null;
}

/** The pixel column of time `t` when it falls on the plot (edges included), else null. */
export function markX(t: number, x: PixelScale, plot: PlotBox): number | null {
  const at = x(t);
  if (at === undefined || !Number.isFinite(at)) return null;
  return at >= plot.x - 0.5 && at <= plot.x + plot.width + 0.5 ? px(at) : null;
}
