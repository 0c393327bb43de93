import { AckPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, testSource, type Source } from '../../../electron/hub/metrics/sources';
import { freePort, requireService, secrets, SECRET_VALUE, sourceConfig, unique, within } from '../../support/services';

const enabled = await requireService('NATS', '127.0.0.1', 4222);
const URL = 'nats://127.0.0.1:4222';

describe.skipIf(!enabled)('the nats source, against a real NATS JetStream', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let js: JetStreamClient;
  const stream = unique('LAG');
  const subject = `${stream}.orders`;
  const opened: Source[] = [];
  const source = (extra: Record<string, unknown>) => {
    const s = createSource(sourceConfig({ kind: 'nats', url: URL, stream, consumer: 'workers', ...extra }), secrets());
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    nc = await connect({ servers: URL });
    jsm = await jetstreamManager(nc);
    js = jetstream(nc);
    await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
    await jsm.consumers.add(stream, { durable_name: 'workers', ack_policy: AckPolicy.Explicit });
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  });

  it("reads a durable consumer's pending count: not delivered plus delivered and not acknowledged", async () => {
    const s = source({});
    expect(await s.read(within())).toBe(0);
    for (let i = 0; i < 9; i++) await js.publish(subject, `order ${i}`);
    expect(await s.read(within())).toBe(9);
    // Fetched but not acknowledged: still owed, so still counted.
    const consumer = await js.consumers.get(stream, 'workers');
    const batch = await consumer.fetch({ max_messages: 4, expires: 2_000 });
    const got = [];
    for await (const m of batch) {
      got.push(m);
      if (got.length === 4) break;
    }
    expect(got).toHaveLength(4);
    expect(await s.read(within())).toBe(9);
    for (const m of got) await m.ackAck();
    expect(await s.read(within())).toBe(5);
  });

  it('a missing stream or consumer is a clear error', async () => {
    await expect(source({ consumer: 'nobody' }).read(within())).rejects.toThrow(`consumer "nobody" does not exist on stream "${stream}"`);
    const none = unique('NOSTREAM');
    await expect(source({ stream: none }).read(within())).rejects.toThrow(`stream "${none}" does not exist`);
  });

  it('a wrong port is "connection refused"; a missing token secret is named; a token is never repeated', async () => {
    const port = await freePort();
    const refused = await testSource(
      sourceConfig({ kind: 'nats', url: `nats://127.0.0.1:${port}`, stream, consumer: 'workers', tokenSecret: 'nats-token' }),
      secrets({ 'nats-token': SECRET_VALUE }),
      5_000,
    );
    expect(refused).toEqual({ ok: false, error: `connection refused (127.0.0.1:${port})` });
    const missing = await testSource(sourceConfig({ kind: 'nats', url: URL, stream, consumer: 'workers', tokenSecret: 'nats-token' }), secrets(), 5_000);
    expect(missing).toEqual({ ok: false, error: 'secret "nats-token" is not set on this hub' });
  });
});
