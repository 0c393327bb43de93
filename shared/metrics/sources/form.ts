/*
 * What the series dialog asks for each kind of lag source, as data beside the kind's config
 * schema: the renderer draws every kind with one generic form. `key` is the config's own
 * property, so form ↔ config is generic too.
 */

export type Option = { value: string; label: string };

export type FieldSpec = {
  key: string;
  label: string;
  /** `pairs`: one `name=value` (or `Name: value`) per line; `step`: a runbook step. */
  type: 'text' | 'url' | 'multiline' | 'number' | 'select' | 'step' | 'pairs';
  placeholder?: string;
  hint?: string;
  options?: readonly Option[];
  /** What a new form holds; selects start at their first option. */
  initial?: string;
  pairs?: { separator: '=' | ':'; as: 'list' | 'record' };
  /** The field only applies for some values of the others (Redis' group, for "pending"). */
  showWhen?: (values: Readonly<Record<string, string>>) => boolean;
  /** Short enough to share a row with its neighbour. */
  half?: boolean;
  /** A connection URL: a password in it would end up in every event and archive. */
  credentialsInUrl?: boolean;
};

/** One secret: the config property holding its name, and how a default name ends. */
export type SecretSpec = { key: string; label: string; suffix: string };

/** A source's secrets, switched on together (CloudWatch needs both keys or neither). */
export type SecretGroup = {
  toggle: string;
  offHint: string;
  secrets: readonly SecretSpec[];
  /** Plain fields that belong with the secret (the HTTP header's name). */
  fields?: readonly FieldSpec[];
};

/** How the dialog shows one kind (the kind itself comes from the schema). */
export type KindForm = {
  label: string;
  /** How the list names the kind, where the select's words are too long. */
  short?: string;
  fields: readonly FieldSpec[];
  secrets?: SecretGroup;
  /** Push and the demo are not read by the hub, so there is nothing to test. */
  polled: boolean;
};

export const PASSWORD: SecretGroup = {
  toggle: 'The server needs a password',
  offHint: 'No password is sent.',
  secrets: [{ key: 'passwordSecret', label: 'Password', suffix: 'password' }],
};
