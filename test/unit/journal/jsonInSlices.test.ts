import { describe, expect, it } from 'vitest';
import { jsonInSlices } from '../../../electron/hub/journal/jsonInSlices';
import { CTO, DBA, LEAD, Night } from '../../support/domain';

const text = async (value: unknown, budgetMs?: number) => (await jsonInSlices(value, (t) => t, budgetMs === undefined ? {} : { budgetMs })).join('');

/** A night whose state has big parts: thousands of step notes, as a long night's steps do. */
function longNight(): Night {
  const night = new Night().at(1);
  night.ok(LEAD, 'cutover.start');
  night.ok(DBA, 'step.start', { stepId: 'a' });
  for (let i = 0; i < 4000; i++) night.ok(i % 2 ? DBA : LEAD, 'step.note', { stepId: i % 3 ? 'a' : 'd', text: `Lag at ${i} ms on shard ${i % 16} — “still”` });
  night.ok(DBA, 'step.complete', { stepId: 'a' });
  night.ok(LEAD, 'poll.open', { question: 'Go for the switch?', stations: ['station:DBA', 'role:approver'] });
  return night;
}

describe('jsonInSlices', () => {
  it('writes what JSON.stringify writes, for a long night’s state and the awkward values', async () => {
    const { state } = longNight();
    expect(JSON.stringify(state).length).toBeGreaterThan(300_000);
    expect(await text(state)).toBe(JSON.stringify(state));
    const awkward = {
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Symbol('s'), NaN, -0, Infinity, 'é\u2028"\\', null, true, [], {}],
      big: Array.from({ length: 700 }, (_, i) => (i % 9 === 0 ? { deep: Array.from({ length: 90 }, (_, k) => ({ k, skip: undefined })) } : i)),
      wide: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`key ${i}`, i % 50 === 0 ? { list: Array.from({ length: 80 }, () => 'v') } : { v: i }])),
      dated: new Date(0),
    };
    expect(await text(awkward)).toBe(JSON.stringify(awkward));
    for (const small of [[], {}, 'text', 5, null, [1, [2, [3]]]]) expect(await text(small)).toBe(JSON.stringify(small));
  });

  it('gives the event loop back between slices, and hands over chunks of bounded size', async () => {
    const { state } = longNight();
    let turns = 0;
    let running = true;
    const turn = () => {
      turns++;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    // A budget of 0 ms: the loop is given back after every piece, so other work interleaves.
    const chunks = await jsonInSlices(state, (t) => t, { budgetMs: 0 });
    running = false;
    expect(turns).toBeGreaterThan(10);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(200_000);
  });

  it('passes each chunk through the given conversion, in order', async () => {
    const { state } = new Night().at(1).ok(LEAD, 'cutover.start').ok(CTO, 'step.note', { stepId: 'c', text: 'ok' });
    const bytes = Buffer.concat(await jsonInSlices(state, (t) => Buffer.from(t)));
    expect(bytes.toString('utf8')).toBe(JSON.stringify(state));
  });
});
