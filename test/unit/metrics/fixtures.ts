import type { Point } from '@shared/metrics';

/** 29 April, 20:30 UTC: seed 000's "alarms processing restarted & processing the queue". */
export const T0 = Date.UTC(2025, 3, 29, 20, 30);
export const MIN = 60_000;
export const at = (min: number) => T0 + min * MIN;

/** A seeded generator (mulberry32), so a noisy night is the same night on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal noise (Box–Muller) from a seeded generator. */
export function gaussian(seed: number): () => number {
  const r = random(seed);
  return () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Readings every `everySec` from `fromMin` to `toMin` (inclusive) of `value(min)`. */
export function line(fromMin: number, toMin: number, everySec: number, value: (min: number) => number): Point[] {
  const out: Point[] = [];
  for (let s = fromMin * 60; s <= toMin * 60 + 1e-9; s += everySec) out.push({ t: T0 + s * 1000, v: value(s / 60) });
  return out;
}

/** A queue draining from `start` at `perMin` (negative), as read from minute 0. */
export const drain = (start: number, perMin: number) => (min: number) => start + perMin * min;
