import { create } from 'zustand';
import type { NoteSeverity } from '@shared/cutover';

/*
 * The timeline note being written, kept in this browser's storage per night as it is typed:
 * a reload, or a look at another side tab (which takes the composer off the screen), loses
 * none of it. Once sent, the text is in the queue of unacknowledged commands, which is kept
 * too (openConnection.ts); if the hub refuses it, it comes back here (cutoverStore.ts), so
 * at every moment what was written is in one kept place until the hub has it.
 */

export type NoteDraft = { text: string; severity: NoteSeverity };

const EMPTY: NoteDraft = { text: '', severity: 'info' };
const draftKey = (cutoverId: string) => `warroom.draft.note.${cutoverId}`;

function read(cutoverId: string): NoteDraft {
  try {
    const kept: unknown = JSON.parse(localStorage.getItem(draftKey(cutoverId)) ?? 'null');
    if (typeof kept !== 'object' || kept === null) return EMPTY;
    const { text, severity } = kept as Partial<NoteDraft>;
    return typeof text === 'string' ? { text, severity: typeof severity === 'string' ? severity : 'info' } : EMPTY;
  } catch {
    return EMPTY;
  }
}

function write(cutoverId: string, draft: NoteDraft): void {
  try {
    if (draft.text === '') localStorage.removeItem(draftKey(cutoverId));
    else localStorage.setItem(draftKey(cutoverId), JSON.stringify(draft));
  } catch {
    // Storage full or forbidden: the draft still lives on this page.
  }
}

type NoteDrafts = { drafts: Record<string, NoteDraft> };

const useNoteDrafts = create<NoteDrafts>(() => ({ drafts: {} }));

/** The note being written for this night, as last typed (on this page or before a reload). */
export function noteDraft(cutoverId: string): NoteDraft {
  return useNoteDrafts.getState().drafts[cutoverId] ?? read(cutoverId);
}

/** Keeps what is in the composer now; an empty text forgets the draft. */
export function keepNoteDraft(cutoverId: string, draft: NoteDraft): void {
  write(cutoverId, draft);
  useNoteDrafts.setState((s) => ({ drafts: { ...s.drafts, [cutoverId]: draft } }));
}

/**
 * A refused note back into the composer, unless something else is being written there now
 * (the refusal itself still shows the text then). Whether it was put back.
 */
export function giveBackNote(cutoverId: string, draft: NoteDraft): boolean {
  if (noteDraft(cutoverId).text.trim() !== '') return false;
  keepNoteDraft(cutoverId, draft);
  return true;
}

/** The draft for this night, and how to change it: for the composer. */
export function useNoteDraft(cutoverId: string): [NoteDraft, (draft: NoteDraft) => void] {
  const draft = useNoteDrafts((s) => s.drafts[cutoverId]) ?? noteDraft(cutoverId);
  return [draft, (d: NoteDraft) => keepNoteDraft(cutoverId, d)];
}
