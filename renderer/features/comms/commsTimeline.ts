import { DEFAULT_TEMPLATES, DESTINATION_WORDS, destinationsText, updateHeadline } from '@shared/comms';
import type { CutoverEvent, CutoverState } from '@shared/cutover';
import { clockTime } from '../../lib/time';

/*
 * The timeline's lines for updates. A delivery's progress (each attempt, each retry) is in
 * its own events and on its chip under Updates; the timeline gets what the crew must know:
 * the update, the first time a destination failed it, and how it ended (sent, failed for
 * good, cancelled). A Slack outage of an hour is two lines, not one per retry.
 */

export type CommsTimelineEvent = Extract<
  CutoverEvent,
  { type: 'message.requested' | 'delivery.sending' | 'delivery.sent' | 'delivery.failed' | 'delivery.retried' | 'delivery.cancelled' }
>;
export type CommsLine = { text: string; tone: 'info' | 'issue' | 'system' };

/** Whether an event gets a line of its own on the timeline. */
export function onTimeline(e: CutoverEvent): boolean {
  if (e.type === 'delivery.sending') return false;
  // The first failure of a round (a retry by hand starts a new one at attempt 1), and the last.
  if (e.type === 'delivery.failed') return e.payload.retryAt === null || e.payload.attempt <= 1;
  return true;
}

const attempts = (n: number) => `${n} attempt${n === 1 ? '' : 's'}`;

export function commsLine(e: CommsTimelineEvent, state: CutoverState): CommsLine {
  if (e.type === 'message.requested') return { text: `Update to ${destinationsText(e.payload.destinations)}: ${updateHeadline(e.payload.text)}`, tone: 'info' };
  const message = state.messages[e.payload.messageId];
  const update = `Update to ${DESTINATION_WORDS[e.payload.destination]}${message ? `: ${updateHeadline(message.text)}` : ''}`;
  switch (e.type) {
    case 'delivery.sending':
      return { text: `${update}, sending (attempt ${e.payload.attempt})`, tone: 'system' };
    case 'delivery.sent':
      return { text: `${update}, sent`, tone: 'info' };
    case 'delivery.failed': {
      const { retryAt, attempt, error } = e.payload;
      if (retryAt === null) return { text: `${update}, failed for good after ${attempts(attempt)}: ${error}`, tone: 'issue' };
      const tz = state.info?.window.timeZone ?? 'UTC';
      return { text: `${update}, not sent yet (trying again at ${clockTime(retryAt, tz, true)}, then backing off): ${error}`, tone: 'issue' };
    }
    case 'delivery.retried':
      return { text: `${update}, to be tried again`, tone: 'system' };
    case 'delivery.cancelled':
      return { text: `${update}, cancelled`, tone: 'system' };
  }
}

/**
 * A template's removal as the record says it. Removing a built-in one the crew changed puts the
 * built-in wording back: that is a reset, not a template gone.
 */
export function templateRemovedLine(e: Extract<CutoverEvent, { type: 'template.removed' }>, state: CutoverState): string {
  const { templateId, title } = e.payload;
  const builtIn = DEFAULT_TEMPLATES.find((t) => t.id === templateId);
  const name = `“${title ?? state.comms.templates[templateId]?.title ?? builtIn?.title ?? templateId}”`;
  return builtIn ? `Template ${name} reset to the built-in wording` : `Template ${name} removed`;
}
