import { z } from 'zod';
import { IdSchema } from '../cutover/schema';
import { SourceConfigSchema } from './sources';

/*
 * A lag series: one number the hub reads from a source every few seconds (a queue's depth,
 * a replica's lag in seconds). Each kind of source is one file in `sources/`.
 */

export { SourceConfigSchema, SecretRefSchema, SOURCE_KINDS, SOURCE_FORMS, sourceSecretNames } from './sources';
export type { SourceConfig, SourceKind, FieldSpec, KindForm, Option, SecretGroup, SecretSpec } from './sources';

export const SeriesUnitSchema = z.enum(['count', 'seconds', 'bytes']);
export type SeriesUnit = z.infer<typeof SeriesUnitSchema>;

/**
 * The depth a series runs at when all is well (a queue idling at 200–400, a replica 0–2 s
 * behind): a trend within it, below the lowest line, is no backlog, and a backlog is caught
 * up once back within it. Without one the hub learns it from the readings before processing
 * stopped (normalBand.ts).
 */
export const NormalBandSchema = z
  .object({ low: z.number().finite(), high: z.number().finite() })
  .refine((b) => b.low <= b.high, { message: 'The normal range must go from the lower number to the higher one' });
export type NormalBand = z.infer<typeof NormalBandSchema>;

export const SeriesConfigSchema = z
  .object({
    id: IdSchema,
    name: z.string().trim().min(1).max(120),
    unit: SeriesUnitSchema.default('count'),
    /** Charts with the same group share a panel. */
    group: z.string().trim().max(80).default(''),
    intervalSec: z.number().min(1).max(3600).default(5),
    timeoutSec: z.number().min(0.5).max(120).default(5),
    warning: z.number().nonnegative().nullable().default(null),
    critical: z.number().nonnegative().nullable().default(null),
    /** Set in the series dialog; null (as in journals from before it existed): learned from the readings. */
    normal: NormalBandSchema.nullable().default(null),
    source: SourceConfigSchema,
  })
  .refine((s) => s.warning === null || s.critical === null || s.warning <= s.critical, {
    message: 'The warning threshold must not be above the critical one',
    path: ['warning'],
  })
  .refine(({ normal, warning, critical }) => normal === null || [warning, critical].every((line) => line === null || normal.high < line), {
    // A normal depth at or over a line would make every quiet night an alert.
    message: 'The normal range must stay below the warning and critical lines',
    path: ['normal'],
  });
export type SeriesConfig = z.infer<typeof SeriesConfigSchema>;
export type SeriesConfigInput = z.input<typeof SeriesConfigSchema>;

/** One reading: hub time in ms and the value. */
export type Point = { t: number; v: number };

/**
 * Points of one series, columnar (`t[i]`, `v[i]`): how samples are stored, archived and
 * sent. Columns keep an 8-hour night at 1 Hz small and fast to parse.
 */
export const SampleBatchSchema = z
  .object({ s: IdSchema, t: z.array(z.number().int().nonnegative()), v: z.array(z.number()) })
  .refine((b) => b.t.length === b.v.length, { message: 'A batch needs as many times as values' });
export type SampleBatch = z.infer<typeof SampleBatchSchema>;

/** What crossing a line means; each becomes a timeline event and a desktop notification. */
export const AlertKindSchema = z.enum(['warning', 'critical', 'normal', 'not_draining', 'draining', 'down', 'up']);
export type AlertKind = z.infer<typeof AlertKindSchema>;

/** A source's health as the hub sees it; `since` is when it last changed. */
export type SourceHealth = { status: 'up' | 'down' | 'unknown'; since: number; error: string | null };
