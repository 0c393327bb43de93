import { appendFile, readdir, readFile, readlink, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCutoverState, foldEvents } from '@shared/cutover';
import { CutoverRuntime } from '../../../electron/hub/cutovers/cutoverRuntime';
import { FileJournal } from '../../../electron/hub/journal/fileJournal';
import { encodeRecord } from '../../../electron/hub/journal/records';
import { JournalCorruptError, JournalMissingError, SnapshotAheadError } from '../../../electron/hub/journal/eventStore';
import { tempDir } from '../../support/hubHarness';
import { noteRecord as event } from '../../support/journalRecords';

/** Opens a journal the way the hub does at start-up, then lets go of the file. */
async function reopen(dir: string) {
  const j = new FileJournal(dir);
  try {
    return await j.open();
  } finally {
    await j.close();
  }
}

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

/** Writes a snapshot at `seq` as the hub does (the state's own seq, no commands). */
async function snapshotAt(dir: string, seq: number): Promise<void> {
  const j = new FileJournal(dir);
  await j.open();
  await j.writeSnapshot(seq, { ...emptyCutoverState(), seq }, []);
  await j.close();
}

async function journalWith(n: number): Promise<{ dir: string; path: string }> {
  const dir = await tempDir('warroom-journal-');
  dirs.push(dir);
  const j = new FileJournal(dir);
  await j.open();
  // Several concurrent appends: group commit writes them together, in order.
  await Promise.all(Array.from({ length: n }, (_, i) => j.append([event(i + 1, i % 7 === 0 ? 'ünïcödé “quotes” 🚀' : `note ${i + 1}`)])));
  await j.close();
  return { dir, path: j.path };
}

describe('the file journal', () => {
  it('reads back every appended event in order after concurrent appends', async () => {
    const { dir } = await journalWith(50);
    const h = await reopen(dir);
    expect(h.raws).toHaveLength(50);
    expect([...h.events].map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(h.raws[7]).toBe(event(8, 'ünïcödé “quotes” 🚀'));
    expect(h.recovered).toBeNull();
  });

  it('drops a torn last record at every byte offset and keeps everything before it', async () => {
    const { dir, path } = await journalWith(5);
    const whole = await readFile(path);
    const lines = whole.toString('utf8').split('\n').slice(0, -1);
    const startOfLast3 = Buffer.byteLength(lines.slice(0, 2).join('\n') + '\n');
    for (let cut = startOfLast3; cut < whole.length; cut++) {
      await writeFile(path, whole.subarray(0, cut));
      const completeBefore = whole.subarray(0, cut).toString('utf8').split('\n').length - 1;
      // A record that lost only its newline is whole (its checksum holds): it is kept, not torn.
      const wholeRecord = whole[cut] === 10;
      const h = await reopen(dir);
      expect(h.raws.length, `cut at byte ${cut}`).toBe(completeBefore + (wholeRecord ? 1 : 0));
      const endOfComplete = whole.subarray(0, cut).lastIndexOf(10) + 1;
      expect(h.recovered, `cut at byte ${cut}`).toEqual(
        cut === endOfComplete || wholeRecord ? null : { droppedBytes: cut - endOfComplete, atOffset: endOfComplete },
      );
      // The repair is on disk: the file now ends on a record boundary.
      expect((await readFile(path)).length).toBe(wholeRecord ? cut + 1 : endOfComplete);
      // What was cut is kept beside the journal.
      if (h.recovered) expect(await readFile(`${path}.torn-${endOfComplete}`), `cut at byte ${cut}`).toEqual(whole.subarray(endOfComplete, cut));
    }
  });

  it('refuses a journal with a flipped byte before the tail, naming the offset and line', async () => {
    const { dir, path } = await journalWith(10);
    const buf = await readFile(path);
    const lines = buf.toString('utf8').split('\n');
    const offsetOfLine4 = Buffer.byteLength(lines.slice(0, 3).join('\n') + '\n');
    const target = offsetOfLine4 + 40;
    buf[target] = buf[target]! ^ 0x01;
    await writeFile(path, buf);
    const err = await reopen(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalCorruptError);
    expect(err).toMatchObject({ offset: offsetOfLine4, line: 4, problem: 'checksum mismatch' });
    expect((err as Error).message).toMatch(/corrupt at byte \d+ \(line 4\): checksum mismatch/);
    expect(await readFile(path)).toEqual(buf); // refused, and left exactly as found
  });

  it('refuses a record whose checksum holds but whose JSON does not parse, naming its line, when the night is opened', async () => {
    const { dir, path } = await journalWith(5);
    const lineStart = (await readFile(path)).length;
    // Laid out as the hub writes an event, so its seq is read in place; the JSON is cut short.
    await appendFile(path, encodeRecord('{"v":1,"seq":6,"ts":1006,"actor":{"id":"m-1","name":"Dan","role":"operator"},"type":"note.added"'));
    const before = await readFile(path);
    const err = await CutoverRuntime.open({ store: new FileJournal(dir), now: Date.now, newId: () => 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalCorruptError);
    expect(err).toMatchObject({ line: 6, problem: 'record is not valid JSON', offset: lineStart });
    expect(await readFile(path)).toEqual(before);
    // The store let go of the file it had opened for appending.
    const held = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
    expect(held.filter((target) => target === path)).toEqual([]);
  });

  it('refuses a journal whose seqs are not contiguous', async () => {
    const { dir, path } = await journalWith(3);
    const lines = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, [lines[0], lines[2], ''].join('\n'));
    await expect(reopen(dir)).rejects.toMatchObject({ line: 2, problem: 'expected seq 2, found 3' });
  });

  it('treats a damaged final complete line as corruption, not as a torn write', async () => {
    const { dir, path } = await journalWith(3);
    await appendFile(path, '{"c":"00000000","r":{"seq":4}}\n');
    await expect(reopen(dir)).rejects.toMatchObject({ line: 4, problem: 'checksum mismatch' });
  });

  it('encodes a snapshot after writeSnapshot returns, not in the caller’s task, and keeps what it was handed', async () => {
    // The hub asks for a snapshot right after answering a command: encoding megabytes there
    // held every command that came next (jsonInSlices.ts slices the encoding itself).
    const { dir } = await journalWith(4);
    const j = new FileJournal(dir);
    await j.open();
    const order: string[] = [];
    const state = { ...emptyCutoverState(), seq: 4 };
    const steps = state.steps;
    Object.defineProperty(state, 'steps', {
      enumerable: true,
      get: () => {
        order.push('state encoded');
        return steps;
      },
    });
    const written = j.writeSnapshot(4, state, []);
    order.push('writeSnapshot returned');
    await written;
    await j.close();
    expect(order[0]).toBe('writeSnapshot returned');
    expect(order).toContain('state encoded');
    expect((await reopen(dir)).snapshot).toMatchObject({ seq: 4, state: { seq: 4, steps: {} } });
  });

  it('keeps a snapshot, refuses one from beyond the journal and ignores one that is damaged', async () => {
    const { dir, path } = await journalWith(4);
    await snapshotAt(dir, 4);
    expect((await reopen(dir)).snapshot?.seq).toBe(4);
    const lines = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, lines.slice(0, 2).join('\n') + '\n'); // the journal lost its last two records
    // The snapshot proves events 3 and 4 were acknowledged: refused, not discarded (it once was).
    await expect(reopen(dir)).rejects.toBeInstanceOf(SnapshotAheadError);
    // An empty journal beside a snapshot is a lost history, not a new cutover: refused.
    await writeFile(join(dir, 'snapshot.json'), '{}');
    await truncate(path, 0);
    await expect(reopen(dir)).rejects.toBeInstanceOf(JournalMissingError);
    await writeFile(path, lines.slice(0, 2).join('\n') + '\n');
    await writeFile(join(dir, 'snapshot.json'), '{"seq": 1, "sta');
    expect((await reopen(dir)).snapshot).toBeNull();
  });

  it('refuses a journal cut back below its snapshot, leaving the journal and the snapshot as they were', async () => {
    const { dir, path } = await journalWith(4);
    await snapshotAt(dir, 4);
    const snapshot = await readFile(join(dir, 'snapshot.json'));
    const lines = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, lines.slice(0, 2).join('\n') + '\n'); // restored from a backup taken at event 2
    const journal = await readFile(path);
    const err = await reopen(dir).catch((e: unknown) => e);
    // Nothing moved aside, nothing cut.
    expect((await readdir(dir)).sort()).toEqual(['journal.jsonl', 'snapshot.json']);
    expect(await readFile(join(dir, 'snapshot.json'))).toEqual(snapshot);
    expect(await readFile(path)).toEqual(journal);
    expect((err as Error).message).toContain(
      'snapshot.json was taken at event 4; journal.jsonl holds only 2: acknowledged events are missing. Nothing was changed',
    );
    expect((err as Error).message).toContain('If journal.jsonl was restored from a backup on purpose, move snapshot.json aside to open it as it is.');
    expect(err).toBeInstanceOf(SnapshotAheadError);
    expect(err).toBeInstanceOf(JournalMissingError); // the hub says "journal is missing" and where to look
    expect(err).toMatchObject({ snapshotSeq: 4, lastSeq: 2 });
    // Moved aside on purpose, the journal opens as it is.
    await rename(join(dir, 'snapshot.json'), join(dir, 'snapshot.json.aside'));
    const h = await reopen(dir);
    expect(h.raws).toHaveLength(2);
    expect(h.snapshot).toBeNull();
  });

  it('refuses a journal overwritten with zeros beside a snapshot or invites, cutting nothing', async () => {
    const { dir, path } = await journalWith(4);
    await snapshotAt(dir, 4);
    const snapshot = await readFile(join(dir, 'snapshot.json'));
    const zeros = Buffer.alloc((await readFile(path)).length); // no newline: once read as one torn record
    await writeFile(path, zeros);
    const err = await reopen(dir).catch((e: unknown) => e);
    expect((await readdir(dir)).sort()).toEqual(['journal.jsonl', 'snapshot.json']);
    expect((await readFile(path)).length).toBe(zeros.length);
    expect(await readFile(path)).toEqual(zeros);
    expect(await readFile(join(dir, 'snapshot.json'))).toEqual(snapshot);
    expect((err as Error).message).toContain('snapshot.json was taken at event 4; journal.jsonl holds only 0: acknowledged events are missing.');
    expect(err).toBeInstanceOf(SnapshotAheadError);
    // With invites alone (or a snapshot that is itself damaged), still a lost history.
    await rm(join(dir, 'snapshot.json'));
    const invited = new FileJournal(dir, { historyElsewhere: 'invites.json lists 4 invites' });
    await expect(invited.open()).rejects.toThrow(
      /journal\.jsonl holds no whole record \(\d+ bytes, none of them a record\), but invites\.json lists 4 invites, so this cutover had a history/,
    );
    await writeFile(join(dir, 'snapshot.json'), snapshot.subarray(0, 40));
    await expect(reopen(dir)).rejects.toThrow(/holds no whole record .* but snapshot\.json holds a state/);
    expect(await readFile(path)).toEqual(zeros);
    expect((await readdir(dir)).sort()).toEqual(['journal.jsonl', 'snapshot.json']);
  });

  it('still cuts a torn write after the records a snapshot covers', async () => {
    const { dir, path } = await journalWith(4);
    await snapshotAt(dir, 4);
    const whole = await readFile(path);
    await appendFile(path, encodeRecord(event(5)).slice(0, 30));
    const h = await reopen(dir);
    expect(h.snapshot?.seq).toBe(4);
    expect(h.recovered).toEqual({ droppedBytes: 30, atOffset: whole.length });
    expect(await readFile(path)).toEqual(whole);
  });
});

/*
 * A long journal's checksums are taken on a worker thread while the runtime folds its events
 * (checksumsAside.ts). `checkAsideFrom: 0` takes that path for any journal: what is refused,
 * and how it is named, must be what checking them all on opening refuses.
 */
describe('the file journal checking its records on a worker thread while they are folded', () => {
  const aside = (dir: string) => new FileJournal(dir, { checkAsideFrom: 0 });
  const openNight = (dir: string) => CutoverRuntime.open({ store: aside(dir), now: Date.now, newId: () => 'x' });
  const lineOffsets = (buf: Buffer) => {
    const starts = [0];
    for (let nl = buf.indexOf(10); nl !== -1 && nl + 1 < buf.length; nl = buf.indexOf(10, nl + 1)) starts.push(nl + 1);
    return starts;
  };
  /** Opens it as the hub does, then as the store alone checking on opening: both must refuse alike. */
  async function refusals(dir: string): Promise<[unknown, unknown]> {
    const night = await openNight(dir).then(
      (rt) => rt.close().then(() => null),
      (e: unknown) => e,
    );
    return [night, await reopen(dir).catch((e: unknown) => e)];
  }

  it('folds a whole journal and takes it once every checksum held', async () => {
    const { dir } = await journalWith(300);
    const store = aside(dir);
    const h = await store.open({ foldWhileChecking: true });
    expect(h.checked).toBeInstanceOf(Promise);
    expect([...h.events].map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    await expect(h.checked).resolves.toBeUndefined();
    await store.close();
    const rt = await openNight(dir);
    expect(rt.state.seq).toBe(300);
    expect(rt.rawsAfter(0)[6]).toBe(event(7));
    await rt.close();
  });

  it('refuses a flipped byte deep in the journal with the offset and line that opening names, and releases the file', async () => {
    const { dir, path } = await journalWith(300);
    const buf = await readFile(path);
    const at = lineOffsets(buf)[249]!;
    buf[at + 60] = buf[at + 60]! ^ 0x01;
    await writeFile(path, buf);
    const [night, store] = await refusals(dir);
    expect(night).toBeInstanceOf(JournalCorruptError);
    expect(night).toMatchObject({ offset: at, line: 250, problem: 'checksum mismatch' });
    expect(night).toEqual(store);
    expect(await readFile(path)).toEqual(buf);
    const held = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
    expect(held.filter((target) => target === path)).toEqual([]);
  });

  it('names the record whose checksum fails, even when the fold met one it could not parse before it', async () => {
    const { dir, path } = await journalWith(300);
    const buf = await readFile(path);
    const starts = lineOffsets(buf);
    // Record 100's JSON is cut short but its checksum matches it: the fold meets it first.
    const broken = encodeRecord(event(100).slice(0, -20));
    const damaged = Buffer.concat([buf.subarray(0, starts[99]), Buffer.from(broken), buf.subarray(starts[100])]);
    // Record 200's bytes no longer match its checksum: checking on opening refuses this one.
    const at200 = starts[199]! + broken.length - (starts[100]! - starts[99]!);
    damaged[at200 + 70] = damaged[at200 + 70]! ^ 0x02;
    await writeFile(path, damaged);
    const [night, store] = await refusals(dir);
    expect(night).toMatchObject({ offset: at200, line: 200, problem: 'checksum mismatch' });
    expect(night).toEqual(store);
  });

  it('names a bad checksum before a later record that is not a record at all', async () => {
    const { dir, path } = await journalWith(300);
    const buf = await readFile(path);
    const starts = lineOffsets(buf);
    buf[starts[119]! + 60] = buf[starts[119]! + 60]! ^ 0x01;
    buf[starts[239]!] = 0x5b; // "[": no longer framed as a record
    await writeFile(path, buf);
    const [night, store] = await refusals(dir);
    expect(night).toMatchObject({ offset: starts[119], line: 120, problem: 'checksum mismatch' });
    expect(night).toEqual(store);
  });

  it('leaves the snapshot where it is when the journal under it is refused', async () => {
    const { dir, path } = await journalWith(300);
    const writer = new FileJournal(dir);
    await writer.writeSnapshot(300, foldEvents((await writer.open()).events), []);
    await writer.close();
    const buf = await readFile(path);
    // A flipped byte in what the snapshot covers fails the snapshot's own check too.
    const at = lineOffsets(buf)[25]!;
    buf[at + 60] = buf[at + 60]! ^ 0x01;
    await writeFile(path, buf);
    const [night, store] = await refusals(dir);
    expect(night).toMatchObject({ offset: at, line: 26, problem: 'checksum mismatch' });
    expect(night).toEqual(store);
    expect((await readdir(dir)).sort()).toEqual(['journal.jsonl', 'snapshot.json']);
  });

  it('cuts a torn last record only once every checksum before it held', async () => {
    const { dir, path } = await journalWith(300);
    const whole = await readFile(path);
    const starts = lineOffsets(whole);
    // A torn write after the last record, and a flipped byte well before it.
    const damaged = Buffer.concat([whole, Buffer.from('{"c":"0123')]);
    damaged[starts[9]! + 60] = damaged[starts[9]! + 60]! ^ 0x01;
    await writeFile(path, damaged);
    const [night] = await refusals(dir);
    expect(night).toMatchObject({ line: 10, problem: 'checksum mismatch' });
    expect(await readFile(path)).toEqual(damaged);
    // Without the flipped byte the torn write is cut as always.
    await writeFile(path, Buffer.concat([whole, Buffer.from('{"c":"0123')]));
    const rt = await openNight(dir);
    expect(rt.state.seq).toBe(301); // the 300 and the journal.recovered that says what was cut
    expect((await readFile(path)).subarray(0, whole.length)).toEqual(whole);
    expect(await readFile(`${path}.torn-${whole.length}`, 'utf8')).toBe('{"c":"0123');
    await rt.close();
  });
});
