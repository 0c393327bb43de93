import { createClient } from 'redis';
import { endpointOf, messageOf } from './errors';
import { Held } from './held';
import { reader, resolveSecret } from './reader';
import { SourceError, type SourceFactory } from './source';

type Client = ReturnType<typeof createClient>;

const COMMAND = { list: 'LLEN', stream: 'XLEN', pending: 'XPENDING' } as const;
const NOUN = { list: 'a list', stream: 'a stream', pending: 'a stream' } as const;

/**
 * The URL's user and the secret password as options: node-redis lets credentials found in a
 * URL replace the options' ones, so the URL must not carry any when a secret supplies them.
 */
function withoutUserInfo(url: string, password: string): { url: string; username?: string; password: string } {
  const u = new URL(url);
  const username = decodeURIComponent(u.username);
  u.username = '';
  u.password = '';
  return { url: u.toString(), password, ...(username ? { username } : {}) };
}

function explain(err: unknown): string | undefined {
  const message = messageOf(err);
  if (/^(WRONGPASS|NOAUTH)\b/.test(message)) return 'authentication failed';
  if (/^ERR AUTH.*without any password configured/.test(message)) return 'the server has no password, but the series names a passwordSecret';
  return undefined;
}

export const redisSource: SourceFactory<'redis'> = (config, ctx) => {
  const target = endpointOf(config.url, 6379);
  const held: Held<Client> = new Held(
    async () => {
      const password = resolveSecret(ctx, config.passwordSecret);
      const client: Client = createClient({
        ...(password === undefined ? { url: config.url } : withoutUserInfo(config.url, password)),
        // We reconnect ourselves on the next read; the client's own retry loop would hide a
        // dead server behind commands that queue forever.
        socket: { connectTimeout: 30_000, reconnectStrategy: false },
        disableOfflineQueue: true,
      });
      // Unheard, an 'error' event would crash the hub.
      client.on('error', () => void held.drop(client));
      client.on('end', () => void held.drop(client));
      await client.connect();
      return client;
    },
    (client) => client.close(),
  );

  async function wrongType(client: Client): Promise<never> {
    const type = await client.sendCommand<string>(['TYPE', config.key]).catch(() => undefined);
    throw new SourceError(`key "${config.key}" holds ${type ? `a ${type}` : 'another type'}, not ${NOUN[config.measure]}`);
  }

  return reader(config, ctx, {
    target,
    explain,
    async read() {
      if (config.measure === 'pending' && !config.group) throw new SourceError('measuring "pending" needs the consumer group');
      const client = await held.get();
      const args = config.measure === 'pending' ? [COMMAND.pending, config.key, config.group ?? ''] : [COMMAND[config.measure], config.key];
      let reply: unknown;
      try {
        // A missing key answers 0 to LLEN and XLEN, as Redis means it: an empty queue.
        reply = await client.sendCommand(args);
      } catch (err) {
        const message = messageOf(err);
        if (message.startsWith('WRONGTYPE')) return wrongType(client);
        if (message.startsWith('NOGROUP')) throw new SourceError(`stream "${config.key}" or its consumer group "${config.group ?? ''}" does not exist`);
        // A server's error reply ("ERR …") leaves the connection fine; anything else (closed, reset) does not.
        if (!/^[A-Z]+ /.test(message)) void held.drop(client);
        throw err;
      }
      const count = Array.isArray(reply) ? reply[0] : reply;
      if (typeof count !== 'number') throw new SourceError(`${args[0]} answered something other than a number`);
      return count;
    },
    abandon: () => held.drop(),
    close: () => held.drop(),
  });
};
