import type { SourceConfig } from '../../../../shared/metrics';
import { cloudwatchSource } from './cloudwatch';
import { messageOf } from './errors';
import { httpSource } from './http';
import { mysqlSource } from './mysql';
import { natsSource } from './nats';
import { postgresSource } from './postgres';
import { prometheusSource } from './prometheus';
import { rabbitmqSource } from './rabbitmq';
import { redisSource } from './redis';
import { SourceError, type Source, type SourceContext } from './source';

export { SourceError, type Source, type SourceContext, type SourceFactory } from './source';
export { redactUrl } from './errors';

/** A live source for a polled series. Push and simulated series have no source to poll. */
export function createSource(config: SourceConfig, ctx: SourceContext): Source {
  switch (config.kind) {
    case 'prometheus':
      return prometheusSource(config, ctx);
    case 'postgres':
      return postgresSource(config, ctx);
    case 'mysql':
      return mysqlSource(config, ctx);
    case 'rabbitmq':
      return rabbitmqSource(config, ctx);
    case 'redis':
      return redisSource(config, ctx);
    case 'nats':
      return natsSource(config, ctx);
    case 'cloudwatch':
      return cloudwatchSource(config, ctx);
    case 'http':
      return httpSource(config, ctx);
    case 'push':
    case 'simulated':
      throw new Error(`a "${config.kind}" series is not polled: the hub takes its samples elsewhere`);
  }
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
