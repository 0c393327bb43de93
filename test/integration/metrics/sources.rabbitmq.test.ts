import amqp from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, testSource, type Source } from '../../../electron/hub/metrics/sources';
import {
  eventually,
  freePort,
  requireService,
  secrets,
  SECRET_VALUE,
  sourceConfig,
  unique,
  within,
  sourceConfigWithPasswordInUrl,
} from '../../support/services';

const enabled = await requireService('RabbitMQ', '127.0.0.1', 5672);
const URL = 'amqp://guest@127.0.0.1:5672';
const ctx = secrets({ 'rabbit-pass': 'guest' });

describe.skipIf(!enabled)('the rabbitmq source, against a real RabbitMQ', () => {
  let conn: ChannelModel;
  let ch: Channel;
  const queues: string[] = [];
  const opened: Source[] = [];
  const source = (queue: string, extra: Record<string, unknown> = {}) => {
    const s = createSource(sourceConfig({ kind: 'rabbitmq', url: URL, queue, passwordSecret: 'rabbit-pass', ...extra }), ctx);
    opened.push(s);
    return s;
  };
  const newQueue = async () => {
    const q = unique('lag.queue');
    queues.push(q);
    await ch.assertQueue(q, { durable: false });
    return q;
  };

  beforeAll(async () => {
    conn = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
    ch = await conn.createChannel();
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    for (const q of queues) await ch.deleteQueue(q);
    await conn.close();
  });

  it('reads the queue depth, and follows it as messages arrive and are consumed', async () => {
    const q = await newQueue();
    const s = source(q);
    expect(await s.read(within())).toBe(0);
    for (let i = 0; i < 6; i++) ch.sendToQueue(q, Buffer.from(`m${i}`));
    expect(
      await eventually(
        () => s.read(within()),
        (v) => v === 6,
      ),
    ).toBe(6);
    await ch.get(q, { noAck: true });
    await ch.get(q, { noAck: true });
    expect(
      await eventually(
        () => s.read(within()),
        (v) => v === 4,
      ),
    ).toBe(4);
  });

  it('reads the consumer count', async () => {
    const q = await newQueue();
    const s = source(q, { measure: 'consumers' });
    expect(await s.read(within())).toBe(0);
    const a = await ch.consume(q, () => undefined);
    const b = await ch.consume(q, () => undefined);
    expect(
      await eventually(
        () => s.read(within()),
        (v) => v === 2,
      ),
    ).toBe(2);
    await ch.cancel(a.consumerTag);
    await ch.cancel(b.consumerTag);
  });

  it('a missing queue is a clear error, and the same source reads it once it exists (the channel reopens)', async () => {
    const q = unique('lag.later');
    const s = source(q);
    await expect(s.read(within())).rejects.toThrow(`queue "${q}" does not exist`);
    await expect(s.read(within())).rejects.toThrow(`queue "${q}" does not exist`);
    queues.push(q);
    await ch.assertQueue(q, { durable: false });
    ch.sendToQueue(q, Buffer.from('x'));
    expect(
      await eventually(
        () => s.read(within()),
        (v) => v === 1,
      ),
    ).toBe(1);
  });

  it('a wrong password is "authentication failed", a wrong port "connection refused", never with the secret', async () => {
    const q = await newQueue();
    const denied = await testSource(sourceConfig({ kind: 'rabbitmq', url: URL, queue: q, passwordSecret: 'p' }), secrets({ p: SECRET_VALUE }), 8_000);
    expect(denied).toEqual({ ok: false, error: 'authentication failed' });
    const port = await freePort();
    const refused = await testSource(
      sourceConfigWithPasswordInUrl({ kind: 'rabbitmq', url: `amqp://guest:${SECRET_VALUE}@127.0.0.1:${port}`, queue: q }),
      secrets(),
      5_000,
    );
    expect(refused).toEqual({ ok: false, error: `connection refused (127.0.0.1:${port})` });
    const missing = await testSource(sourceConfig({ kind: 'rabbitmq', url: URL, queue: q, passwordSecret: 'rabbit-pass' }), secrets(), 5_000);
    expect(missing).toEqual({ ok: false, error: 'secret "rabbit-pass" is not set on this hub' });
  });
});
