import { createHash } from 'node:crypto';

/*
 * What PostgreSQL keeps per database, not per schema, made the schema's own: the channels
 * hubs tell each other things on (LISTEN/NOTIFY), and the advisory lock that is a cutover's
 * lease. Two groups of hubs may share one database, each in a schema of its own (`?schema=`).
 *
 * On shared channel names a hub opened every cutover the other group created, as an empty
 * night in its own schema (its heartbeat refused by the foreign key), competed for that
 * night's lease, and counted the other group's hubs as its peers. And a lease keyed on the
 * cutover's id alone is one lock for the same night in two schemas (one restored from a
 * backup beside the one still served): only one of them could be led, and which one was a race.
 *
 * `public` keeps the bare names and keys it always had, so hubs there can be upgraded one by one.
 */

/** The channels of one store: events stored, readings stored, a cutover created, a hub alive. */
export type Channels = { events: string; samples: string; cutovers: string; hubs: string };

/** PostgreSQL refuses a channel name of 64 bytes or more (NAMEDATALEN). */
const LONGEST = 63;

export function channelsFor(schema: string): Channels {
  const named = (base: string): string => {
    if (schema === 'public') return base;
    const plain = `${base}.${schema}`;
    // A schema name may be 63 characters: a long one is named by a digest of it, which fits.
    return plain.length <= LONGEST ? plain : `${base}.${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
  };
  return { events: named('warroom_events'), samples: named('warroom_samples'), cutovers: named('warroom_cutovers'), hubs: named('warroom_hubs') };
}

/** A channel as LISTEN takes it: quoted, since a schema's channel has a dot in it. Names are built above, never given. */
export const listenTo = (channel: string): string => `LISTEN "${channel}"`;

/** The text whose hash (hashtext) keys a cutover's lease: its id, and outside `public` the schema's name before it. */
export const leaseKeyFor = (schema: string, cutoverId: string): string => (schema === 'public' ? cutoverId : `${schema}.${cutoverId}`);
