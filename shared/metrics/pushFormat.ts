/*
 * What a push to the hub may carry: JSON (`{"series":"queue","value":12}` or
 * `{"samples":[{"series","value","t"?}]}`) or the Prometheus text exposition format, where
 * a metric's name is the series id with dashes as underscores (`alarm_queue 1234`).
 */

export type PushedSample = { series: string; value: number; t: number | null };
export type PushParse = { samples: PushedSample[]; errors: string[] };

const MAX_SAMPLES = 10_000;

export function parsePushJson(body: unknown): PushParse {
  const list = Array.isArray((body as { samples?: unknown })?.samples) ? (body as { samples: unknown[] }).samples : [body];
  const samples: PushedSample[] = [];
  const errors: string[] = [];
  list.slice(0, MAX_SAMPLES).forEach((item, i) => {
    const { series, value, t } = (item ?? {}) as Record<string, unknown>;
    const v = typeof value === 'string' ? Number(value) : value;
    if (typeof series !== 'string' || series === '') errors.push(`sample ${i + 1}: "series" is missing`);
    else if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`sample ${i + 1}: "value" is not a number`);
    else if (t !== undefined && (typeof t !== 'number' || !Number.isInteger(t) || t < 0))
      errors.push(`sample ${i + 1}: "t" must be milliseconds since the epoch`);
    else samples.push({ series, value: v, t: typeof t === 'number' ? t : null });
  });
  if (list.length > MAX_SAMPLES) errors.push(`only the first ${MAX_SAMPLES} samples were read`);
  return { samples, errors };
}

/** Series id → the Prometheus name it answers to. */
export const prometheusNameFor = (seriesId: string): string => seriesId.replace(/[^a-zA-Z0-9_:]/g, '_');

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)(?:\s+(\d{1,16}))?\s*$/;

/** The text format: comments and blank lines skipped; each sample line `name{labels} value [ms]`. */
export function parsePushText(text: string, seriesIds: readonly string[]): PushParse {
  const byName = new Map(seriesIds.map((id) => [prometheusNameFor(id), id]));
  const samples: PushedSample[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || samples.length >= MAX_SAMPLES) return;
    const m = LINE.exec(trimmed);
    if (!m) return void errors.push(`line ${i + 1}: not a sample line`);
    const series = byName.get(m[1]!);
    const value = Number(m[3]);
    if (!series) return void errors.push(`line ${i + 1}: no series is named ${m[1]}`);
    if (!Number.isFinite(value)) return void errors.push(`line ${i + 1}: ${m[3]} is not a number`);
    samples.push({ series, value, t: m[4] ? Number(m[4]) : null });
  });
  return { samples, errors };
}
