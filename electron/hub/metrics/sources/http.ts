import { requireNumber } from './coerce';
import { endpointOf, parseUrl } from './errors';
import { getJson } from './httpJson';
import { resolvePointer } from './pointer';
import { reader, resolveSecret } from './reader';
import { SourceError, type SourceFactory } from './source';

/** Any endpoint answering JSON: the number at `pointer` (RFC 6901) is the reading. */
export const httpSource: SourceFactory<'http'> = (config, ctx) =>
  reader(config, ctx, {
    target: endpointOf(config.url, config.url.startsWith('https:') ? 443 : 80),
    async read(signal) {
      const headers: Record<string, string> = { ...config.headers };
      for (const [header, secret] of Object.entries(config.headerSecrets)) headers[header] = resolveSecret(ctx, secret);
      const { body } = await getJson(parseUrl(config.url), headers, signal);
      const found = resolvePointer(body, config.pointer);
      if (!found.found) throw new SourceError(`the answer has nothing at "${found.at}"`);
      return requireNumber(found.value, config.pointer === '' ? 'the answer' : `the value at "${config.pointer}"`);
    },
  });
