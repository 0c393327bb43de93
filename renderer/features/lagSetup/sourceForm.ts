import { SourceConfigSchema, type SourceConfig, type SourceKind } from '@shared/metrics';
import { issueFrom, PASSWORD_IN_URL, urlHasPassword, type FormIssue } from './formIssues';
import { initialValue, kindSpec, visibleFields, type FieldSpec, type SecretSpec } from './sourceKinds';

/*
 * The source half of the form: every value as the text in its input, kept per kind so
 * switching kinds and back loses nothing. Secret *values* are kept apart (see seriesForm).
 */

export type KindValues = Record<string, string>;
export type SourceDraft = { values: KindValues; useSecrets: boolean };

/** A secret's name before anyone renames it: `<series-id>-password`, at most 64 characters. */
export function defaultSecretName(seriesId: string, suffix: string): string {
  const base = seriesId.slice(0, 63 - suffix.length);
  return base ? `${base}-${suffix}` : suffix;
}

/** The name a secret field holds: typed, or the default from the series id. */
export const secretNameOf = (values: KindValues, spec: SecretSpec, seriesId: string): string => values[spec.key] ?? defaultSecretName(seriesId, spec.suffix);

/** The value each field shows: what was typed, else its initial value. */
export const fieldValue = (values: KindValues, f: FieldSpec): string => values[f.key] ?? initialValue(f);

type Built = { ok: true; input: Record<string, unknown> } | { ok: false; issue: FormIssue };

function parsePairs(f: FieldSpec, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const { separator, as } = f.pairs ?? { separator: '=', as: 'list' };
  const entries: [string, string][] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const at = line.indexOf(separator);
    const name = line.slice(0, at).trim();
    if (at < 0 || name === '') return { ok: false, message: `Line ${i + 1} of ${f.label.split(',')[0]} is not “name${separator === ':' ? ': ' : '='}value”` };
    entries.push([name, line.slice(at + 1).trim()]);
  }
  return { ok: true, value: as === 'list' ? entries.map(([name, value]) => ({ name, value })) : Object.fromEntries(entries) };
}

function readField(f: FieldSpec, raw: string, into: Record<string, unknown>): FormIssue | null {
  const field = `source.${f.key}`;
  const text = raw.trim();
  if (text === '') return null; // absent: the schema says whether it was needed
  if (f.type === 'number') {
    const n = Number(text);
    if (!Number.isFinite(n)) return { field, message: `${f.label} must be a number` };
    into[f.key] = n;
  } else if (f.type === 'pairs') {
    const parsed = parsePairs(f, raw);
    if (!parsed.ok) return { field, message: parsed.message };
    into[f.key] = parsed.value;
  } else {
    if (f.credentialsInUrl && urlHasPassword(text)) return { field, message: PASSWORD_IN_URL };
    into[f.key] = text;
  }
  return null;
}

/** The source config the form describes, before the schema has looked at it. */
export function sourceInput(kind: SourceKind, draft: SourceDraft, seriesId: string): Built {
  const spec = kindSpec(kind);
  const input: Record<string, unknown> = { kind };
  for (const f of visibleFields(spec, draft.values)) {
    const issue = readField(f, fieldValue(draft.values, f), input);
    if (issue) return { ok: false, issue };
  }
  const group = spec.secrets;
  if (group && draft.useSecrets) {
    const extra: Record<string, unknown> = {};
    for (const f of group.fields ?? []) {
      const issue = readField(f, fieldValue(draft.values, f), extra);
      if (issue) return { ok: false, issue };
      if (extra[f.key] === undefined) return { ok: false, issue: { field: `source.${f.key}`, message: `${f.label} is required` } };
    }
    for (const s of group.secrets) {
      const name = secretNameOf(draft.values, s, seriesId).trim();
      if (name === '') return { ok: false, issue: { field: `source.${s.key}`, message: `Name the secret that holds the ${s.label.toLowerCase()}` } };
      // HTTP's one secret header is a map header → secret name; the others name the secret directly.
      if (kind === 'http') input.headerSecrets = { [String(extra.secretHeader)]: name };
      else input[s.key] = name;
    }
  }
  return { ok: true, input };
}

/** A complete source config, or the first problem as a sentence next to its field. */
export function buildSource(kind: SourceKind, draft: SourceDraft, seriesId: string): { ok: true; source: SourceConfig } | { ok: false; issue: FormIssue } {
  const built = sourceInput(kind, draft, seriesId);
  if (!built.ok) return built;
  const parsed = SourceConfigSchema.safeParse(built.input);
  return parsed.success ? { ok: true, source: parsed.data } : { ok: false, issue: issueFrom(parsed.error.issues[0], kind, 'source.') };
}

const asText = (f: FieldSpec, v: unknown): string => {
  if (f.type === 'pairs' && Array.isArray(v)) return v.map((d: { name: string; value: string }) => `${d.name}=${d.value}`).join('\n');
  if (f.type === 'pairs' && v && typeof v === 'object')
    return Object.entries(v as Record<string, string>)
      .map(([k, x]) => `${k}: ${x}`)
      .join('\n');
  return String(v);
};

/** The form's text for a saved source: the way back from `buildSource`. */
export function draftFromSource(source: SourceConfig): SourceDraft {
  const spec = kindSpec(source.kind);
  const config = source as Record<string, unknown>;
  const values: KindValues = {};
  for (const f of spec.fields) if (config[f.key] !== undefined) values[f.key] = asText(f, config[f.key]);
  let useSecrets = false;
  if (source.kind === 'http') {
    const [header, name] = Object.entries(source.headerSecrets)[0] ?? [];
    if (header !== undefined && name !== undefined) Object.assign(values, { secretHeader: header, headerSecret: name });
    useSecrets = header !== undefined;
  } else {
    for (const s of spec.secrets?.secrets ?? []) {
      const name = config[s.key];
      if (typeof name === 'string') {
        values[s.key] = name;
        useSecrets = true;
      }
    }
  }
  return { values, useSecrets };
}

/** The secrets a source would use, with the names they go by. */
export function secretsOf(kind: SourceKind, draft: SourceDraft, seriesId: string): { spec: SecretSpec; name: string }[] {
  const group = kindSpec(kind).secrets;
  if (!group || !draft.useSecrets) return [];
  return group.secrets.map((spec) => ({ spec, name: secretNameOf(draft.values, spec, seriesId).trim() }));
}
