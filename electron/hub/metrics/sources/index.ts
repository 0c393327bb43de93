import type { SourceConfig } from '@shared/metrics';
import { messageOf, timedOut } from './errors';
import { SourceError, type Source, type SourceContext } from './source';

export { SourceError, type Source, type SourceContext, type SourceFactory } from './source';
export { redactUrl } from './errors';

type PolledConfig = Exclude<SourceConfig, { kind: 'push' | 'simulated' }>;

/**
 * The kind's module, loaded the first time a series of that kind is read: its client library
 * (the AWS SDK, node-redis, pg, mysql2, amqplib, NATS) costs 3 to 20 MB of memory and start-up
 * time, and most nights use one or two kinds. Dynamic imports, so the Electron bundle splits
 * them into chunks of their own (scripts/build-electron.mjs).
 */
async function load(config: PolledConfig, ctx: SourceContext): Promise<Source> {
  switch (config.kind) {
    case 'prometheus':
      return (await import('./prometheus')).prometheusSource(config, ctx);
    case 'postgres':
      return (await import('./postgres')).postgresSource(config, ctx);
    case 'mysql':
      return (await import('./mysql')).mysqlSource(config, ctx);
    case 'rabbitmq':
      return (await import('./rabbitmq')).rabbitmqSource(config, ctx);
    case 'redis':
      return (await import('./redis')).redisSource(config, ctx);
    case 'nats':
      return (await import('./nats')).natsSource(config, ctx);
    case 'cloudwatch':
      return (await import('./cloudwatch')).cloudwatchSource(config, ctx);
    case 'http':
      return (await import('./http')).httpSource(config, ctx);
  }
}

/** `p`, or the signal's reason as soon as it aborts (`p` goes on, for whoever asks next). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A live source for a polled series, made on its first read. A source that cannot be made
 * (its module would not load, or its kind refuses the config) fails that read with a sentence
 * and the next read tries again. Secrets are looked up at each read, so one stored after the
 * series was defined is used from then on. Push and simulated series have no source to poll.
 */
export function createSource(config: SourceConfig, ctx: SourceContext): Source {
  if (config.kind === 'push' || config.kind === 'simulated') throw new Error(`a "${config.kind}" series is not polled: the hub takes its samples elsewhere`);
  let source: Promise<Source> | null = null;
  let closed = false;
  return {
    async read(outer) {
      if (closed) throw new SourceError('the source is closed');
      // The first read also loads the kind's module: a timeout counts from here and says so
      // (the reader under it takes a SourceError reason as its own).
      const started = Date.now();
      const timed = new AbortController();
      const onAbort = () => timed.abort(outer.reason instanceof SourceError ? outer.reason : timedOut(Date.now() - started));
      if (outer.aborted) onAbort();
      else outer.addEventListener('abort', onAbort, { once: true });
      try {
        source ??= load(config, ctx).catch((e: unknown) => {
          source = null;
          throw e instanceof SourceError ? e : new SourceError(messageOf(e));
        });
        const live = await untilAborted(source, timed.signal);
        return await live.read(timed.signal);
      } finally {
        outer.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      closed = true;
      const pending = source;
      source = null;
      await (await pending?.catch(() => null))?.close();
    },
  };
}

export type TestResult = { ok: true; value: number } | { ok: false; error: string };

/** "Test connection": one read of a source that may not be saved yet, then close it. */
export async function testSource(config: SourceConfig, ctx: SourceContext, timeoutMs: number): Promise<TestResult> {
  let source: Source;
  try {
    source = createSource(config, ctx);
  } catch (e) {
    return { ok: false, error: messageOf(e) };
  }
  try {
    return { ok: true, value: await source.read(AbortSignal.timeout(timeoutMs)) };
  } catch (e) {
    return { ok: false, error: e instanceof SourceError ? e.message : 'the read failed' };
  } finally {
    await source.close();
  }
}
