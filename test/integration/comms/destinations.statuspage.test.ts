import { afterEach, describe, expect, it } from 'vitest';
import { TokenBucket, type Clock } from '../../../electron/hub/comms/destinations/rateLimiter';
import { StatuspageDestination, type StatuspageOptions } from '../../../electron/hub/comms/destinations/statuspage';
import { DeliveryError, type OutboundMessage } from '../../../electron/hub/comms/destinations/types';
import { startFakeStatuspage, type FakeStatuspage, type FakeStatuspageOptions } from '../../support/fakeStatuspage';

const KEY = 'sp-fake-test-key-000';
const WINDOW = { scheduledFor: Date.UTC(2026, 3, 29, 18, 0), scheduledUntil: Date.UTC(2026, 3, 29, 20, 0) };
let sp: FakeStatuspage | undefined;
afterEach(async () => sp?.close());

// The fake refuses requests closer than 150 ms apart; the client spaces them 200 ms apart,
// the same shape as Statuspage's 1 request a second, scaled down so the tests stay quick.
async function start(opts: FakeStatuspageOptions = {}) {
  sp = await startFakeStatuspage({ apiKey: KEY, pageId: 'pg0fake0001', minIntervalMs: 150, ...opts });
  return sp;
}
const dest = (fake: FakeStatuspage, extra: Partial<StatuspageOptions> = {}) =>
  new StatuspageDestination({
    apiKey: KEY,
    pageId: fake.pageId,
    componentIds: ['cmp-api', 'cmp-web'],
    apiBase: fake.url,
    rateLimit: { intervalMs: 200, burst: 1 },
    ...extra,
  });
const msg = (state: OutboundMessage['state'], bannerText: string): OutboundMessage => ({
  outboxId: `ob-${state}`,
  cutoverId: 'cut-1',
  cutoverTitle: 'Database cutover',
  text: bannerText,
  bannerText,
  state,
});
async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  expect((err as DeliveryError).message).not.toContain(KEY);
  return err as DeliveryError;
}
const gaps = (fake: FakeStatuspage) => fake.requests.slice(1).map((r, i) => r.at - fake.requests[i]!.at);

describe('StatuspageDestination', () => {
  it('creates the maintenance, then moves it scheduled → in_progress → verifying → completed', async () => {
    const fake = await start();
    const d = dest(fake);
    const first = await d.deliver(msg('scheduled', 'Maintenance tonight 19:00–21:00 BST'), { window: WINDOW });
    for (const [state, text] of [
      ['in_progress', 'Maintenance under way'],
      ['verifying', 'Checking everything works'],
      ['completed', 'All done'],
    ] as const) {
      expect((await d.deliver(msg(state, text), { incidentId: first.providerId })).providerId).toBe(first.providerId);
    }
    const [incident] = fake.incidents;
    expect(incident).toMatchObject({
      id: first.providerId,
      name: 'Database cutover',
      states: ['scheduled', 'in_progress', 'verifying', 'completed'],
      scheduledFor: '2026-04-29T18:00:00.000Z',
      scheduledUntil: '2026-04-29T20:00:00.000Z',
      componentIds: ['cmp-api', 'cmp-web'],
      components: { 'cmp-api': 'operational', 'cmp-web': 'operational' },
    });
    expect(incident!.bodies).toEqual(['Maintenance tonight 19:00–21:00 BST', 'Maintenance under way', 'Checking everything works', 'All done']);
    expect(first.permalink).toBe(`https://stspg.test/${first.providerId}`);
    expect(fake.requests.every((r) => r.authorization === `OAuth ${KEY}` && !r.body.includes(KEY))).toBe(true);
    expect(fake.rateLimited()).toBe(0);
  });

  it('marks components under maintenance only once work starts', async () => {
    const fake = await start();
    const d = dest(fake);
    const { providerId } = await d.deliver(msg('scheduled', 'Tonight'), { window: WINDOW });
    expect(fake.incidents[0]!.components).toEqual({});
    await d.deliver(msg('in_progress', 'Now'), { incidentId: providerId });
    expect(fake.incidents[0]!.components).toEqual({ 'cmp-api': 'under_maintenance', 'cmp-web': 'under_maintenance' });
  });

  it('reports a rollback as completed, saying it was rolled back', async () => {
    const fake = await start();
    const d = dest(fake);
    const { providerId } = await d.deliver(msg('in_progress', 'Maintenance under way'), { window: WINDOW });
    await d.deliver(msg('rolled_back', 'Maintenance is over.'), { incidentId: providerId });
    expect(fake.incidents[0]!.states).toEqual(['in_progress', 'completed']);
    expect(fake.incidents[0]!.bodies.at(-1)).toMatch(/rolled back/);
  });

  it('spaces rapid calls so the fake never has to refuse one', async () => {
    const fake = await start();
    const d = dest(fake);
    const { id } = await d.createMaintenance({ name: 'Database cutover', body: 'Tonight', ...WINDOW });
    await Promise.all([
      d.transition(id, 'in_progress', 'one'),
      d.transition(id, 'verifying', 'two'),
      d.transition(id, 'in_progress', 'three'),
      d.transition(id, 'completed', 'four'),
    ]);
    expect(fake.rateLimited()).toBe(0);
    expect(fake.requests.map((r) => r.status)).toEqual([201, 200, 200, 200, 200]);
    expect(fake.incidents[0]!.bodies).toEqual(['Tonight', 'one', 'two', 'three', 'four']); // in the order asked
    for (const gap of gaps(fake)) expect(gap).toBeGreaterThanOrEqual(150);
  });

  it('with the limiter off, a refusal (429 or 420) is retryable with Retry-After', async () => {
    for (const rateLimitStatus of [429, 420] as const) {
      await sp?.close();
      // Refused however long the machine takes between the two requests (up to 900 ms: the
      // Retry-After still rounds up to 1 s); at 150 ms apart a loaded CI run let one through.
      const fake = await start({ rateLimitStatus, minIntervalMs: 900 });
      const d = dest(fake, { rateLimit: false });
      const { id } = await d.createMaintenance({ name: 'Database cutover', body: 'Tonight', ...WINDOW });
      const err = await failure(d.transition(id, 'in_progress', 'Now'));
      expect(err).toMatchObject({ retryable: true, retryAfterMs: 1000 });
      expect(fake.rateLimited()).toBe(1);
    }
  });

  it('check() proves the key and the page without changing anything', async () => {
    const fake = await start();
    expect(await dest(fake).check()).toEqual({ id: 'pg0fake0001', name: 'Acme Status' });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/pages/pg0fake0001']);
    expect((await failure(dest(fake, { apiKey: 'sp-wrong-key-999' }).check())).retryable).toBe(false);
    expect(fake.incidents).toHaveLength(0);
  });

  it('explains a wrong key, a wrong page and a missing window; retries a 5xx', async () => {
    const fake = await start({ minIntervalMs: 0 });
    const badKey = await failure(dest(fake, { apiKey: 'sp-wrong-key-999' }).deliver(msg('scheduled', 'Tonight'), { window: WINDOW }));
    expect(badKey).toMatchObject({ retryable: false });
    expect(badKey.message).toMatch(/refused the API key \(HTTP 401\)/);
    expect(badKey.message).not.toContain('sp-wrong-key-999');
    const badPage = await failure(dest(fake, { pageId: 'nosuchpage' }).deliver(msg('scheduled', 'Tonight'), { window: WINDOW }));
    expect(badPage.message).toBe('Statuspage has no page nosuchpage (HTTP 404): check the page id.');
    const noWindow = await failure(dest(fake).deliver(msg('scheduled', 'Tonight'), {}));
    expect(noWindow.retryable).toBe(false);
    const gone = await failure(dest(fake).transition('inc-deleted', 'in_progress', 'Now'));
    expect(gone.message).toMatch(/cannot find this maintenance/);
    fake.failNext(503);
    expect(await failure(dest(fake).deliver(msg('scheduled', 'Tonight'), { window: WINDOW }))).toMatchObject({ retryable: true });
    expect(fake.incidents).toHaveLength(0);
  });
});

describe('TokenBucket', () => {
  /** A clock that only moves when someone sleeps on it. */
  function manualClock(): Clock & { t: number } {
    const c = { t: 0, now: () => c.t, sleep: async (ms: number) => void (c.t += ms) };
    return c;
  }
  const grants = async (bucket: TokenBucket, clock: Clock, n: number) => {
    const at: number[] = [];
    await Promise.all(Array.from({ length: n }, () => bucket.run(async () => at.push(clock.now()))));
    return at;
  };

  it('lets one request a second through, in order', async () => {
    const clock = manualClock();
    expect(await grants(new TokenBucket({ intervalMs: 1000, burst: 1, clock }), clock, 4)).toEqual([0, 1000, 2000, 3000]);
  });

  it('allows a burst after a quiet spell, then one per interval', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ intervalMs: 1000, burst: 3, clock });
    expect(await grants(bucket, clock, 5)).toEqual([0, 0, 0, 1000, 2000]);
  });

  it('waits out a Retry-After before the next request', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ intervalMs: 1000, burst: 1, clock });
    bucket.pauseUntil(5000);
    expect(await grants(bucket, clock, 2)).toEqual([5000, 6000]);
  });
});
