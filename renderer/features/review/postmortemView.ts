import type { ActionItem } from '@shared/actions';

/*
 * What the postmortem tab decides, apart from React: whether a kept draft is worth offering
 * back, how one section of the text is swapped for a fresh one, and which exports this
 * window has.
 */

/** An edited postmortem kept between visits: the text, the items added in the review, and when. */
export type KeptDraft = {
  text: string;
  actions: ActionItem[];
  savedAt: number;
  /** Kept for an earlier version of the file (the archive was exported again over it): offered, said as such. */
  otherVersion?: true;
};

/** A kept draft is offered back only when it says something the text opened with does not. */
export const worthRestoring = (kept: KeptDraft | null, opened: { text: string; actions: readonly ActionItem[] }): kept is KeptDraft =>
  kept !== null && (kept.text !== opened.text || JSON.stringify(kept.actions) !== JSON.stringify(opened.actions));

/**
 * Replaces the body of one "## " section of a Markdown text with another section's body, as
 * drafted: the rest of the text (the team's edits) stays as it is. Null when the section is
 * not in the text any more (the team removed or renamed it).
 */
export function replaceSection(text: string, fresh: string, heading: string): string | null {
  const body = (md: string) => {
    const start = md.indexOf(`\n## ${heading}\n`);
    if (start < 0) return null;
    const from = start + heading.length + 5;
    const next = md.indexOf('\n## ', from);
    return { from, to: next < 0 ? md.length : next };
  };
  const mine = body(text);
  const theirs = body(fresh);
  if (!mine || !theirs) return null;
  // Bodies run from the blank line after the heading to the newline before the next "## ".
  return `${text.slice(0, mine.from)}${fresh.slice(theirs.from, theirs.to).trimEnd()}\n${text.slice(mine.to)}`;
}

/** The exports this window can make, and a sentence that says so plainly. */
export function exportsOffered(desktop: boolean): { pdf: boolean; note: string } {
  return desktop
    ? { pdf: true, note: 'Exports: Markdown, HTML and PDF.' }
    : { pdf: false, note: 'In the browser: Markdown and HTML. For a PDF, open the HTML and print it, or use the desktop app.' };
}

/** "Kept at 21:04", for the restore prompt, in this computer's time. */
export const keptAt = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
