/*
 * How refusals name roles and statuses, shared by the slices so that "the lead" or
 * "in progress" reads the same whichever slice refused.
 */

export const ROLE_WORDS: Record<string, string> = {
  lead: 'the lead',
  operator: 'an operator',
  approver: 'an approver',
  comms: 'comms',
  observer: 'an observer',
};

/** "in_progress" → "in progress". */
export const words = (s: string): string => s.replace(/_/g, ' ');
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** An id from a name: "Réplica lag (EU)" → "replica-lag-eu", at most 48 characters; "" when nothing is left. */
export function idFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}
