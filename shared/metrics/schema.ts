import { z } from 'zod';
import { IdSchema } from '../cutover/schema';

/*
 * A lag series: one number the hub reads from a source every few seconds (a queue's depth,
 * a replica's lag in seconds). Credentials never stand in a series' config: a field named
 * `…Secret` holds the *name* of a secret the hub resolves (its environment, a secrets file,
 * or the desktop's encrypted store), so the config can travel in events and archives.
 */

export const SeriesUnitSchema = z.enum(['count', 'seconds', 'bytes']);
export type SeriesUnit = z.infer<typeof SeriesUnitSchema>;

/** The name of a hub secret, e.g. "pg-replica-password". */
export const SecretRefSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'A secret name is letters, digits, dot, dash or underscore (up to 64)');
const secretRef = SecretRefSchema.optional();
/** A URL never carries a password: it would stand in events and archives. Passwords are secrets. */
const url = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((u) => !hasPassword(u), { message: 'Put the password in a secret, not in the URL' });

function hasPassword(u: string): boolean {
  try {
    return new URL(u).password !== '';
  } catch {
    return false; // not a URL the schema can read; the source says what is wrong with it
  }
}
const query = z.string().trim().min(1).max(10_000);
const name = z.string().trim().min(1).max(256);

export const SourceConfigSchema = z.discriminatedUnion('kind', [
  /** An instant query over Prometheus' HTTP API; the first sample of the result is the value. */
  z.object({ kind: z.literal('prometheus'), url, query, bearerSecret: secretRef }),
  /** A query that returns one number in its first row's first column. */
  z.object({ kind: z.literal('postgres'), url, query, passwordSecret: secretRef }),
  z.object({ kind: z.literal('mysql'), url, query, passwordSecret: secretRef }),
  /** Queue depth (ready messages) or consumer count, over AMQP (a passive declare). */
  z.object({ kind: z.literal('rabbitmq'), url, queue: name, measure: z.enum(['messages', 'consumers']).default('messages'), passwordSecret: secretRef }),
  /** LLEN, XLEN, or a consumer group's pending count (XPENDING). */
  z.object({
    kind: z.literal('redis'),
    url,
    key: name,
    measure: z.enum(['list', 'stream', 'pending']).default('list'),
    group: name.optional(),
    passwordSecret: secretRef,
  }),
  /** A JetStream consumer's pending count (num_pending + num_ack_pending). */
  z.object({ kind: z.literal('nats'), url, stream: name, consumer: name, tokenSecret: secretRef }),
  /** GetMetricData for one metric (SQS visible messages, age of oldest message, DMS CDC latency). */
  z.object({
    kind: z.literal('cloudwatch'),
    region: z.string().trim().min(1).max(64),
    endpoint: url.optional(),
    namespace: name,
    metricName: name,
    dimensions: z
      .array(z.object({ name, value: name }))
      .max(10)
      .default([]),
    stat: z.string().trim().min(1).max(32).default('Maximum'),
    periodSec: z.number().int().min(1).max(86_400).default(60),
    accessKeyIdSecret: secretRef,
    secretAccessKeySecret: secretRef,
  }),
  /** Any HTTP endpoint answering JSON; `pointer` (RFC 6901) names the number. */
  z.object({
    kind: z.literal('http'),
    url,
    pointer: z.string().max(500).default(''),
    /** Plain headers; a header whose value is secret goes in `headerSecrets` (header → secret name). */
    headers: z.record(z.string().max(100), z.string().max(2000)).default({}),
    headerSecrets: z.record(z.string().max(100), SecretRefSchema).default({}),
  }),
  /** Nothing is polled: samples arrive by POST to the hub. */
  z.object({ kind: z.literal('push') }),
  /** The demo's backlog: builds while the runbook's `stopStep` runs, drains after `restartStep` is done. */
  z.object({
    kind: z.literal('simulated'),
    stopStep: IdSchema.optional(),
    restartStep: IdSchema.optional(),
    inflowPerSec: z.number().min(0).max(1e9).default(20),
    drainPerSec: z.number().min(0).max(1e9).default(35),
    noise: z.number().min(0).max(1).default(0.05),
  }),
]);
export type SourceConfig = z.infer<typeof SourceConfigSchema>;

/** Names of the hub secrets a config refers to: every `…Secret` field and each `headerSecrets` value. */
export function sourceSecretNames(config: SourceConfig): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key.endsWith('Secret') && typeof value === 'string') names.push(value);
    if (key === 'headerSecrets' && value && typeof value === 'object') names.push(...Object.values(value as Record<string, string>));
  }
  return names;
}
export type SourceKind = SourceConfig['kind'];
export const SOURCE_KINDS = SourceConfigSchema.options.map((o) => o.shape.kind.value) as SourceKind[];

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
