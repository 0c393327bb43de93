import { TicketBook } from '../auth/tickets';
import type { Invite } from '../auth/tokens';
import { fileBackend, type StoreBackend } from './backend';
import { SignedTicketBook } from './signedTickets';

export type StoreChoice = {
  dataDir: string;
  /** `postgres://…`: several hubs share the night in that database. None: the data folder. */
  store?: string;
  /** How often a hub of several tries to take the leases nobody holds (2 s). */
  leaseRetryMs?: number;
  /** The data folder's journals: when their writes leave the event loop (writePlace.ts). */
  slowJournalWriteMs?: number;
  log: (m: string) => void;
};

/** Opens where this hub keeps its nights. The PostgreSQL store is loaded only when asked for. */
export async function openStore(choice: StoreChoice): Promise<StoreBackend> {
  if (!choice.store) return fileBackend(choice.dataDir, choice.slowJournalWriteMs);
  const { PgBackend } = await import('./postgres/pgBackend');
  return PgBackend.open({ url: choice.store, log: choice.log, ...(choice.leaseRetryMs ? { leaseRetryMs: choice.leaseRetryMs } : {}) });
}

/** Tickets for this hub: kept in memory for one hub, signed with the shared key for several. */
export async function ticketBookFor(
  backend: StoreBackend,
  now: () => number,
  inviteById: (cutoverId: string, inviteId: string) => Invite | null,
): Promise<TicketBook> {
  return backend.ticketKey ? new SignedTicketBook(await backend.ticketKey(), now, inviteById) : new TicketBook(now);
}
