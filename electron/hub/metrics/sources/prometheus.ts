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

/** The value of an instant query's answer: a scalar's, or the first series' of a vector. */
function valueOf(reply: QueryReply): number {
  if (reply.status !== 'success') throw new SourceError(`Prometheus rejected the query: ${reply.error ?? 'no reason given'}`);
  const { resultType, result } = reply.data ?? {};
  // A sample is [unix time, "value as text"].
  let sample: unknown;
  if (resultType === 'scalar') sample = result;
  else if (resultType === 'vector') {
    if (!Array.isArray(result) || result.length === 0) throw new SourceError('the query returned no series');
    sample = (result[0] as { value?: unknown }).value;
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
