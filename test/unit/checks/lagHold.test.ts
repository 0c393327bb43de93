import { describe, expect, it } from 'vitest';
import { LagHold, lagVerdict, type CheckSpec } from '@shared/checks';
import { MIN } from '@shared/time';

const spec: Extract<CheckSpec, { kind: 'lag' }> = { kind: 'lag', seriesId: 'repl', op: 'below', value: 5, heldForSec: 600 };
const T0 = Date.UTC(2026, 3, 29, 18, 0);

describe('a lag condition held for a while', () => {
  it('is met only after 10 unbroken minutes under the line: a dip over it starts the count again', () => {
    const hold = new LagHold(spec);
    let clock = T0;
    const read = (v: number) => {
      hold.observe(clock, v);
      return lagVerdict(hold, spec, 'Replication lag', clock);
    };
    // Every 30 s: 40 s behind, dipping under the line at 3 min, back over it at 8 min.
    const seen: { at: number; pass: boolean; summary: string }[] = [];
    const lag = (minute: number) => (minute < 3 ? 40 : minute < 8 ? 2 : minute < 9 ? 7 : 1);
    for (; clock <= T0 + 25 * MIN; clock += 30_000) {
      const v = read(lag((clock - T0) / MIN));
      seen.push({ at: (clock - T0) / MIN, pass: v.pass, summary: v.summary });
    }
    const firstMet = seen.find((s) => s.pass)!;
    // Under the line again from minute 9: met at minute 19, not a moment before.
    expect(firstMet.at).toBe(19);
    expect(seen.filter((s) => s.at < 19).every((s) => !s.pass)).toBe(true);
    expect(seen.find((s) => s.at === 7.5)!.summary).toBe('Replication lag 2, below 5 for 4 min of 10 min');
    expect(seen.find((s) => s.at === 8.5)!.summary).toBe('Replication lag 7, not below 5');
    expect(firstMet.summary).toBe('Replication lag 1, below 5 for 10 min');
    expect(lagVerdict(hold, spec, 'Replication lag', clock).heldSince).toBe(T0 + 9 * MIN);
  });

  it('is not met on a stale reading, or on none', () => {
    const hold = new LagHold(spec);
    expect(lagVerdict(hold, spec, 'Replication lag', T0)).toMatchObject({ pass: false, error: '“Replication lag” has no reading yet' });
    for (let t = T0; t <= T0 + 11 * MIN; t += 30_000) hold.observe(t, 1);
    expect(lagVerdict(hold, spec, 'Replication lag', T0 + 11 * MIN).pass).toBe(true);
    expect(lagVerdict(hold, spec, 'Replication lag', T0 + 14 * MIN)).toMatchObject({ pass: false, error: '“Replication lag” has had no reading for 3 min' });
  });

  it('starts the count again after a gap in the readings: an hour without any is not an hour held', () => {
    // A replica's source down for an hour showed nothing: "held for 10 min" must be 10 min of readings.
    const hold = new LagHold(spec);
    for (let t = T0; t <= T0 + MIN; t += 5_000) hold.observe(t, 1);
    hold.observe(T0 + 61 * MIN, 1);
    expect(lagVerdict(hold, spec, 'Replication lag', T0 + 61 * MIN)).toMatchObject({ pass: false, heldSince: T0 + 61 * MIN });
    // Readings 2 min apart (the staleness limit) still hold; from there on it counts afresh.
    for (let t = T0 + 63 * MIN; t <= T0 + 71 * MIN; t += 2 * MIN) hold.observe(t, 1);
    expect(lagVerdict(hold, spec, 'Replication lag', T0 + 71 * MIN)).toMatchObject({ pass: true, heldSince: T0 + 61 * MIN });
  });

  it('counts no time past now: a reading timed ahead of the clock is no evidence yet', () => {
    const hold = new LagHold(spec);
    for (let t = T0; t <= T0 + 6 * MIN; t += 5_000) hold.observe(t, 1);
    hold.observe(T0 + 6 * MIN + 90_000, 1); // a script whose clock is 90 s fast
    expect(lagVerdict(hold, spec, 'Replication lag', T0 + 6 * MIN + 5_000)).toMatchObject({
      pass: false,
      summary: 'Replication lag 1, below 5 for 6 min of 10 min',
    });
  });
});
