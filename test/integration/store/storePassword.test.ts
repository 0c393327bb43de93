import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { live, startTestHub, type TestHub } from '../../support/hubHarness';
import { freshSchema } from './pgSchema';

/*
 * The shared store's password may come from WARROOM_SECRET_STORE_PASSWORD (docs/deploy.md):
 * the prefix the nights' own secrets use from the hub's environment. Every night's vault read
 * it as the secret "store.password", so the lead of any night could name it in a lag source's
 * header and have the hub send the database password to a URL of their choosing.
 */

let h: TestHub | null = null;
let drop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
  await drop?.();
  drop = null;
  delete process.env.WARROOM_SECRET_STORE_PASSWORD;
});

describe('the store’s password', () => {
  it('is the hub’s own: no night reads it as a secret, sends it anywhere, or is told it is set', async () => {
    const password = 'db-password-of-the-hub-9f3c1';
    process.env.WARROOM_SECRET_STORE_PASSWORD = password;
    const db = freshSchema('wr_storepw');
    drop = db.drop;
    h = await startTestHub({ store: db.url });
    const seen: IncomingHttpHeaders[] = [];
    const sink = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"v":1}');
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    try {
      const lead = h.client('lead');
      await live(lead);
      // "Test connection" for an HTTP source whose header is to carry that secret.
      const answer = await lead.probe({
        kind: 'http',
        url: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/lag`,
        pointer: '/v',
        headerSecrets: { 'x-token': 'store.password' },
      });
      expect(answer).toEqual({ ok: false, error: 'secret "store.password" is not set on this hub' });
      expect(seen).toEqual([]);
      // Nor is its name among the hub's environment secrets the set-up forms are told of.
      expect(lead.envSecrets).not.toContain('WARROOM_SECRET_STORE_PASSWORD');
    } finally {
      sink.close();
    }
  });
});
