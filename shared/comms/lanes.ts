import type { CutoverState } from '../cutover/state';
import { DESTINATIONS, type DeliveryStatus, type Destination, type MessageState } from './schema';

/*
 * Each destination takes its updates one at a time, in the order they were requested,
 * retries included: "Completed" must not reach a status page before "In progress". The hub's
 * outbox sends by this rule and the comms tab says who waits by it, so it stands here once.
 */

type Lanes = Pick<CutoverState, 'messages' | 'messageOrder'>;

/** Not yet sent, given up or cancelled: still in its destination's lane. */
export const inLane = (status: DeliveryStatus | undefined): boolean => status === 'queued' || status === 'sending';

/** The oldest delivery to `d` still in its lane: the only one that may go now. */
export function laneHead(state: Lanes, d: Destination): string | undefined {
  return state.messageOrder.find((id) => inLane(state.messages[id]?.deliveries[d]?.status));
}

/** For each update, the destinations where it waits behind an earlier one still in the lane. */
export function waitingBehind(state: Lanes): Map<string, Set<Destination>> {
  const headed = new Set<Destination>();
  const behind = new Map<string, Set<Destination>>();
  for (const id of state.messageOrder) {
    const waits = new Set<Destination>();
    for (const d of DESTINATIONS) {
      if (!inLane(state.messages[id]?.deliveries[d]?.status)) continue;
      if (headed.has(d)) waits.add(d);
      else headed.add(d);
    }
    behind.set(id, waits);
  }
  return behind;
}

/**
 * A later update that has reached `d` (or is reaching it now), if there is one. Retrying an
 * earlier update that failed there would post it after that one: customers told "Completed"
 * would then read "In progress" again, and the channel "Processing paused" after "Change
 * complete". What it said is out of date; a new update says what is true now.
 */
export function overtakenBy(state: Lanes, messageId: string, d: Destination): MessageState | null {
  const from = state.messageOrder.indexOf(messageId);
  if (from < 0) return null;
  for (let i = state.messageOrder.length - 1; i > from; i--) {
    const later = state.messages[state.messageOrder[i]!];
    const status = later?.deliveries[d]?.status;
    if (later && (status === 'sent' || status === 'sending')) return later;
  }
  return null;
}
