import { sourceSecretNames, type SourceConfig } from '@shared/metrics';
import { timedOut, toSourceError } from './errors';
import { SourceError, type Source, type SourceContext } from './source';

/** No read outlives this, whatever signal it was given: a series' timeout is at most 120 s. */
const MAX_READ_MS = 120_000;

export type ReaderSpec = {
  /** "host:port", named by network errors. */
  target: string;
  /** One read; it may throw anything, `reader` turns it into a `SourceError`. */
  read: (signal: AbortSignal) => Promise<number>;
  /** Kind-specific wording for an error ("authentication failed"), or undefined. */
  explain?: (err: unknown) => string | undefined;
  /** Forget the connection: called when a read is abandoned, since the connection may be stuck. */
  abandon?: () => unknown;
  close?: () => Promise<unknown>;
};

/** The value of a secret the config names, or a sentence saying the hub lacks it. */
export function resolveSecret(ctx: SourceContext, name: string): string;
export function resolveSecret(ctx: SourceContext, name: string | undefined): string | undefined;
export function resolveSecret(ctx: SourceContext, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const value = ctx.secret(name);
  if (value === undefined) throw new SourceError(`secret "${name}" is not set on this hub`);
  return value;
}

/**
 * The common shell of every polled source: a read that honours its signal even when the
 * library under it does not, and fails only with a scrubbed `SourceError`.
 */
export function reader(config: SourceConfig, ctx: SourceContext, spec: ReaderSpec): Source {
  let closed = false;
  const secrets = () => sourceSecretNames(config).flatMap((n) => ctx.secret(n) ?? []);
  return {
    async read(outer) {
      if (closed) throw new SourceError('the source is closed');
      const started = Date.now();
      const signal = AbortSignal.any([outer, AbortSignal.timeout(MAX_READ_MS)]);
      let onAbort = (): void => undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason instanceof SourceError ? signal.reason : timedOut(Date.now() - started));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        const running = spec.read(signal);
        // Once abandoned, the read may still fail later, with nobody left to listen.
        running.catch(() => undefined);
        return await Promise.race([running, aborted]);
      } catch (err) {
        if (!signal.aborted) throw toSourceError(err, spec.target, secrets(), spec.explain);
        spec.abandon?.();
        throw toSourceError(signal.reason instanceof SourceError ? signal.reason : timedOut(Date.now() - started), spec.target, secrets());
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      closed = true;
      try {
        await spec.close?.();
      } catch {
        // Closing is best effort: the connection may already be gone.
      }
    },
  };
}
