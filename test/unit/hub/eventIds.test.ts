import { describe, expect, it } from 'vitest';
import { eventId } from '../../../electron/hub/cutovers/eventIds';

describe('the ids the hub gives what a command makes', () => {
  it('are 12 hex digits, each of them random: none is the UUID version digit, and none repeats in 20,000', () => {
    const ids = Array.from({ length: 20_000 }, eventId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Every place takes all 16 digits: a fixed one (a UUID's "4") would show as one value.
    for (let place = 0; place < 12; place++) expect(new Set(ids.map((id) => id[place])).size).toBe(16);
  });
});
