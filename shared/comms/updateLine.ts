import { truncate } from './blocks';
import { DESTINATIONS, type Destination } from './schema';

/*
 * How a timeline names an update in one line, "Update to Slack, banner: Processing paused",
 * the same in the app's timeline and the postmortem's.
 */

export const DESTINATION_WORDS: Record<Destination, string> = { slack: 'Slack', banner: 'banner', statuspage: 'Statuspage', webhook: 'webhook' };

/** The destinations in one fixed order, whatever order they were ticked in: "Slack, banner". */
export const destinationsText = (destinations: readonly Destination[]): string =>
  DESTINATIONS.filter((d) => destinations.includes(d))
    .map((d) => DESTINATION_WORDS[d])
    .join(', ');

/**
 * The first line of a crew message as people read it: Slack's *bold* and escapes undone,
 * cut to fit a line, without its closing full stop. The whole text is under Updates and in
 * the postmortem's Communications.
 */
export function updateHeadline(text: string, max = 120): string {
  const first =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  const plain = first
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  // A closing full stop would sit against what the timeline adds after it (", sent").
  return truncate(plain, max).replace(/([^.])\.$/, '$1');
}
