import { SeriesBuffer, lttb } from '@shared/metrics';

/**
 * What the hub keeps of each series in memory. Readings arrive as fast as anyone pushes
 * them or a poller reads, for as long as the hub runs; memory must not grow with them. The
 * full record is on disk (samples.jsonl), which the archive reads.
 *
 * 50,000 readings a series is 13.9 hours at 1 Hz: a night of a series read every second is
 * held whole, as before. 500,000 over a cutover (8 MB of columns) is shared out evenly when
 * a cutover has more than ten series (up to the 50 a cutover may watch: 10,000 each).
 */
export const SERIES_WINDOW = 50_000;
export const CUTOVER_WINDOW = 500_000;

/** The most readings each of `seriesCount` series may hold. */
export function windowFor(seriesCount: number): number {
  return Math.min(SERIES_WINDOW, Math.floor(CUTOVER_WINDOW / Math.max(1, seriesCount)));
}

/**
 * `buffer` if it holds no more than `cap` readings; else a buffer of 3/4 `cap` that keeps at
 * full resolution the first eighth of `cap` (the night's first readings, from which a
 * series' normal depth is learned) and the newest half (what forecasts and alerts read), and
 * thins everything between to an eighth by LTTB, which keeps the points that shape the
 * line, spikes included. Done again each time the cap is passed, the middle grows coarser
 * while the buffer never holds more than `cap`, at about four readings' work per reading.
 */
export function withinWindow(buffer: SeriesBuffer, cap: number): SeriesBuffer {
  if (buffer.length <= cap) return buffer;
  const t = buffer.times();
  const v = buffer.values();
  const head = Math.floor(cap / 8);
  const tail = t.length - Math.floor(cap / 2);
  const middle = lttb(t.subarray(head, tail), v.subarray(head, tail), Math.max(2, Math.floor(cap / 8)));
  // Room for exactly one reading past the cap: the next thinning comes before any growth.
  const out = new SeriesBuffer(cap + 1);
  for (let i = 0; i < head; i++) out.append(t[i]!, v[i]!);
  for (let i = 0; i < middle.t.length; i++) out.append(middle.t[i]!, middle.v[i]!);
  for (let i = tail; i < t.length; i++) out.append(t[i]!, v[i]!);
  return out;
}
