import { create } from 'zustand';
import { SeriesBuffer, type SampleBatch } from '@shared/metrics';

/*
 * The lag samples the renderer holds, one columnar buffer per series, fed by the hub
 * connection: `useLag.getState().ingest(batches, { history })`. Samples are not events (an
 * 8-hour night at 1 Hz is 28,800 points per series), so they live here, not in the cutover
 * store. Buffers grow in place; `versions[id]` moves on every change to series `id`, and a
 * component selects its own series' version, so a point for one queue redraws one chart.
 */

export type LagStore = {
  /** Mutable columns: read them during a render keyed on `versions`, never keep their views. */
  buffers: Readonly<Record<string, SeriesBuffer>>;
  versions: Readonly<Record<string, number>>;
  /**
   * Adds readings. `history` is the downsampled backfill the hub sends on join (before any
   * live point): it replaces what the buffer held up to its last reading; readings after
   * that (live points that raced ahead of it) are kept.
   */
  ingest: (batches: readonly SampleBatch[], opts?: { history: boolean }) => void;
  /** Forgets everything (another cutover, or leaving the screen). */
  reset: () => void;
};

function replaced(old: SeriesBuffer | undefined, history: SampleBatch): SeriesBuffer {
  const count = Math.min(history.t.length, history.v.length);
  const next = new SeriesBuffer(Math.max(1024, 2 * (count + (old?.length ?? 0))));
  next.appendBatch(history);
  if (old) {
    const lastT = next.last()?.t ?? Number.NEGATIVE_INFINITY;
    const t = old.times();
    const v = old.values();
    for (let i = 0; i < t.length; i++) if (t[i]! > lastT) next.append(t[i]!, v[i]!);
  }
  return next;
}

export const useLag = create<LagStore>((set, get) => ({
  buffers: {},
  versions: {},

  ingest(batches, opts = { history: false }) {
    let buffers = get().buffers;
    const versions = { ...get().versions };
    let changed = false;
    for (const b of batches) {
      const old = buffers[b.s];
      if (opts.history) {
        if (buffers === get().buffers) buffers = { ...buffers };
        (buffers as Record<string, SeriesBuffer>)[b.s] = replaced(old, b);
      } else if (old) {
        if (old.appendBatch(b) === 0) continue;
      } else {
        const fresh = new SeriesBuffer();
        if (fresh.appendBatch(b) === 0) continue;
        if (buffers === get().buffers) buffers = { ...buffers };
        (buffers as Record<string, SeriesBuffer>)[b.s] = fresh;
      }
      versions[b.s] = (versions[b.s] ?? 0) + 1;
      changed = true;
    }
    if (changed) set({ buffers, versions });
  },

  reset() {
    set({ buffers: {}, versions: {} });
  },
}));

/** One series' buffer and version: re-renders only when that series changed. */
export function useLagSeries(id: string): { buffer: SeriesBuffer | undefined; version: number } {
  const buffer = useLag((s) => s.buffers[id]);
  const version = useLag((s) => s.versions[id] ?? 0);
  return { buffer, version };
}
