import type { Actor } from '../cutover/schema';
import type { CommsConfig } from './schema';

/*
 * Who may send updates, in one place: the hub's decide holds the line and the Comms tab
 * reads the same rule to say who may, so the two cannot drift apart.
 */

type Senders = { comms: { config: Pick<CommsConfig, 'senders'> } };

/** Comms and the lead always send; observers never; anyone else once the lead allowed them. */
export function maySend(state: Senders, who: Actor): boolean {
  if (who.role === 'observer') return false;
  return who.role === 'lead' || who.role === 'comms' || state.comms.config.senders.includes(who.id);
}
