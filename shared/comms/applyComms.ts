import type { EventTable } from '../core/tables';
import type { EventOf } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import { CHANNEL, UNRECORDED, type DeliveryState, type Destination, type MessageState } from './schema';

/* How the comms events fold into the state: facts only, no checks. */

function patchDelivery(state: CutoverState, messageId: string, destination: Destination, at: number, patch: Partial<DeliveryState>): CutoverState {
  const message = state.messages[messageId];
  const current = message?.deliveries[destination];
  if (!message || !current) return state;
  const updated: MessageState = { ...message, deliveries: { ...message.deliveries, [destination]: { ...current, ...patch, updatedAt: at } } };
  return { ...state, messages: { ...state.messages, [messageId]: updated } };
}

function applyAllowed(state: CutoverState, e: EventOf<'comms.allowed'>): CutoverState {
  const senders = state.comms.config.senders.filter((id) => id !== e.payload.memberId);
  return { ...state, comms: { ...state.comms, config: { ...state.comms.config, senders: e.payload.allowed ? [...senders, e.payload.memberId] : senders } } };
}

function applyTemplateRemoved(state: CutoverState, e: EventOf<'template.removed'>): CutoverState {
  const { [e.payload.templateId]: _gone, ...templates } = state.comms.templates;
  return { ...state, comms: { ...state.comms, templates } };
}

function applyRequested(state: CutoverState, e: EventOf<'message.requested'>): CutoverState {
  const { messageId, templateId, text, bannerText, destinations } = e.payload;
  const deliveries = Object.fromEntries(
    destinations.map((d): [Destination, DeliveryState] => [
      d,
      { destination: d, status: 'queued', attempts: 0, retryAt: null, lastError: null, providerId: null, permalink: null, updatedAt: e.ts },
    ]),
  );
  const message: MessageState = {
    id: messageId,
    templateId,
    text,
    bannerText,
    ...(e.payload.bannerNamesEnd ? { bannerNamesEnd: true as const } : {}),
    ...(e.payload.unedited ? { unedited: true as const } : {}),
    state: e.payload.state,
    requestedAt: e.ts,
    requestedBy: e.actor.name,
    deliveries,
  };
  return { ...state, messages: { ...state.messages, [messageId]: message }, messageOrder: [...state.messageOrder, messageId] };
}

const applySent = (state: CutoverState, e: EventOf<'delivery.sent'>): CutoverState =>
  patchDelivery(state, e.payload.messageId, e.payload.destination, e.ts, {
    status: 'sent',
    providerId: e.payload.providerId,
    permalink: e.payload.permalink ?? null,
    lastError: null,
    retryAt: null,
  });

const deliveryOf = (state: CutoverState, p: { messageId: string; destination: Destination }): DeliveryState | undefined =>
  state.messages[p.messageId]?.deliveries[p.destination];

/*
 * A cancel stands: an attempt that began or failed after it (the crew cancelled while the
 * outbox was looking Slack up) leaves the delivery cancelled, and the outbox posts nothing
 * for it. Only `delivery.sent` moves it on, since then the post did go out.
 */

function applySending(state: CutoverState, e: EventOf<'delivery.sending'>): CutoverState {
  const current = deliveryOf(state, e.payload);
  const { destination, thread } = e.payload;
  const place = destination !== 'slack' ? CHANNEL : thread === undefined ? UNRECORDED : (thread ?? CHANNEL);
  const tried = current?.triedIn ?? [];
  return patchDelivery(state, e.payload.messageId, destination, e.ts, {
    status: current?.status === 'cancelled' ? 'cancelled' : 'sending',
    attempts: e.payload.attempt,
    retryAt: null,
    triedIn: tried.includes(place) ? tried : [...tried, place],
  });
}

function applyFailed(state: CutoverState, e: EventOf<'delivery.failed'>): CutoverState {
  // An attempt can fail before anything is sent (Slack unreachable for the look-up that
  // comes first): it counts all the same, or the outbox would number the next attempt
  // the same again and again, backing off no further.
  const attempts = Math.max(deliveryOf(state, e.payload)?.attempts ?? 0, e.payload.attempt);
  if (deliveryOf(state, e.payload)?.status === 'cancelled') return patchDelivery(state, e.payload.messageId, e.payload.destination, e.ts, { attempts });
  return patchDelivery(state, e.payload.messageId, e.payload.destination, e.ts, {
    // Still queued while the outbox means to try again; failed once it gave up.
    status: e.payload.retryAt === null ? 'failed' : 'queued',
    attempts,
    lastError: e.payload.error,
    retryAt: e.payload.retryAt,
  });
}

export const commsEvents = {
  'comms.configured': (state, e) => ({ ...state, comms: { ...state.comms, config: e.payload.config } }),
  'comms.allowed': applyAllowed,
  'template.saved': (state, e) => ({
    ...state,
    comms: { ...state.comms, templates: { ...state.comms.templates, [e.payload.template.id]: e.payload.template } },
  }),
  'template.removed': applyTemplateRemoved,
  'message.requested': applyRequested,
  'delivery.sending': applySending,
  'delivery.sent': applySent,
  'delivery.failed': applyFailed,
  // A new round of attempts, numbered from 1 again; `triedIn` stays, so the first of them looks for the earlier ones' post.
  'delivery.retried': (state, e) => patchDelivery(state, e.payload.messageId, e.payload.destination, e.ts, { status: 'queued', retryAt: null, attempts: 0 }),
  'delivery.cancelled': (state, e) => patchDelivery(state, e.payload.messageId, e.payload.destination, e.ts, { status: 'cancelled', retryAt: null }),
  'comms.providerRef': (state, e) => ({ ...state, comms: { ...state.comms, refs: { ...state.comms.refs, [e.payload.key]: e.payload.value } } }),
} satisfies EventTable;
