import { describe, expect, it } from 'vitest';
import { FIRST_CALM_RUN, LONGEST_CALM_RUN, SLOW_RUN, SLOW_WRITE_MS, STALL_FACTOR, WritePlace } from '../../../electron/hub/journal/writePlace';

const quick = SLOW_WRITE_MS / 10;
const slow = SLOW_WRITE_MS * 2;
const stall = SLOW_WRITE_MS * STALL_FACTOR;

/** Tells the place `n` quick writes; returns after how many it was back on the loop (or null). */
function quickWrites(place: WritePlace, n: number): number | null {
  for (let i = 1; i <= n; i++) {
    place.took(quick);
    if (place.onLoop) return i;
  }
  return null;
}

describe('where the journal writes', () => {
  it('writes on the event loop while the disk is quick', () => {
    const place = new WritePlace();
    expect(place.onLoop).toBe(true);
    for (let i = 0; i < 1000; i++) place.took(quick);
    expect(place.onLoop).toBe(true);
  });

  it('stays on the loop through a slow write now and then: on a busy machine one is as often the wait for a core', () => {
    const place = new WritePlace();
    for (let i = 0; i < 100; i++) {
      for (let s = 1; s < SLOW_RUN; s++) place.took(slow);
      place.took(quick);
    }
    place.took(stall - 0.1);
    expect(place.onLoop).toBe(true);
  });

  it('sends the writes after a slow disk to the thread pool: a run of slow writes, or one stall, and says so once', () => {
    const said: string[] = [];
    const place = new WritePlace(SLOW_WRITE_MS, (m) => said.push(m));
    for (let s = 1; s < SLOW_RUN; s++) place.took(slow);
    expect(place.onLoop).toBe(true);
    place.took(4.25);
    expect(place.onLoop).toBe(false);
    place.took(40);
    expect(said).toEqual([
      `${SLOW_RUN} journal writes in a row took ${SLOW_WRITE_MS} ms or more (the last 4.3 ms): writes go to the thread pool until ${FIRST_CALM_RUN} in a row take under ${SLOW_WRITE_MS} ms`,
    ]);

    const stalled: string[] = [];
    const other = new WritePlace(SLOW_WRITE_MS, (m) => stalled.push(m));
    other.took(37.25);
    expect(other.onLoop).toBe(false);
    expect(stalled).toEqual([`a journal write took 37.3 ms: writes go to the thread pool until ${FIRST_CALM_RUN} in a row take under ${SLOW_WRITE_MS} ms`]);
  });

  it('comes back to the loop after a run of quick writes, and a slow one in the run starts it again', () => {
    const said: string[] = [];
    const place = new WritePlace(SLOW_WRITE_MS, (m) => said.push(m));
    place.took(stall);
    expect(quickWrites(place, FIRST_CALM_RUN - 1)).toBeNull();
    place.took(slow);
    expect(place.onLoop).toBe(false);
    expect(quickWrites(place, FIRST_CALM_RUN * 3)).toBe(FIRST_CALM_RUN);
    expect(said.at(-1)).toBe('journal writes are quick again: they are made on the event loop');
  });

  it('asks for twice the run after each relapse, up to a bound, so a disk that stalls now and then stays in the pool', () => {
    const place = new WritePlace();
    const runs: Array<number | null> = [];
    for (let relapse = 0; relapse < 9; relapse++) {
      place.took(stall);
      runs.push(quickWrites(place, LONGEST_CALM_RUN * 2));
    }
    expect(runs).toEqual([100, 200, 400, 800, 1600, 3200, 6400, LONGEST_CALM_RUN, LONGEST_CALM_RUN]);
  });
});
