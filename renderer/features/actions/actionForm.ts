import { ActionFieldsSchema, type ActionFields, type ActionItem, type ActionPriority, type ActionSource } from '@shared/actions';
import type { CutoverState } from '@shared/cutover';

/*
 * The action-item form as data, apart from React: what it starts with, the owners it
 * suggests, and what it sends. The owner starts empty on purpose: whoever wrote the note
 * raised the point, which does not make them the one who will do it.
 */

export type ActionForm = { title: string; owner: string; priority: ActionPriority; due: string; ticket: string };

export const emptyActionForm = (title = ''): ActionForm => ({ title, owner: '', priority: 'P2', due: '', ticket: '' });

/** The fields to send, or the first sentence saying what is missing or wrong. */
export function parseActionForm(form: ActionForm): { ok: true; fields: ActionFields } | { ok: false; error: string } {
  const parsed = ActionFieldsSchema.safeParse({ ...form, due: form.due || null, ticket: form.ticket.trim() || null });
  if (parsed.success) return { ok: true, fields: parsed.data };
  return { ok: false, error: parsed.error.issues[0]?.message ?? 'This action item is not complete' };
}

/**
 * Owners to pick from: the night's stations and step owners (roles, "DBA") and the crew by
 * name. Only suggestions: the field takes any person or team.
 */
export function ownerSuggestions(state: Pick<CutoverState, 'members' | 'steps'>): string[] {
  const roles = new Set<string>();
  const people = new Set<string>();
  for (const m of Object.values(state.members)) {
    if (m.station) roles.add(m.station);
    people.add(m.name);
  }
  for (const s of Object.values(state.steps)) if (s.owner) roles.add(s.owner);
  const byName = (a: string, b: string) => a.localeCompare(b);
  return [...[...roles].sort(byName), ...[...people].filter((p) => !roles.has(p)).sort(byName)];
}

/** The items already made from this note or step, oldest first. */
export function itemsFrom(items: readonly ActionItem[], source: ActionSource): ActionItem[] {
  return items.filter((i) =>
    source.kind === 'note'
      ? i.source.kind === 'note' && i.source.noteId === source.noteId
      : source.kind === 'step'
        ? i.source.kind === 'step' && i.source.stepId === source.stepId
        : i.source.kind === 'review',
  );
}

/** "Check replica lag alerting — DBA, P1, due 2026-05-06": an item in one line. */
export const itemLine = (i: ActionItem): string => `${i.title} — ${i.owner}, ${i.priority}${i.due ? `, due ${i.due}` : ''}${i.done ? ' (done)' : ''}`;
