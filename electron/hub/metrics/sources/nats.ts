import { connect } from '@nats-io/transport-node';
import { jetstreamManager, JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { endpointOf, messageOf } from './errors';
import { Held } from './held';
import { reader, resolveSecret } from './reader';
import { SourceError, type SourceFactory } from './source';

type Session = { nc: NatsConnection; jsm: JetStreamManager };

function explain(err: unknown): string | undefined {
  const name = err instanceof Error ? err.name : '';
  const message = messageOf(err);
  if (name === 'AuthorizationError' || /authorization violation|authentication/i.test(message)) return 'authentication failed';
  if (/jetstream not enabled/i.test(message)) return 'JetStream is not enabled on this server';
  return undefined;
}

export const natsSource: SourceFactory<'nats'> = (config, ctx) => {
  const target = endpointOf(config.url, 4222);
  const held: Held<Session> = new Held(
    async () => {
      const token = resolveSecret(ctx, config.tokenSecret);
      // No reconnect loop inside the client: a lost server fails the read, and the next read
      // connects afresh, so the crew sees the outage instead of a read that waits.
      const nc = await connect({ servers: config.url, timeout: 30_000, reconnect: false, name: 'warroom-hub', ...(token === undefined ? {} : { token }) });
      const session: Session = {
        nc,
        jsm: await jetstreamManager(nc, { timeout: 30_000 }).catch(async (e: unknown) => {
          await nc.close();
          throw e;
        }),
      };
      void nc.closed().then(() => held.drop(session));
      return session;
    },
    ({ nc }) => nc.close(),
  );
  return reader(config, ctx, {
    target,
    explain,
    async read() {
      const { jsm } = await held.get();
      try {
        const info = await jsm.consumers.info(config.stream, config.consumer);
        // Not yet delivered plus delivered but not yet acknowledged: the work still owed.
        return info.num_pending + info.num_ack_pending;
      } catch (err) {
        if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)
          throw new SourceError(`stream "${config.stream}" does not exist`);
        if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)
          throw new SourceError(`consumer "${config.consumer}" does not exist on stream "${config.stream}"`);
        throw err;
      }
    },
    abandon: () => held.drop(),
    close: () => held.drop(),
  });
};
