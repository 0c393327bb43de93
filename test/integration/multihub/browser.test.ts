import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webJoinLink } from '@shared/protocol';
import { startHub, type Hub } from '../../../electron/hub/hub';
import { browserAvailable, crewBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../../support/browser';
import { SMALL_RUNBOOK, tempDir } from '../../support/hubHarness';
import { freePort, requireService } from '../../support/services';
import { freshSchema } from '../store/pgSchema';

const enabled = browserAvailable() && webBuildAvailable() && (await requireService('PostgreSQL', '127.0.0.1', 5432));
const crew = crewBrowser();
const hubs: Hub[] = [];
let drop: (() => Promise<void>) | null = null;

beforeAll(async () => {
  if (enabled) await crew.launch();
});
afterEach(async () => {
  await crew.closePeople();
  for (const h of hubs.splice(0)) await h.close().catch(() => undefined);
  await drop?.();
  drop = null;
});
afterAll(async () => crew.close());

describe.skipIf(!enabled)('a browser on a night served by two hubs', () => {
  it('moves to the other hub when its own goes away, and its header says where it is and when it moved', { timeout: 60_000 }, async () => {
    const db = freshSchema('wr_br');
    drop = db.drop;
    // Each hub names the other (--origin): the page served by A may open its socket on B, and B lets it in.
    const [pa, pb] = [await freePort(), await freePort()];
    const origin = (port: number) => `http://127.0.0.1:${port}`;
    const hubOn = async (port: number, other: number) =>
      startHub({
        dataDir: await tempDir(),
        store: db.url,
        port,
        staticDir: WEB_ROOT,
        allowedOrigins: [origin(other)],
        log: () => undefined,
        leaseRetryMs: 200,
      });
    const a = await hubOn(pa, pb);
    hubs.push(a);
    const b = await hubOn(pb, pa);
    hubs.push(b);
    const start = Date.now() - 10 * 60_000;
    const { cutoverId, invites } = await a.createCutover({
      title: 'Two-hub night',
      window: { start, end: start + 7_200_000, timeZone: 'UTC' },
      isRehearsal: false,
      runbook: SMALL_RUNBOOK,
    });
    while (!b.cutover(cutoverId)) await new Promise((r) => setTimeout(r, 20));
    const token = invites.find((i) => i.invite.role === 'lead')!.token;
    const link = webJoinLink({ hub: a.url, cutoverId, token, hubs: [a.url, b.url] });
    expect(link).toContain(`&h=${new URL(a.url).host},${new URL(b.url).host}`);

    const page = await crew.open(link, 'Ana', 'Two-hub night', { width: 1280, height: 720 });
    const chip = page.getByTestId('hdr-hub');
    await expect.poll(() => chip.textContent()).toContain(new URL(a.url).host);

    await a.close();
    hubs.splice(hubs.indexOf(a), 1);
    await expect.poll(() => chip.textContent(), { timeout: 10_000 }).toContain(`${new URL(b.url).host} · moved`);
    await expect.poll(() => page.getByTestId('hdr-stale').count()).toBe(0);
    // A note written now goes through B into the shared night.
    await page.getByPlaceholder('Add a note (n)').fill('Written after hub A went away');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect
      .poll(async () => (await db.query<{ n: string }>(`SELECT count(*) AS n FROM warroom_events WHERE event LIKE '%Written after hub A went away%'`))[0]!.n)
      .toBe('1');
    await screenshot(page, 'multihub-moved');
  });
});
