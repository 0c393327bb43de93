import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webJoinLink } from '@shared/protocol';
import { startHub, type Hub } from '../../../electron/hub/hub';
import { browserAvailable, crewBrowser, keptEvents, screenshot, WEB_ROOT, webBuildAvailable } from '../../support/browser';
import { SMALL_RUNBOOK, tempDir } from '../../support/hubHarness';
import { freePort, requireService } from '../../support/services';

const enabled = browserAvailable() && webBuildAvailable() && (await requireService('PostgreSQL', '127.0.0.1', 5432));
const crew = crewBrowser();
let hub: Hub | null = null;
let dir: string | null = null;

beforeAll(async () => {
  if (enabled) await crew.launch();
});
afterEach(async () => {
  await crew.closePeople();
  await hub?.close().catch(() => undefined);
  hub = null;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});
afterAll(async () => crew.close());

describe.skipIf(!enabled)('the night on a browser with every hub gone', () => {
  it(
    'shows the night after a reload with no hub, keeps a note queued across another reload, and lands it once when a hub is back',
    { timeout: 90_000 },
    async () => {
      dir = await tempDir();
      const port = await freePort();
      const start = () => startHub({ dataDir: dir!, port, staticDir: WEB_ROOT, log: () => undefined });
      hub = await start();
      const from = Date.now() - 10 * 60_000;
      const { cutoverId, invites } = await hub.createCutover({
        title: 'Offline night',
        window: { start: from, end: from + 7_200_000, timeZone: 'UTC' },
        isRehearsal: false,
        runbook: SMALL_RUNBOOK,
      });
      const token = invites.find((i) => i.invite.role === 'lead')!.token;
      const page = await crew.open(webJoinLink({ hub: hub.url, cutoverId, token }), 'Ana', 'Offline night', { width: 1280, height: 720 });
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
      const head = hub.registry.get(cutoverId)!.runtime.durableSeq;
      await expect.poll(() => keptEvents(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(head);

      await hub.close();
      hub = null;
      await page.reload();
      await page.getByRole('heading', { name: 'Offline night' }).waitFor();
      await page.getByText('Stop event processing', { exact: true }).waitFor();
      await page.getByTestId('hdr-stale').waitFor();

      await page.getByPlaceholder('Add a note (n)').fill('Written while every hub was gone');
      await page.getByRole('button', { name: 'Add note' }).click();
      await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('warroom.pending.')).length)).toBe(1);
      await page.reload();
      await page.getByRole('heading', { name: 'Offline night' }).waitFor();
      await screenshot(page, 'offline-night');
      expect(await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('warroom.pending.'))?.[1] ?? '')).toContain(
        'Written while every hub was gone',
      );

      hub = await start();
      const notes = () =>
        hub!.registry
          .get(cutoverId)!
          .runtime.rawsAfter(0)
          .filter((r) => r.includes('Written while every hub was gone')).length;
      await expect.poll(notes, { timeout: 30_000 }).toBe(1);
      await expect.poll(() => page.getByTestId('hdr-stale').count(), { timeout: 10_000 }).toBe(0);
      await page.waitForTimeout(1000);
      expect(notes()).toBe(1);
    },
  );
});
