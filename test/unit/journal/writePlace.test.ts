import { describe, expect, it } from 'vitest';
import {
  FIRST_CALM_MS,
  FIRST_CALM_RUN,
  LONGEST_CALM_MS,
  LONGEST_CALM_RUN,
  MIN_CALM_WRITES,
  SLOW_RUN,
  SLOW_WRITE_MS,
  STALL_FACTOR,
  WritePlace,
} from '../../../electron/hub/journal/writePlace';

const quick = SLOW_WRITE_MS / 10;
const slow = SLOW_WRITE_MS * 2;
const stall = SLOW_WRITE_MS * STALL_FACTOR;

/** The writes' clock: each test moves it by hand, so no run of writes lasts longer than the test says. */
let clock = 0;

/** Tells the place `n` quick writes, `everyMs` apart; returns after how many it was back on the loop (or null). */
function quickWrites(place: WritePlace, n: number, everyMs = 0): number | null {
  for (let i = 1; i <= n; i++) {
    clock += everyMs;
    place.took(quick, clock);
    if (place.onLoop) return i;
  }
  return null;
}

const untilText = (run: number, time: string) =>
  `until ${run} in a row, or ${time} of them (${MIN_CALM_WRITES} at least), pass without a stall or ${SLOW_RUN} slow ones in a row`;

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
      `${SLOW_RUN} journal writes in a row took ${SLOW_WRITE_MS} ms or more (the last 4.3 ms): writes go to the thread pool ${untilText(FIRST_CALM_RUN, '1 s')}`,
    ]);

    const stalled: string[] = [];
    const other = new WritePlace(SLOW_WRITE_MS, (m) => stalled.push(m));
    other.took(37.25);
    expect(other.onLoop).toBe(false);
    expect(stalled).toEqual([`a journal write took 37.3 ms: writes go to the thread pool ${untilText(FIRST_CALM_RUN, '1 s')}`]);
  });

  it('comes back to the loop after a calm run of writes, which a stall or a run of slow writes starts again', () => {
    const said: string[] = [];
    const place = new WritePlace(SLOW_WRITE_MS, (m) => said.push(m));
    place.took(stall);
    expect(quickWrites(place, FIRST_CALM_RUN - 1)).toBeNull();
    place.took(stall);
    expect(place.onLoop).toBe(false);
    // The run's slow writes count in it until they make a run of their own, which breaks it.
    expect(quickWrites(place, FIRST_CALM_RUN - SLOW_RUN)).toBeNull();
    for (let s = 0; s < SLOW_RUN; s++) place.took(slow, clock);
    expect(place.onLoop).toBe(false);
    expect(quickWrites(place, FIRST_CALM_RUN * 3)).toBe(FIRST_CALM_RUN);
    expect(said.at(-1)).toBe('journal writes are quick again: they are made on the event loop');
  });

  it('comes back through slow writes now and then, as it stays on the loop through them: in the pool each write also pays its wake-ups', () => {
    const place = new WritePlace();
    place.took(stall, clock);
    let writes = 0;
    // SLOW_RUN - 1 slow writes, then a quick one, again and again.
    while (!place.onLoop && writes < FIRST_CALM_RUN * 2) place.took(++writes % SLOW_RUN ? slow : quick, clock);
    expect(place.onLoop).toBe(true);
    expect(writes).toBe(FIRST_CALM_RUN);
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

  it('comes back after a calm run that has lasted a second, however few its writes (8 at least), so one burst does not keep a quiet night in the pool', () => {
    const said: string[] = [];
    const place = new WritePlace(SLOW_WRITE_MS, (m) => said.push(m));
    place.took(stall, clock);
    // A command every 5 s: the count alone (100) would keep the writes in the pool for 8 minutes.
    expect(quickWrites(place, FIRST_CALM_RUN, 5000)).toBe(MIN_CALM_WRITES);
    expect(said.at(-1)).toBe('journal writes are quick again: they are made on the event loop');

    // A run that lasts but holds too few writes shows the disk idle, not quick.
    const idle = new WritePlace();
    idle.took(stall, clock);
    expect(quickWrites(idle, MIN_CALM_WRITES - 1, 60_000)).toBeNull();
    expect(quickWrites(idle, 1, 0)).toBe(1);

    // A stall in the run starts its time again, as it starts its count.
    const broken = new WritePlace();
    broken.took(stall, clock);
    expect(quickWrites(broken, MIN_CALM_WRITES, FIRST_CALM_MS / MIN_CALM_WRITES / 2)).toBeNull();
    broken.took(stall, clock);
    // Spaced so that the 7th write ends past the second: it is the 8th that brings them back.
    expect(quickWrites(broken, MIN_CALM_WRITES, FIRST_CALM_MS / (MIN_CALM_WRITES - 2))).toBe(MIN_CALM_WRITES);
  });

  it('asks for twice the time after each relapse, up to a bound', () => {
    const place = new WritePlace();
    const runs: Array<number | null> = [];
    for (let relapse = 0; relapse < 14; relapse++) {
      place.took(stall, clock);
      // A write every 10 s, too few for the count: the run's time brings them back, 1 s, 2 s … 4,096 s.
      runs.push(quickWrites(place, LONGEST_CALM_RUN, 10_000));
    }
    // 8 writes (70 s) cover every time up to 64 s; then 128 s takes 14 writes, 256 s 27, 512 s 53 …
    expect(runs).toEqual([8, 8, 8, 8, 8, 8, 8, 14, 27, 53, 104, 206, 411, 411]);
    expect(LONGEST_CALM_MS).toBe(4_096_000);
  });
});
