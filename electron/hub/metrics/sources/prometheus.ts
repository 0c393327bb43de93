import { requireNumber } from './coerce';
import { endpointOf, parseUrl } from './errors';
import { getJson } from './httpJson';
import { reader, resolveSecret } from './reader';
import { SourceError, type SourceFactory } from './source';

type QueryReply = {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
};

type Series = { metric?: Record<string, unknown>; value?: unknown };

const SERIES_NAMED = 3;

/**
 * The series of a vector told apart by the labels they differ in (`instance=replica-1`),
 * sorted so the sentence stays the same from one poll to the next whatever order Prometheus
 * lists them in.
 */
function seriesNames(result: readonly Series[]): string {
  const labels = result.map((s) => Object.entries(s.metric ?? {}).map(([k, v]) => [k, String(v).slice(0, 60)] as const));
  const differing = new Set(labels.flat().map(([k]) => k));
  for (const key of [...differing]) {
    const values = labels.map((l) => l.find(([k]) => k === key)?.[1]);
    if (values.every((v) => v === values[0])) differing.delete(key);
  }
  const names = labels
    .map(
      (l) =>
        l
          .filter(([k]) => differing.has(k))
          .map(([k, v]) => `${k}=${v}`)
          .join(' ') || '{}',
    )
    .sort();
  return names.slice(0, SERIES_NAMED).join(', ') + (names.length > SERIES_NAMED ? ', …' : '');
}

/**
 * The value of an instant query's answer: a scalar's, or the one series' of a vector. A
 * vector of several (`lag{instance=~"replica-.*"}`) is an error, not its first series: that
 * one is whichever Prometheus lists first, and a replica far behind would stay hidden.
 */
function valueOf(reply: QueryReply): number {
  if (reply.status !== 'success') throw new SourceError(`Prometheus rejected the query: ${reply.error ?? 'no reason given'}`);
  const { resultType, result } = reply.data ?? {};
  // A sample is [unix time, "value as text"].
  let sample: unknown;
  if (resultType === 'scalar') sample = result;
  else if (resultType === 'vector') {
    if (!Array.isArray(result) || result.length === 0) throw new SourceError('the query returned no series');
    if (result.length > 1)
      throw new SourceError(
        `the query returned ${result.length} series (${seriesNames(result as Series[])}): wrap it in max(…) or sum(…) so it returns one number`,
      );
    sample = (result[0] as Series).value;
  } else throw new SourceError(`the query returned a ${resultType ?? 'missing'} result; it needs an instant vector or a scalar`);
  if (!Array.isArray(sample) || sample.length < 2) throw new SourceError('Prometheus answered a sample without a value');
  return requireNumber(sample[1], 'the sample');
}

export const prometheusSource: SourceFactory<'prometheus'> = (config, ctx) =>
  reader(config, ctx, {
    target: endpointOf(config.url, config.url.startsWith('https:') ? 443 : 9090),
    async read(signal) {
      const token = resolveSecret(ctx, config.bearerSecret);
      const base = parseUrl(config.url);
      // Relative to the base, so a Prometheus behind a path prefix (/prometheus/) works.
      if (!base.pathname.endsWith('/')) base.pathname += '/';
      const url = new URL('api/v1/query', base);
      url.searchParams.set('query', config.query);
      const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
      // A bad query comes back as 400 or 422 with its reason in the body.
      const { body } = await getJson(url, headers, signal, (s) => (s >= 200 && s < 300) || s === 400 || s === 422);
      return valueOf(body as QueryReply);
    },
  });
