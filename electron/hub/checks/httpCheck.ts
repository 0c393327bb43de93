import type { CheckSpec } from '@shared/checks';
import { requireNumber } from '../metrics/sources/coerce';
import { endpointOf, parseUrl, redactUrl } from '../metrics/sources/errors';
import { resolvePointer } from '../metrics/sources/pointer';
import { reader, resolveSecret } from '../metrics/sources/reader';
import { SourceError, type SourceContext } from '../metrics/sources/source';

type HttpSpec = Extract<CheckSpec, { kind: 'http' }>;

/** What an HTTP check read: the status, and the number at the pointer when it compares one. */
export type HttpReading = { status: number; value: number | null };

const MAX_BODY = 1024 * 1024;

/**
 * A health endpoint as a check reads it: any status is an answer (the check says whether it
 * is the one expected), and the JSON body is read only when a value is compared. Errors go
 * through the lag sources' reader, so they are sentences without credentials.
 */
export function httpCheck(spec: HttpSpec, ctx: SourceContext) {
  let reading: HttpReading = { status: 0, value: null };
  const source = reader(spec.source, ctx, {
    target: endpointOf(spec.source.url, spec.source.url.startsWith('https:') ? 443 : 80),
    async read(signal) {
      const headers: Record<string, string> = { ...spec.source.headers };
      for (const [header, secret] of Object.entries(spec.source.headerSecrets)) headers[header] = resolveSecret(ctx, secret);
      const url = parseUrl(spec.source.url);
      if (url.username || url.password) throw new SourceError(`a check's URL carries no user (${redactUrl(url.toString())}); use a header secret`);
      const res = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal, redirect: 'manual' });
      if (spec.compare === null) {
        await res.body?.cancel().catch(() => undefined);
        reading = { status: res.status, value: null };
        return res.status;
      }
      const text = await res.text();
      if (text.length > MAX_BODY) throw new SourceError('the answer is larger than 1 MB');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new SourceError(`the answer is not JSON (HTTP ${res.status})`);
      }
      const found = resolvePointer(body, spec.source.pointer);
      if (!found.found) throw new SourceError(`the answer has nothing at "${found.at}" (HTTP ${res.status})`);
      reading = { status: res.status, value: requireNumber(found.value, spec.source.pointer === '' ? 'the answer' : `the value at "${spec.source.pointer}"`) };
      return reading.value ?? res.status;
    },
  });
  return {
    async read(signal: AbortSignal): Promise<HttpReading> {
      await source.read(signal);
      return reading;
    },
    close: () => source.close(),
  };
}
