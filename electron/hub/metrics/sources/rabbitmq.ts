import amqp from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { endpointOf, messageOf } from './errors';
import { Held } from './held';
import { reader, resolveSecret } from './reader';
import { SourceError, type SourceFactory } from './source';

/** AMQP's reply code when a passive declare names no queue; the server then closes the channel. */
const NOT_FOUND = 404;

function explain(err: unknown): string | undefined {
  const message = messageOf(err);
  if (/ACCESS[-_]REFUSED|\b403\b/.test(message)) return 'authentication failed';
  // amqplib reports a refused vhost as the frame it did not expect, without the server's reason.
  if (/NOT[-_]ALLOWED|\b530\b|Expected ConnectionOpenOk; got <ConnectionClose/.test(message))
    return "the server refused to open the connection: check the virtual host and the user's access to it";
  return undefined;
}

export const rabbitmqSource: SourceFactory<'rabbitmq'> = (config, ctx) => {
  const target = endpointOf(config.url, config.url.startsWith('amqps:') ? 5671 : 5672);
  const connections: Held<ChannelModel> = new Held(
    async () => {
      const password = resolveSecret(ctx, config.passwordSecret);
      const user = decodeURIComponent(new URL(config.url).username) || 'guest';
      // Credentials given apart from the URL, so the secret never becomes part of one.
      const credentials = password === undefined ? undefined : amqp.credentials.plain(user, password);
      const conn = await amqp.connect(config.url, { timeout: 30_000, ...(credentials ? { credentials } : {}) });
      // Unheard, an 'error' event would crash the hub; 'close' follows it and we reconnect next read.
      conn.on('error', () => undefined);
      conn.on('close', () => {
        void channels.drop();
        void connections.drop(conn);
      });
      return conn;
    },
    (conn) => conn.close(),
  );
  const channels: Held<Channel> = new Held(
    async () => {
      const channel = await (await connections.get()).createChannel();
      channel.on('error', () => undefined);
      channel.on('close', () => void channels.drop(channel));
      return channel;
    },
    (channel) => channel.close(),
  );
  return reader(config, ctx, {
    target,
    explain,
    async read() {
      const channel = await channels.get();
      try {
        const queue = await channel.checkQueue(config.queue);
        return config.measure === 'consumers' ? queue.consumerCount : queue.messageCount;
      } catch (err) {
        // Any failed operation closes an AMQP channel: open a new one next time.
        void channels.drop(channel);
        if ((err as { code?: unknown }).code === NOT_FOUND) throw new SourceError(`queue "${config.queue}" does not exist`);
        throw err;
      }
    },
    abandon: () => Promise.all([channels.drop(), connections.drop()]),
    close: async () => {
      await channels.drop();
      await connections.drop();
    },
  });
};
