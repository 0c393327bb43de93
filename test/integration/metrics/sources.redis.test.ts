import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, testSource, type Source } from '../../../electron/hub/metrics/sources';
import { freePort, requireService, secrets, SECRET_VALUE, sourceConfig, unique, within, sourceConfigWithPasswordInUrl } from '../../support/services';

const enabled = await requireService('Redis', '127.0.0.1', 6379);
const URL = 'redis://127.0.0.1:6379';

describe.skipIf(!enabled)('the redis source, against a real Redis', () => {
  const admin = createClient({ url: URL });
  const keys: string[] = [];
  const opened: Source[] = [];
  const key = (prefix: string) => {
    const k = unique(prefix);
    keys.push(k);
    return k;
  };
  const source = (extra: Record<string, unknown>) => {
    const s = createSource(sourceConfig({ kind: 'redis', url: URL, key: 'unset', ...extra }), secrets());
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    if (keys.length) await admin.del(keys);
    await admin.close();
  });

  it('reads a list length (LLEN), a missing list being 0', async () => {
    const k = key('lag:list');
    const s = source({ key: k });
    expect(await s.read(within())).toBe(0);
    await admin.rPush(k, ['a', 'b', 'c']);
    expect(await s.read(within())).toBe(3);
    await admin.lPop(k);
    expect(await s.read(within())).toBe(2);
  });

  it('reads a stream length (XLEN)', async () => {
    const k = key('lag:stream');
    const s = source({ key: k, measure: 'stream' });
    expect(await s.read(within())).toBe(0);
    for (let i = 0; i < 5; i++) await admin.xAdd(k, '*', { n: String(i) });
    expect(await s.read(within())).toBe(5);
  });

  it("reads a consumer group's pending count (XPENDING): read but not acknowledged", async () => {
    const k = key('lag:pending');
    await admin.xGroupCreate(k, 'workers', '$', { MKSTREAM: true });
    for (let i = 0; i < 8; i++) await admin.xAdd(k, '*', { n: String(i) });
    const s = source({ key: k, measure: 'pending', group: 'workers' });
    expect(await s.read(within())).toBe(0);
    const got = await admin.xReadGroup('workers', 'w1', { key: k, id: '>' }, { COUNT: 5 });
    expect(got).not.toBeNull();
    expect(await s.read(within())).toBe(5);
    await expect(source({ key: k, measure: 'pending', group: 'nobody' }).read(within())).rejects.toThrow(
      `stream "${k}" or its consumer group "nobody" does not exist`,
    );
    await expect(source({ key: k, measure: 'pending' }).read(within())).rejects.toThrow('measuring "pending" needs the consumer group');
  });

  it('a key of the wrong type is an error naming what it holds', async () => {
    const k = key('lag:string');
    await admin.set(k, 'hello');
    await expect(source({ key: k }).read(within())).rejects.toThrow(`key "${k}" holds a string, not a list`);
    await expect(source({ key: k, measure: 'stream' }).read(within())).rejects.toThrow(`key "${k}" holds a string, not a stream`);
  });

  it('a wrong port is "connection refused"; a secret is named when missing and never repeated', async () => {
    const port = await freePort();
    const refused = await testSource(
      sourceConfigWithPasswordInUrl({ kind: 'redis', url: `redis://:${SECRET_VALUE}@127.0.0.1:${port}`, key: 'k' }),
      secrets(),
      5_000,
    );
    expect(refused).toEqual({ ok: false, error: `connection refused (127.0.0.1:${port})` });
    const missing = await testSource(sourceConfig({ kind: 'redis', url: URL, key: 'k', passwordSecret: 'redis-pass' }), secrets(), 5_000);
    expect(missing).toEqual({ ok: false, error: 'secret "redis-pass" is not set on this hub' });
    // No such ACL user: AUTH with the secret is refused, and the sentence does not repeat it.
    const denied = await testSource(
      sourceConfig({ kind: 'redis', url: 'redis://nobody@127.0.0.1:6379', key: 'k', passwordSecret: 'redis-pass' }),
      secrets({ 'redis-pass': SECRET_VALUE }),
      5_000,
    );
    expect(denied).toEqual({ ok: false, error: 'authentication failed' });
  });
});
