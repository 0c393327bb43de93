import { describe, expect, it } from 'vitest';
import { channelsFor, leaseKeyFor } from '../../../electron/hub/store/postgres/schemaScope';

describe('the channels hubs of one store notify each other on', () => {
  it('are the bare names in the public schema, as they always were', () => {
    expect(channelsFor('public')).toEqual({ events: 'warroom_events', samples: 'warroom_samples', cutovers: 'warroom_cutovers', hubs: 'warroom_hubs' });
  });

  it("are each schema's own, named after it", () => {
    expect(channelsFor('night_a')).toEqual({
      events: 'warroom_events.night_a',
      samples: 'warroom_samples.night_a',
      cutovers: 'warroom_cutovers.night_a',
      hubs: 'warroom_hubs.night_a',
    });
  });

  it('fit in a channel name for the longest schema name, and still tell two such schemas apart', () => {
    const long = (last: string) => `${'s'.repeat(62)}${last}`;
    const [a, b] = [channelsFor(long('a')), channelsFor(long('b'))];
    for (const c of [a, b]) for (const name of Object.values(c)) expect(name.length).toBeLessThanOrEqual(63);
    expect(new Set([...Object.values(a), ...Object.values(b)]).size).toBe(8);
  });
});

describe("a cutover's lease key", () => {
  it('is its id in the public schema, as it always was, and names the schema in any other', () => {
    expect(leaseKeyFor('public', 'c-1')).toBe('c-1');
    expect(leaseKeyFor('night_a', 'c-1')).toBe('night_a.c-1');
    expect(leaseKeyFor('night_b', 'c-1')).not.toBe(leaseKeyFor('night_a', 'c-1'));
  });
});
