import type { CutoverEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import type { DeliveryState, Destination, MessageState } from './schema';

type CommsEvent = Extract<
  CutoverEvent,
  {
    type:
      | 'comms.configured'
      | 'comms.allowed'
      | 'template.saved'
      | 'template.removed'
      | 'message.requested'
      | 'delivery.sending'
      | 'delivery.sent'
      | 'delivery.failed'
      | 'delivery.retried'
      | 'delivery.cancelled'
      | 'comms.providerRef';
  }
>;

function patchDelivery(state: CutoverState, messageId: string, destination: Destination, at: number, patch: Partial<DeliveryState>): CutoverState {
  const message = state.messages[messageId];
  const current = message?.deliveries[destination];
  if (!message || !current) return state;
  const updated: MessageState = { ...message, deliveries: { ...message.deliveries, [destination]: { ...current, ...patch, updatedAt: at } } };
  return { ...state, messages: { ...state.messages, [messageId]: updated } };
}

export function applyCommsEvent(state: CutoverState, e: CommsEvent): CutoverState {
  switch (e.type) {
    case 'comms.configured':
      return { ...state, comms: { ...state.comms, config: e.payload.config } };
    case 'comms.allowed': {
      const senders = state.comms.config.senders.filter((id) => id !== e.payload.memberId);
      return { ...state, comms: { ...state.comms, config: { ...state.comms.config, senders: e.payload.allowed ? [...senders, e.payload.memberId] : senders } } };
    }
    case 'template.saved':
      return { ...state, comms: { ...state.comms, templates: { ...state.comms.templates, [e.payload.template.id]: e.payload.template } } };
    case 'template.removed': {
      const { [e.payload.templateId]: _gone, ...templates } = state.comms.templates;
      return { ...state, comms: { ...state.comms, templates } };
    }
    case 'message.requested': {
      const { messageId, templateId, text, bannerText, destinations } = e.payload;
      const deliveries = Object.fromEntries(
        destinations.map((d): [Destination, DeliveryState] => [d, { destination: d, status: 'queued', attempts: 0, retryAt: null, lastError: null, providerId: null, permalink: null, updatedAt: e.ts }]),
      );
      const message: MessageState = { id: messageId, templateId, text, bannerText, state: e.payload.state, requestedAt: e.ts, requestedBy: e.actor.name, deliveries };
      return { ...state, messages: { ...state.messages, [messageId]: message }, messageOrder: [...state.messageOrder, messageId] };
    }
    case 'delivery.sending':
      return patchDelivery(state, e.payload.messageId, e.payload.destination, e.ts, { status: 'sending', attempts: e.payload.attempt, retryAt: null });
    case 'delivery.sent':
      return patchDelivery(state, e.payload.messageId, e.payload.destination, e.ts, {
        status: 'sent',
        providerId: e.payload.providerId,
        permalink: e.payload.permalink ?? null,
        lastError: null,
        retryAt: null,
      });
    case 'delivery.failed':
      return patchDelivery(state, e.payload.messageId, e.payload.destination, e.ts, {
        // Still queued while the outbox means to try again; failed once it gave up.
        status: e.payload.retryAt === null ? 'failed' : 'queued',
        // An attempt can fail before anything is sent (Slack unreachable for the look-up that
        // comes first): it counts all the same, or the outbox would number the next attempt
        // the same again and again, backing off no further.
        attempts: Math.max(state.messages[e.payload.messageId]?.deliveries[e.payload.destination]?.attempts ?? 0, e.payload.attempt),
        lastError: e.payload.error,
        retryAt: e.payload.retryAt,
      });
    case 'delivery.retried':
      return patchDelivery(state, e.payload.messageId, e.payload.destination, e.ts, { status: 'queued', retryAt: null, attempts: 0 });
    case 'delivery.cancelled':
      return patchDelivery(state, e.payload.messageId, e.payload.destination, e.ts, { status: 'cancelled', retryAt: null });
    case 'comms.providerRef':
      return { ...state, comms: { ...state.comms, refs: { ...state.comms.refs, [e.payload.key]: e.payload.value } } };
  }
}
