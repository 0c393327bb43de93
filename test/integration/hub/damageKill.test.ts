import { readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldEvents, type CutoverEvent } from '@shared/cutover';
import { startHub } from '../../../electron/hub/hub';
import { tempDir } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';
import { cutoverOnDisk, spawnHub } from '../../support/spawnHub';

/*
 * The damage cases that need a real kill (-9 or TERM) of a real hub process; everything else
 * is in damage.test.ts, in-process.
 */

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const exited = (proc: { once(e: 'exit', l: () => void): unknown }) => new Promise<void>((r) => proc.once('exit', () => r()));

/** Sends commands as the lead and waits for every ack. */
async function command(url: string, cutoverId: string, token: string, cmds: { type: string; payload: unknown }[]): Promise<void> {
  const raw = await RawSocket.open(url, cutoverId, token);
  raw.send({ t: 'hello', protocol: 1, name: 'Lena', since: 0 });
  await raw.next('synced', 10_000);
  cmds.forEach((c, i) => raw.send({ t: 'command', id: `${Date.now()}-${i}-${Math.random()}`, ...c }));
  for (let i = 0; i < cmds.length; i++) await raw.next('ack', 10_000);
  raw.close();
}

const notes = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ type: 'note.add', payload: { text: `${tag} ${i}`, severity: 'info' } }));

const ticketTitle = async (url: string, cutoverId: string, token: string) => {
  const res = await fetch(`${url}/api/cutovers/${cutoverId}/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { title: string }).title;
};

const journalEvents = async (dir: string, cutoverId: string): Promise<CutoverEvent[]> =>
  (await readFile(join(dir, 'cutovers', cutoverId, 'journal.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { r: CutoverEvent }).r);

describe('a snapshot left behind by a journal that was cut back', () => {
  it('keeps the night closed until the snapshot is moved aside, and never uses it once the journal grows past it again', { timeout: 60_000 }, async () => {
    const dir = await tempDir('warroom-damage-kill-');
    dirs.push(dir);
    const { cutoverId, leadToken } = await cutoverOnDisk(dir, 'First title');
    const journal = join(dir, 'cutovers', cutoverId, 'journal.jsonl');
    const snapshotPath = join(dir, 'cutovers', cutoverId, 'snapshot.json');

    let { proc, url } = await spawnHub(dir);
    await command(url, cutoverId, leadToken, [...notes(20, 'a'), { type: 'cutover.update', payload: { title: 'Second title' } }]);
    const cutAt = (await readFile(journal, 'utf8')).split('\n').length - 1;
    await command(url, cutoverId, leadToken, [{ type: 'cutover.update', payload: { title: 'Third title' } }, ...notes(5, 'b')]);
    proc.kill('SIGTERM'); // a clean stop: the snapshot is written
    await exited(proc);
    const snapshot = await readFile(snapshotPath);
    const snapshotSeq = (JSON.parse(snapshot.toString('utf8')) as { seq: number }).seq;
    expect(snapshotSeq).toBeGreaterThan(cutAt);

    // The journal goes back to before the third title (a restore, a disk that lost its tail).
    const lines = (await readFile(journal, 'utf8')).split('\n').slice(0, cutAt);
    await writeFile(journal, lines.join('\n') + '\n');
    const cutBack = await readFile(journal);

    // The snapshot proves acknowledged events are missing: the night stays closed, nothing changed.
    ({ proc, url } = await spawnHub(dir));
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ unavailable: 1 });
    proc.kill('SIGTERM');
    await exited(proc);
    expect(await readFile(journal)).toEqual(cutBack);
    expect(await readFile(snapshotPath)).toEqual(snapshot);

    // The restore was meant: the snapshot is moved aside, as the refusal says, and the night goes on.
    await rename(snapshotPath, `${snapshotPath}.aside`);
    ({ proc, url } = await spawnHub(dir));
    await command(url, cutoverId, leadToken, notes(30, 'c'));
    proc.kill('SIGKILL'); // no snapshot this time
    await exited(proc);
    expect((await journalEvents(dir, cutoverId)).length).toBeGreaterThan(snapshotSeq);

    // The old snapshot comes back (with a backup) beside the longer journal: not this journal's, so not used.
    await writeFile(snapshotPath, snapshot);
    ({ proc, url } = await spawnHub(dir));
    try {
      const folded = foldEvents(await journalEvents(dir, cutoverId));
      expect(folded.info?.title).toBe('Second title');
      expect(await ticketTitle(url, cutoverId, leadToken)).toBe('Second title');
    } finally {
      proc.kill('SIGKILL');
      await exited(proc);
    }
  });
});

describe('one hub per data folder', () => {
  it('refuses a second hub on a folder a running hub holds, and takes over from a killed one', { timeout: 30_000 }, async () => {
    const dir = await tempDir('warroom-lock-');
    dirs.push(dir);
    const { proc } = await spawnHub(dir);
    const second = await startHub({ dataDir: dir, port: 0, log: () => undefined }).then(
      async (hub) => {
        await hub.close();
        return null;
      },
      (e: unknown) => e as Error,
    );
    expect(second?.message).toMatch(new RegExp(`Another Warroom hub \\(process ${proc.pid}\\b.*is using the data folder`));
    proc.kill('SIGKILL');
    await exited(proc);
    // The killed hub's lock is stale: the next hub takes the folder over.
    const next = await startHub({ dataDir: dir, port: 0, log: () => undefined });
    await next.close();
  });

  it('refuses a second hub in the same process on the folder spelled another way (a symlink, a relative path)', async () => {
    // The lock naming this very process counted as live only under the spelling it was taken
    // by: under another, it looked stale, and the second hub appended to the same journals.
    const dir = await tempDir('warroom-lock-');
    const alias = `${dir}-link`;
    await symlink(dir, alias);
    dirs.push(dir, alias);
    const first = await startHub({ dataDir: dir, port: 0, log: () => undefined });
    try {
      for (const other of [alias, relative(process.cwd(), dir), `${dir}/.`]) {
        const second = await startHub({ dataDir: other, port: 0, log: () => undefined }).then(
          async (hub) => {
            await hub.close();
            return null;
          },
          (e: unknown) => e as Error,
        );
        expect(second?.message, other).toMatch(/^Another Warroom hub \(process \d+/);
      }
    } finally {
      await first.close();
    }
  });
});
