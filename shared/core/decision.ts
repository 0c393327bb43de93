import type { NewEvent } from '../cutover/events';
import type { Actor } from '../cutover/schema';

/*
 * What every slice's decide returns, in one leaf: the slices (steps, crew, polls, series,
 * comms) import it and the cutover composes them, so none of them imports another's
 * decide to learn what a decision is.
 */

export type DecideContext = {
  actor: Actor;
  /** The hub's clock, in ms. */
  now: number;
  /** Mints ids for things the command creates (notes). */
  newId: () => string;
};

export type RejectCode = 'forbidden' | 'precondition' | 'not_found';
export type Decision = { ok: true; events: NewEvent[] } | { ok: false; code: RejectCode; reason: string };

export const accept = (...events: NewEvent[]): Decision => ({ ok: true, events });
/** The code first, as everywhere: a refusal is read as "precondition: why". */
export const refuse = (code: RejectCode, reason: string): Decision => ({ ok: false, code, reason });
