import type { Command } from '../cutover/commands';
import type { DecideContext, Decision } from '../cutover/decide';
import type { CutoverState } from '../cutover/state';

type CommsCommand = Extract<
  Command,
  { type: 'comms.configure' | 'comms.allow' | 'template.save' | 'template.remove' | 'message.send' | 'message.retry' | 'message.cancel' }
>;

const refuse = (reason: string, code: 'precondition' | 'not_found' | 'forbidden' = 'precondition'): Decision => ({ ok: false, code, reason });

/** Comms and the lead send; so does anyone the lead allowed. The hub holds this line. */
export function maySend(state: CutoverState, actor: DecideContext['actor']): boolean {
  return actor.role === 'lead' || actor.role === 'comms' || state.comms.config.senders.includes(actor.id);
}

/** Which destinations are set up, so a message is never queued for one that cannot go. */
export function missingDestination(state: CutoverState, destinations: readonly string[]): string | null {
  const { slack, statuspage, webhook } = state.comms.config;
  const configured: Record<string, boolean> = { banner: true, slack: slack !== null, statuspage: statuspage !== null, webhook: webhook !== null };
  return destinations.find((d) => !configured[d]) ?? null;
}

export function decideComms(state: CutoverState, command: CommsCommand, ctx: DecideContext): Decision {
  switch (command.type) {
    case 'comms.configure': {
      const hook = command.payload.config.webhook;
      if (hook && 'url' in hook) return refuse('A webhook URL is stored as a hub secret, not in the config, which every event and archive carries: it often holds a token');
      return { ok: true, events: [{ type: 'comms.configured', payload: command.payload }] };
    }
    case 'comms.allow': {
      const member = state.members[command.payload.memberId];
      if (!member) return refuse('There is no such member', 'not_found');
      return { ok: true, events: [{ type: 'comms.allowed', payload: command.payload }] };
    }
    case 'template.save':
      return { ok: true, events: [{ type: 'template.saved', payload: command.payload }] };
    case 'template.remove':
      if (!state.comms.templates[command.payload.templateId]) return refuse(`There is no template "${command.payload.templateId}"`, 'not_found');
      return { ok: true, events: [{ type: 'template.removed', payload: command.payload }] };
    case 'message.send': {
      if (!maySend(state, ctx.actor)) return refuse('Only comms, the lead, or someone the lead allowed may send updates', 'forbidden');
      const { templateId, destinations, ...message } = command.payload;
      if (new Set(destinations).size !== destinations.length) return refuse('A destination is listed twice');
      const missing = missingDestination(state, destinations);
      if (missing) return refuse(`${missing === 'statuspage' ? 'The status page' : missing === 'slack' ? 'Slack' : 'The webhook'} is not set up for this cutover yet`);
      // The crew's text speaks of steps and lag; customers get only the line written for them.
      if (message.bannerText === '' && destinations.some((d) => d === 'banner' || d === 'statuspage')) {
        return refuse('Write the customer line: the banner and the status page show only that, never the crew message');
      }
      return { ok: true, events: [{ type: 'message.requested', payload: { messageId: ctx.newId(), templateId: templateId ?? null, destinations, ...message } }] };
    }
    case 'message.retry':
    case 'message.cancel': {
      if (!maySend(state, ctx.actor)) return refuse('Only comms, the lead, or someone the lead allowed may retry or cancel updates', 'forbidden');
      const { messageId, destination } = command.payload;
      const delivery = state.messages[messageId]?.deliveries[destination];
      if (!delivery) return refuse('There is no such message for that destination', 'not_found');
      if (command.type === 'message.retry') {
        if (delivery.status !== 'failed') return refuse(`This update is ${delivery.status}; only a failed one can be retried`);
        return { ok: true, events: [{ type: 'delivery.retried', payload: command.payload }] };
      }
      if (delivery.status === 'sent' || delivery.status === 'cancelled') return refuse(`This update is already ${delivery.status}`);
      if (delivery.status === 'sending') return refuse('This update is being sent right now; wait for the result, then cancel or retry');
      return { ok: true, events: [{ type: 'delivery.cancelled', payload: command.payload }] };
    }
  }
}
