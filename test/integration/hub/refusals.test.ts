import { readdir, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@shared/protocol';
import { startHub } from '../../../electron/hub/hub';
import { tempDir } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';
import { cutoverOnDisk } from '../../support/spawnHub';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Every file of the cutover's folder with its bytes, to show nothing was touched. */
async function folder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = (await readFile(join(dir, f))).toString('base64');
  return out;
}

/** Starts a hub on a damaged folder; answers what it says about the cutover. */
async function startOn(dataDir: string, cutoverId: string, token: string) {
  const logs: string[] = [];
  const hub = await startHub({ dataDir, port: 0, log: (m) => logs.push(m) });
  try {
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { cutovers: number; unavailable: number };
    const raw = await RawSocket.open(hub.url, cutoverId, token);
    const closed = await raw.closedWith();
    return { health, closed, logs };
  } finally {
    await hub.close();
  }
}

describe('a cutover that cannot be opened as it was', () => {
  for (const damage of ['deleted', 'emptied'] as const) {
    it(`refuses a cutover whose journal was ${damage} while its invites show a history, and leaves its files`, async () => {
      const dataDir = await tempDir('warroom-refuse-');
      dirs.push(dataDir);
      const { cutoverId, leadToken } = await cutoverOnDisk(dataDir);
      const dir = join(dataDir, 'cutovers', cutoverId);
      if (damage === 'deleted') await unlink(join(dir, 'journal.jsonl'));
      else await truncate(join(dir, 'journal.jsonl'), 0);
      const before = await folder(dir);
      const { health, closed, logs } = await startOn(dataDir, cutoverId, leadToken);
      expect(health).toMatchObject({ cutovers: 0, unavailable: 1 });
      expect(closed).toEqual({ code: CloseCode.unknownCutover, reason: 'This cutover’s journal is missing; the hub log says what to do' });
      expect(logs.join('\n')).toMatch(/journal\.jsonl is missing or empty, but invites\.json lists \d+ invites/);
      const after = await folder(dir);
      delete after['heartbeat.json'];
      delete before['heartbeat.json'];
      expect(after).toEqual(before);
    });
  }

  it('says "invites damaged", not "journal damaged", for an invites file it cannot read', async () => {
    const dataDir = await tempDir('warroom-refuse-');
    dirs.push(dataDir);
    const { cutoverId, leadToken } = await cutoverOnDisk(dataDir);
    const dir = join(dataDir, 'cutovers', cutoverId);
    const invites = join(dir, 'invites.json');
    await writeFile(invites, (await readFile(invites, 'utf8')).slice(0, 40));
    const before = await folder(dir);
    const { health, closed, logs } = await startOn(dataDir, cutoverId, leadToken);
    expect(health).toMatchObject({ cutovers: 0, unavailable: 1 });
    expect(closed.code).toBe(CloseCode.unknownCutover);
    expect(closed.reason).toMatch(/invites damaged/i);
    expect(closed.reason).not.toMatch(/journal/);
    expect(logs.join('\n')).toMatch(/invites damaged: .*invites\.json/i);
    expect(await folder(dir)).toEqual(before);
  });
});
