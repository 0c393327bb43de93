import { SOURCE_FORMS, SOURCE_KINDS, type FieldSpec, type KindForm, type SourceKind } from '@shared/metrics';

/*
 * What the dialog asks for each kind of lag source. The forms are data beside each kind's
 * config schema (shared/metrics/sources/), so this module only lists them and reads them.
 */

export type { FieldSpec, Option, SecretGroup, SecretSpec } from '@shared/metrics';

export type KindSpec = KindForm & { kind: SourceKind };

export const KINDS: readonly KindSpec[] = SOURCE_KINDS.map((kind) => ({ kind, ...SOURCE_FORMS[kind] }));

export function kindSpec(kind: SourceKind): KindSpec {
  const spec = KINDS.find((k) => k.kind === kind);
  if (!spec) throw new Error(`No form for source kind ${kind}`);
  return spec;
}

/** The fields that apply now: those without a condition, and those whose condition holds. */
export const visibleFields = (spec: KindSpec, values: Readonly<Record<string, string>>): FieldSpec[] =>
  spec.fields.filter((f) => !f.showWhen || f.showWhen(values));

/** What a field holds before anyone typed in it. */
export const initialValue = (f: FieldSpec): string => f.initial ?? f.options?.[0]?.value ?? '';
