import { describe, expect, it } from 'vitest';
import { FIRST_CALM_RUN, LONGEST_CALM_RUN, SLOW_WRITE_MS, WritePlace } from '../../../electron/hub/journal/writePlace';

const quick = SLOW_WRITE_MS / 10;

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

  it('sends the writes after one slow write to the thread pool, and says so once', () => {
    const said: string[] = [];
    const place = new WritePlace(SLOW_WRITE_MS, (m) => said.push(m));
    place.took(37.25);
    expect(place.onLoop).toBe(false);
    place.took(40);
    expect(said).toEqual([`a journal write took 37.3 ms: writes go to the thread pool until ${FIRST_CALM_RUN} in a row take under ${SLOW_WRITE_MS} ms`]);
  });

  it('comes back to the loop after a run of quick writes, and a slow one in the run starts it again', () => {
    const said: string[] = [];
    const place = new WritePlace(SLOW_WRITE_MS, (m) => said.push(m));
    place.took(SLOW_WRITE_MS);
    expect(quickWrites(place, FIRST_CALM_RUN - 1)).toBeNull();
    place.took(SLOW_WRITE_MS * 3);
    expect(place.onLoop).toBe(false);
    expect(quickWrites(place, FIRST_CALM_RUN * 3)).toBe(FIRST_CALM_RUN);
    expect(said.at(-1)).toBe('journal writes are quick again: they are made on the event loop');
  });

  it('asks for twice the run after each relapse, up to a bound, so a disk that stalls now and then stays in the pool', () => {
    const place = new WritePlace();
    const runs: Array<number | null> = [];
    for (let relapse = 0; relapse < 9; relapse++) {
      place.took(SLOW_WRITE_MS * 5);
      runs.push(quickWrites(place, LONGEST_CALM_RUN * 2));
    }
    expect(runs).toEqual([100, 200, 400, 800, 1600, 3200, 6400, LONGEST_CALM_RUN, LONGEST_CALM_RUN]);
  });
});
