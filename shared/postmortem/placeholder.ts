/*
 * What the record cannot say (why it happened, where the crew got lucky) is left to the team,
 * marked so nobody publishes it unfilled: one line, the marker and a prompt. The review
 * counts the markers still in the text.
 */

export const PLACEHOLDER_MARK = '**To fill in:**';

export const placeholder = (prompt: string): string => `${PLACEHOLDER_MARK} ${prompt}`;

/** How many placeholders are still in a (possibly edited) postmortem. */
export const placeholdersLeft = (markdown: string): number => markdown.split(PLACEHOLDER_MARK).length - 1;
