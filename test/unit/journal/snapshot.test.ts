import { copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCutoverState, foldEvents, HUB_ACTOR, type Actor, type Command, type CutoverEvent, type CutoverState } from '@shared/cutover';
import { CutoverRuntime } from '../../../electron/hub/cutovers/cutoverRuntime';
import type { EventStore, StoredHistory } from '../../../electron/hub/journal/eventStore';
import { keyHash } from '../../../electron/hub/journal/commandRuns';
import { FileJournal } from '../../../electron/hub/journal/fileJournal';
import { readCandidate, verifyCandidate } from '../../../electron/hub/journal/snapshotFile';
import { SMALL_RUNBOOK, tempDir, WINDOW_START } from '../../support/hubHarness';

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

const newDir = async () => {
  const d = await tempDir('warroom-snapshot-');
  dirs.push(d);
  return d;
};

let clock = WINDOW_START;
const open = (dir: string, log: (m: string) => void = () => undefined) =>
  CutoverRuntime.open({ store: new FileJournal(dir, { log }), now: () => ++clock, newId: () => `id${clock}` });

/** A night of `notes` notes under `title`, closed cleanly (which writes a snapshot). */
async function night(dir: string, title: string, notes: number): Promise<void> {
  const rt = await open(dir);
  const cutover = { id: 'c-1', title, window: { start: WINDOW_START, end: WINDOW_START + 3_600_000, timeZone: 'UTC' }, isRehearsal: false };
  await rt.record(HUB_ACTOR, [{ type: 'cutover.created', payload: { cutover, runbook: SMALL_RUNBOOK } } as never]);
  for (let i = 0; i < notes; i++) await rt.record(HUB_ACTOR, [{ type: 'note.added', payload: { noteId: `n${i}`, text: `${title} ${i}`, severity: 'info' } }]);
  await rt.close();
}

const fold = async (dir: string): Promise<CutoverState> =>
  foldEvents(
    (await readFile(join(dir, 'journal.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { r: CutoverEvent }).r),
  );

describe('a snapshot is verified, never trusted', () => {
  it('is used when it checks out', async () => {
    const dir = await newDir();
    await night(dir, 'Night A', 5);
    const journal = new FileJournal(dir);
    const h = await journal.open();
    await journal.close();
    expect(h.snapshot?.seq).toBe(6);
    expect(h.snapshot?.state).toEqual(await fold(dir));
  });

  it('is discarded, and said so, when a byte inside it changed and the JSON stayed valid', async () => {
    const dir = await newDir();
    await night(dir, 'Night A', 5);
    const snap = join(dir, 'snapshot.json');
    await writeFile(snap, (await readFile(snap, 'utf8')).replace('"title":"Night A"', '"title":"Night B"'));
    const logs: string[] = [];
    const rt = await open(dir, (m) => logs.push(m));
    expect(rt.state.info?.title).toBe('Night A');
    expect(rt.state).toEqual(await fold(dir));
    expect(logs.join('\n')).toMatch(/snapshot\.json .*discarded/);
    expect(await readdir(dir)).not.toContain('snapshot.json');
    await rt.close();
  });

  it('is discarded when it belongs to another history of the same length', async () => {
    const [a, b] = [await newDir(), await newDir()];
    await night(a, 'Night A', 5);
    await night(b, 'Night B', 5);
    await copyFile(join(a, 'snapshot.json'), join(b, 'snapshot.json'));
    const rt = await open(b);
    expect(rt.state.info?.title).toBe('Night B');
    expect(rt.state).toEqual(await fold(b));
    await rt.close();
  });

  it('is discarded when it is of the old format, and the journal is folded', async () => {
    const dir = await newDir();
    await night(dir, 'Night A', 5);
    const wrong = { ...(await fold(dir)), info: null };
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify({ seq: 6, state: wrong }));
    const rt = await open(dir);
    expect(rt.state).toEqual(await fold(dir));
    await rt.close();
  });

  it('is written only from state whose events are durable', async () => {
    const written: { seq: number; state: CutoverState; durable: number }[] = [];
    const pending: (() => void)[] = [];
    let durable = 0;
    const store: EventStore = {
      open: async (): Promise<StoredHistory> => ({ raws: [], events: [], snapshot: null, recovered: null }),
      append: (raws) =>
        new Promise<void>((resolve) =>
          pending.push(() => {
            durable += raws.length;
            resolve();
          }),
        ),
      writeSnapshot: async (seq: number, state: CutoverState) => void written.push({ seq, state, durable }),
      close: async () => undefined,
    };
    const rt = await CutoverRuntime.open({ store, now: () => ++clock, newId: () => 'x', snapshotEvery: 2 });
    const note = (i: number) => [{ type: 'note.added' as const, payload: { noteId: `n${i}`, text: `t${i}`, severity: 'info' as const } }];
    const recorded = [1, 2, 3].map((i) => rt.record(HUB_ACTOR, note(i)));
    pending.shift()!(); // event 1 durable
    pending.shift()!(); // event 2 durable, event 3 still in flight
    await Promise.all(recorded.slice(0, 2));
    await new Promise((r) => setImmediate(r));
    expect(written.length).toBeGreaterThan(0);
    for (const w of written) {
      expect(w.seq).toBeLessThanOrEqual(w.durable);
      expect(w.state.seq).toBe(w.seq);
    }
    pending.shift()!();
    await Promise.all(recorded);
  });
});

describe('a snapshot carries the commands applied', () => {
  const lead: Actor = { id: 'm-lead', name: 'Lena', role: 'lead' };
  const note = (id: string, text: string) => ({ id, type: 'note.add', payload: { text, severity: 'info' } }) as Command;

  /** A night with three notes added by command, closed cleanly (which writes a snapshot); answers the notes' seqs. */
  async function commanded(dir: string): Promise<number[][]> {
    await night(dir, 'Night A', 0);
    const rt = await open(dir);
    const seqs: number[][] = [];
    for (const id of ['cmd-1', 'cmd-2', 'cmd-3']) {
      const out = await rt.execute(note(id, `note ${id}`), lead);
      if (!out.ok) throw new Error(out.reason);
      seqs.push(out.seqs);
    }
    await rt.close();
    return seqs;
  }

  /** Opens the night, retries every command, and answers what each retry got; the state must not move. */
  async function retried(dir: string): Promise<{ seqs: number[][]; snapshotSeq: number | undefined }> {
    const journal = new FileJournal(dir);
    const snapshotSeq = (await journal.open()).snapshot?.seq;
    await journal.close();
    const rt = await open(dir);
    const before = rt.state.seq;
    const seqs: number[][] = [];
    for (const id of ['cmd-1', 'cmd-2', 'cmd-3']) {
      const out = await rt.execute(note(id, 'a retry must not add this'), lead);
      seqs.push(out.ok ? out.seqs : []);
    }
    expect(rt.state.seq).toBe(before);
    await rt.close();
    return { seqs, snapshotSeq };
  }

  it('answers a retry of a command it holds with the command’s first seqs, after a restart', async () => {
    const dir = await newDir();
    const seqs = await commanded(dir);
    expect(await retried(dir)).toEqual({ seqs, snapshotSeq: 4 });
  });

  it('of the format before, naming commands by key, is still used, and answers those retries alike', async () => {
    const dir = await newDir();
    const seqs = await commanded(dir);
    // The snapshot as the file journal wrote it before (format 3): ["member\nid", seq, …] in key order.
    const path = join(dir, 'snapshot.json');
    const file = await readFile(path);
    const header = JSON.parse(file.toString('utf8', 0, file.indexOf(',"body":')) + '}') as Record<string, unknown>;
    const state = JSON.stringify(await fold(dir));
    const body = `{"state":${state},"commands":${JSON.stringify(['cmd-1', 'cmd-2', 'cmd-3'].flatMap((id, i) => [`m-lead\n${id}`, seqs[i]![0]!]))}}`;
    const sum = crc32(Buffer.from(body)).toString(16).padStart(8, '0');
    await writeFile(
      path,
      `{"format":3,"seq":${String(header.seq)},"bytes":${String(header.bytes)},"journal":"${String(header.journal)}","state":${Buffer.byteLength(state)},"sum":"${sum}","body":${body}}`,
    );
    expect(await retried(dir)).toEqual({ seqs, snapshotSeq: 4 });
  });
});

describe('a row store’s snapshot', () => {
  const chain = '0badf00d';
  const stateAt2 = { ...emptyCutoverState(), seq: 2 };
  const asStored = (format: number, commands: unknown) => {
    const body = JSON.stringify({ state: stateAt2, commands });
    const sum = crc32(Buffer.from(body)).toString(16).padStart(8, '0');
    return Buffer.from(`{"format":${format},"seq":2,"chain":"${chain}","sum":"${sum}","body":${body}}`);
  };
  const read = (file: Buffer) => {
    const candidate = readCandidate(file);
    return 'problem' in candidate ? candidate : verifyCandidate(candidate, 2, () => chain);
  };

  it('of format 4 carries its commands as runs, as the hub hands them over', () => {
    const runs = [keyHash('m-1', 'c'), 2, 1];
    expect(read(asStored(4, runs))).toMatchObject({ seq: 2, commands: runs });
  });

  it('of format 2 names its commands by key, and they are read as runs under the same hashes', () => {
    expect(read(asStored(2, [['m-1\nc', [1, 2]]]))).toMatchObject({ seq: 2, commands: [keyHash('m-1', 'c'), 1, 2] });
    expect(read(asStored(2, [['m-1\nc', 'two']]))).toEqual({ problem: 'has a body of the wrong shape' });
    expect(read(asStored(4, [['m-1\nc', [1, 2]]]))).toEqual({ problem: 'has a body of the wrong shape' });
  });
});
