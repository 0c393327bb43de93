import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CutoverEvent } from '@shared/cutover';
import { startHub } from '../../../electron/hub/hub';
import { startTestHub, type TestHub } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';

/*
 * A hub opening a cutover from a verified snapshot neither checks, decodes nor parses the
 * journal records the snapshot covers (electron/hub/journal/snapshotFile.ts): they are read
 * from the file's bytes only when a client needs them, and the commands they answer are
 * looked up where the snapshot keeps them, sorted. Here the snapshot is older than the
 * journal (a crash after it), so the night is half covered records and half scanned ones.
 */

let t: TestHub;
afterEach(async () => {
  await t?.stop();
});

const PREFIX_LEN = '{"c":"00000000","r":'.length;
const note = (id: string, text: string) => ({ t: 'command', id, type: 'note.add', payload: { text, severity: 'info' } });

async function lead(): Promise<RawSocket> {
  const raw = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.lead);
  raw.send({ t: 'hello', protocol: 1, name: 'Lena', since: 0 });
  await raw.next('synced');
  return raw;
}

/** Notes `from`..`to - 1`, each acknowledged: the seqs of each command id. */
async function notes(raw: RawSocket, from: number, to: number, acks: Map<string, number[]>): Promise<void> {
  for (let i = from; i < to; i++) {
    raw.send(note(`n${i}`, `note ${i} from Tomás — “quoted”`));
    acks.set(`n${i}`, (await raw.next('ack')).seqs);
  }
}

/** What a client joining with `since` is sent before it is told it is synced. */
async function caughtUp(since: number): Promise<CutoverEvent[]> {
  const raw = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.observer);
  raw.send({ t: 'hello', protocol: 1, name: 'Olga', since });
  await raw.next('synced');
  const events = raw.messages.flatMap((m) => (m.t === 'events' ? m.events : []));
  raw.close();
  return events;
}

const restart = async () => {
  await t.hub.close();
  t.hub = await startHub({ dataDir: t.dir, port: 0, log: () => undefined });
};

describe('a hub reopened from a snapshot older than its journal', () => {
  it('sends every stored event as written from any point, and answers retries from either side of the snapshot with their first seqs', async () => {
    t = await startTestHub();
    const dir = join(t.dir, 'cutovers', t.cutoverId);
    const acks = new Map<string, number[]>();
    let raw = await lead();
    await notes(raw, 0, 30, acks);
    raw.close();
    await restart(); // closing wrote a snapshot of all of it
    const older = await readFile(join(dir, 'snapshot.json'));
    raw = await lead();
    await notes(raw, 30, 40, acks);
    raw.close();
    await t.hub.close();
    await writeFile(join(dir, 'snapshot.json'), older); // as if the hub had died before its next snapshot
    t.hub = await startHub({ dataDir: t.dir, port: 0, log: () => undefined });
    await caughtUp(0); // the observer's first join is an event of its own

    const lines = (await readFile(join(dir, 'journal.jsonl'), 'utf8')).split('\n').slice(0, -1);
    const stored = lines.map((l) => l.slice(PREFIX_LEN, -1));
    const runtime = t.hub.registry.get(t.cutoverId)!.runtime;
    expect(runtime.durableSeq).toBe(stored.length);
    for (let since = 0; since <= stored.length; since++) expect(runtime.rawsAfter(since), `after ${since}`).toEqual(stored.slice(since));
    for (const since of [0, 1, 17, stored.length - 12, stored.length - 1]) {
      expect(await caughtUp(since), `joining after ${since}`).toEqual(stored.slice(since).map((s) => JSON.parse(s) as CutoverEvent));
    }

    raw = await lead();
    for (const id of ['n0', 'n17', 'n29', 'n30', 'n39']) {
      raw.send(note(id, 'sent again'));
      expect((await raw.next('ack')).seqs, id).toEqual(acks.get(id));
    }
    expect(runtime.durableSeq).toBe(stored.length);
    raw.send(note('n40', 'a new one'));
    expect((await raw.next('ack')).seqs).toEqual([stored.length + 1]);
    raw.close();
  });
});
