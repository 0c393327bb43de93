import { z } from 'zod';
import { IdSchema } from '../cutover/schema';
import { SourceConfigSchema, sourceSecretNames, type SourceConfig, type SourceKind } from '../metrics/schema';

/*
 * A check: evidence the hub reads by itself ("are the row counts the same on both sides?").
 * Its connections are lag sources' configs, as they are: the same kinds, the same URLs
 * without passwords, the same `…Secret` names the hub resolves. So a check travels in events
 * and archives exactly as a series does, and never holds a credential.
 */

type SourceOption = (typeof SourceConfigSchema.options)[number];

/** One of the lag source configs' schemas, by kind, with its exact type. */
function sourceOf<K extends SourceKind>(kind: K): Extract<SourceOption, { shape: { kind: z.ZodLiteral<K> } }> {
  const option = SourceConfigSchema.options.find((o) => o.shape.kind.value === kind);
  if (!option) throw new Error(`no lag source of kind ${kind}`);
  return option as Extract<SourceOption, { shape: { kind: z.ZodLiteral<K> } }>;
}

export const CompareOpSchema = z.enum(['below', 'at_most', 'above', 'at_least', 'equal', 'not_equal']);
export type CompareOp = z.infer<typeof CompareOpSchema>;

const value = z.number().finite();

/**
 * A PostgreSQL or MySQL/MariaDB connection with its query (one number in the first row's
 * first column). That the query only reads is decided with a sentence (sqlGuard.ts), not here:
 * a schema's union would bury it under "invalid input".
 */
export const SqlSourceSchema = z.discriminatedUnion('kind', [sourceOf('postgres'), sourceOf('mysql')]);
export type SqlSource = z.infer<typeof SqlSourceSchema>;

export const ConstantCompareSchema = z.object({ to: z.literal('constant'), op: CompareOpSchema, value });
export type ConstantCompare = z.infer<typeof ConstantCompareSchema>;

export const CheckSpecSchema = z.discriminatedUnion('kind', [
  /** A lag series below (or above) a value, held unbroken for a while ("replication lag under 5 s for 10 min"). */
  z.object({
    kind: z.literal('lag'),
    seriesId: IdSchema,
    op: z.enum(['below', 'above']),
    value,
    heldForSec: z.number().int().min(0).max(86_400).default(0),
  }),
  /**
   * One query's number against a constant, or against another query's number on another
   * connection, within a tolerance (row counts of `orders` on the old and the new database).
   */
  z.object({
    kind: z.literal('sql'),
    source: SqlSourceSchema,
    compare: z.discriminatedUnion('to', [
      ConstantCompareSchema,
      z.object({ to: z.literal('query'), source: SqlSourceSchema, tolerance: z.number().finite().min(0).default(0) }),
    ]),
  }),
  /** An endpoint's status code and, optionally, the number at the source's JSON pointer against a constant. */
  z.object({
    kind: z.literal('http'),
    source: sourceOf('http'),
    status: z.number().int().min(100).max(599).default(200),
    compare: ConstantCompareSchema.nullable().default(null),
  }),
  /** An instant query's value against a constant. */
  z.object({ kind: z.literal('prometheus'), source: sourceOf('prometheus'), compare: ConstantCompareSchema }),
]);
export type CheckSpec = z.infer<typeof CheckSpecSchema>;
export type CheckKind = CheckSpec['kind'];

/**
 * A verification step bound to the check. `auto`: the hub completes the step when its checks
 * pass. `person`: someone completes it, and not while a check fails unless they force it.
 */
export const CheckStepSchema = z.object({ stepId: IdSchema, completes: z.enum(['auto', 'person']).default('person') });
export type CheckStep = z.infer<typeof CheckStepSchema>;

export const CheckConfigSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1).max(120),
  /** How often the hub runs it while it is attached to an open poll or a running step. */
  intervalSec: z.number().min(2).max(3600).default(10),
  /** The statement timeout of a query, and the most any run may take. */
  timeoutSec: z.number().min(0.5).max(60).default(5),
  step: CheckStepSchema.nullable().default(null),
  spec: CheckSpecSchema,
});
export type CheckConfig = z.infer<typeof CheckConfigSchema>;
export type CheckConfigInput = z.input<typeof CheckConfigSchema>;

/** The connections a check reads (none for a lag condition: it reads the hub's own series). */
export function checkSources(spec: CheckSpec): SourceConfig[] {
  switch (spec.kind) {
    case 'lag':
      return [];
    case 'sql':
      return spec.compare.to === 'query' ? [spec.source, spec.compare.source] : [spec.source];
    case 'http':
    case 'prometheus':
      return [spec.source];
  }
}

/** Names of the hub secrets a check refers to: naming one is the lead's call, as for a series. */
export const checkSecretNames = (config: CheckConfig): string[] => checkSources(config.spec).flatMap(sourceSecretNames);

/** One run's outcome, as `check.evaluated` records it. */
export const CheckResultSchema = z.object({
  checkId: IdSchema,
  pass: z.boolean(),
  /** The number(s) read: one, or both sides of a comparison. Empty when the run failed to read. */
  values: z.array(z.number()).max(2),
  /** Why the run could not read (a sentence, never a secret); null when it read. */
  error: z.string().max(500).nullable(),
  /** The evidence in words: "orders: 999 on the old side, 1,000 on the new: differ by 1 (tolerance 0)". */
  summary: z.string().max(500),
  durationMs: z.number().nonnegative(),
  /** How many times the hub has run this check, this run included (unrecorded repeats count). */
  attempt: z.number().int().positive(),
  /** A lag condition: since when it has held unbroken. */
  heldSince: z.number().int().nonnegative().optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** A check's last recorded result, with when the hub recorded it. */
export type CheckLast = Omit<CheckResult, 'checkId'> & { at: number };

export type CheckState = {
  config: CheckConfig;
  last: CheckLast | null;
  /** When the current verdict (pass or fail) began: the board's "since". */
  since: number | null;
  /** When it first passed, if it ever did. */
  firstPassedAt: number | null;
};

/** What a step's completion carries about its checks: the evidence, as the postmortem lists it. */
export const CheckEvidenceSchema = z.object({
  checkId: IdSchema,
  name: z.string(),
  pass: z.boolean(),
  summary: z.string(),
  at: z.number().int().nonnegative().nullable(),
  attempt: z.number().int().nonnegative(),
});
export type CheckEvidence = z.infer<typeof CheckEvidenceSchema>;
