import { createHash } from 'node:crypto';

/**
 * The channels the hubs of one store tell each other things on (LISTEN/NOTIFY): events
 * stored, readings stored, a cutover created, a hub alive.
 *
 * A channel is the database's, not a schema's. Two groups of hubs on one database, each in
 * a schema of its own (`?schema=`), heard each other on shared names: a hub opened every
 * cutover the other group created, as an empty night in its own schema (its heartbeat
 * refused by the foreign key), and competed for that night's lease, an advisory lock that
 * is the database's too, so the group whose night it was could be left with no hub running
 * its deadlines and posts. It also counted the other group's hubs as its peers. So each
 * schema has channels of its own. `public` keeps the bare names it always had.
 */
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
