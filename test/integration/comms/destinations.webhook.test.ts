import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError, type OutboundMessage } from '../../../electron/hub/comms/destinations/types';
import { verifyWebhookSignature, WebhookDestination } from '../../../electron/hub/comms/destinations/webhook';

const SECRET = 'whsec-fake-test-000';
type Received = { headers: IncomingHttpHeaders; body: string };
type Reply = { status: number; headers?: Record<string, string> } | 'hang';

/** A customer's receiver on loopback: records what arrives and answers as told. */
async function startReceiver(reply: () => Reply = () => ({ status: 204 })) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const r = reply();
      if (r === 'hang') return;
      res.writeHead(r.status, r.headers ?? {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/warroom?token=url-secret-111`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url, received, close };
}

let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => receiver?.close());

const msg: OutboundMessage = {
  outboxId: 'ob-hook-1',
  cutoverId: 'cut-1',
  cutoverTitle: 'Database cutover',
  text: '*Switch database* started',
  bannerText: 'Maintenance in progress',
  state: 'in_progress',
  blocks: [{ type: 'divider' }],
};
async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  for (const secret of [SECRET, 'url-secret-111']) expect((err as DeliveryError).message).not.toContain(secret);
  return err as DeliveryError;
}
const verify = (r: Received, now = Date.now(), body = r.body) =>
  verifyWebhookSignature(SECRET, String(r.headers['x-warroom-timestamp']), body, String(r.headers['x-warroom-signature']), now);

describe('WebhookDestination', () => {
  it('posts a signed JSON message that the receiver can verify', async () => {
    receiver = await startReceiver(() => ({ status: 200, headers: { 'x-request-id': 'rcv-42' } }));
    const delivered = await new WebhookDestination({ url: receiver.url, secret: SECRET }).deliver(msg);
    expect(delivered).toEqual({ providerId: 'rcv-42' });
    const [r] = receiver.received;
    expect(r!.headers['content-type']).toBe('application/json');
    expect(r!.headers['idempotency-key']).toBe('ob-hook-1');
    expect(r!.headers['x-warroom-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(JSON.parse(r!.body)).toEqual({
      outboxId: 'ob-hook-1',
      cutoverId: 'cut-1',
      cutoverTitle: 'Database cutover',
      text: '*Switch database* started',
      bannerText: 'Maintenance in progress',
      state: 'in_progress',
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(r!.body).not.toContain(SECRET);
    expect(verify(r!)).toBe(true);
  });

  it('fails verification for a tampered body, a wrong secret or an old timestamp', async () => {
    receiver = await startReceiver();
    const delivered = await new WebhookDestination({ url: receiver.url, secret: SECRET }).deliver(msg);
    expect(delivered.providerId).toBe('ob-hook-1'); // no x-request-id: the outbox id stands in
    const [r] = receiver.received;
    expect(verify(r!, Date.now(), r!.body.replace('in_progress', 'completed'))).toBe(false);
    expect(
      verifyWebhookSignature('another-secret', String(r!.headers['x-warroom-timestamp']), r!.body, String(r!.headers['x-warroom-signature']), Date.now()),
    ).toBe(false);
    expect(verify(r!, Date.now() + 301_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(r!.headers['x-warroom-timestamp']), r!.body, undefined, Date.now())).toBe(false);
    // Rotating secrets: a header with an old and a new signature still verifies.
    const both = `v1=${'0'.repeat(64)},${String(r!.headers['x-warroom-signature'])}`;
    expect(verifyWebhookSignature(SECRET, String(r!.headers['x-warroom-timestamp']), r!.body, both, Date.now())).toBe(true);

    await new WebhookDestination({ url: receiver.url, secret: SECRET, now: () => Date.now() - 400_000 }).deliver(msg);
    expect(verify(receiver.received[1]!)).toBe(false); // signed 400 s ago: a replay
  });

  it('retries a 5xx, a 429 (with Retry-After) and a timeout; gives up on a 400', async () => {
    const replies: Reply[] = [{ status: 500 }, { status: 429, headers: { 'retry-after': '3' } }, { status: 400 }, 'hang'];
    receiver = await startReceiver(() => replies.shift() ?? { status: 204 });
    const d = new WebhookDestination({ url: receiver.url, secret: SECRET, timeoutMs: 300 });
    expect(await failure(d.deliver(msg))).toMatchObject({
      retryable: true,
      message: `The webhook at ${new URL(receiver.url).host} failed (HTTP 500): will retry.`,
    });
    expect(await failure(d.deliver(msg))).toMatchObject({ retryable: true, retryAfterMs: 3000 });
    expect(await failure(d.deliver(msg))).toMatchObject({ retryable: false });
    expect(await failure(d.deliver(msg))).toMatchObject({ retryable: true, message: expect.stringMatching(/did not answer in time/) });
    // Every attempt carried the same idempotency key, so the receiver can drop repeats.
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['ob-hook-1']));
  });

  it('calls a refused connection retryable and a redirect not', async () => {
    receiver = await startReceiver(() => ({ status: 301, headers: { location: 'http://127.0.0.1:1/elsewhere' } }));
    expect(await failure(new WebhookDestination({ url: receiver.url, secret: SECRET }).deliver(msg))).toMatchObject({ retryable: false });
    const url = receiver.url;
    await receiver.close();
    receiver = undefined;
    const err = await failure(new WebhookDestination({ url, secret: SECRET }).deliver(msg));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/^Could not reach the webhook at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(() => new WebhookDestination({ url: 'not a url', secret: SECRET })).toThrow(DeliveryError);
  });
});
