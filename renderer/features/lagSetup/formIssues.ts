import type { z } from 'zod';
import { kindSpec } from './sourceKinds';
import type { SourceKind } from '@shared/metrics';

/** A problem with the form: the field it belongs next to (`name`, `source.url`…) and a sentence. */
export type FormIssue = { field: string; message: string };

const SERIES_LABELS: Record<string, string> = {
  id: 'The id',
  name: 'The name',
  unit: 'The unit',
  group: 'The group',
  intervalSec: 'The interval',
  timeoutSec: 'The timeout',
  warning: 'The warning threshold',
  critical: 'The critical threshold',
  normal: 'The normal depth',
};
const SECONDS = new Set(['intervalSec', 'timeoutSec', 'periodSec']);

/** How a field is named in a sentence: the series' own fields, or the current kind's. */
export function fieldLabel(field: string, kind: SourceKind): string {
  if (SERIES_LABELS[field]) return SERIES_LABELS[field];
  const key = field.replace(/^source\./, '').split('.')[0] ?? '';
  const spec = kindSpec(kind);
  const found = [...spec.fields, ...(spec.secrets?.fields ?? []), ...(spec.secrets?.secrets ?? [])].find((f) => f.key === key);
  return found ? found.label : 'This field';
}

/** An issue zod found, as a sentence next to its field. */
export function issueFrom(issue: z.core.$ZodIssue | undefined, kind: SourceKind, prefix = ''): FormIssue {
  if (!issue) return { field: '', message: 'The series is not complete' };
  const path = issue.path.map(String);
  const field = (prefix + (!prefix && path[0] === 'source' ? path.slice(0, 2) : path.slice(0, 1)).join('.'))
    // HTTP's secret header is one map in the config and one secret field in the form.
    .replace(/^source\.headerSecrets$/, 'source.headerSecret');
  return { field, message: sentence(issue, fieldLabel(field, kind), SECONDS.has(path.at(-1) ?? '') ? ' s' : '') };
}

function sentence(issue: z.core.$ZodIssue, label: string, suffix: string): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return `${label} must be a number`;
      return `${label} is required`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `${label} is required` : `${label} needs at least ${issue.minimum} characters`;
      if (issue.origin === 'number')
        return Number(issue.minimum) === 0 ? `${label} must not be negative` : `${label} must be at least ${issue.minimum}${suffix}`;
      return `${label} is required`;
    case 'too_big':
      if (issue.origin === 'string') return `${label} is too long (at most ${issue.maximum} characters)`;
      if (issue.origin === 'array') return `${label}: at most ${issue.maximum}`;
      return `${label} must be at most ${issue.maximum}${suffix}`;
    case 'invalid_value':
      return `Choose ${label.replace(/^The /, 'the ')}`;
    default:
      // Refinements and patterns in the schema carry their own sentence.
      return issue.message;
  }
}

/** Does a connection URL carry a password (`postgres://user:secret@host`)? */
export function urlHasPassword(url: string): boolean {
  try {
    return new URL(url.trim()).password !== '';
  } catch {
    // Not a URL the browser can parse; a "user:pass@" part is still a password.
    return /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i.test(url.trim());
  }
}

export const PASSWORD_IN_URL = 'Put the password in a secret, not in the URL';
