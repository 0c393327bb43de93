import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldEvents, type Actor, type Command, type CutoverEvent } from '@shared/cutover';
import { startHub } from '../../../electron/hub/hub';
import { CutoverRuntime } from '../../../electron/hub/cutovers/cutoverRuntime';
import { CutoverRegistry } from '../../../electron/hub/cutovers/registry';
import { FileJournal } from '../../../electron/hub/journal/fileJournal';
import { createSource } from '../../../electron/hub/metrics/sources';
import { HubVault } from '../../../electron/hub/secrets/vault';
import { SMALL_RUNBOOK, tempDir, WINDOW_START } from '../../support/hubHarness';

/*
 * A damage suite over a real data folder. Each case writes the folder afresh, damages it,
 * opens it in-process as the hub does, and must end as exactly one of:
 *   refused   the cutover stays closed with a sentence, and its files are byte for byte as found;
 *   repaired  a torn tail was cut, the cut bytes kept beside the journal and the cut recorded;
 *   opened    nothing was cut.
 * Whatever opens must hold the state of folding its journal from scratch: never another.
 */

type Files = Record<string, Buffer>;
type Outcome = 'refused' | 'repaired' | 'opened';

let root: string;
let cutoverId: string;
/** The pristine folder: journal, invites, the final snapshot, and an older one (`stale`). */
let base: { journal: Buffer; invites: Buffer; snapshot: Buffer; stale: Buffer; otherNight: Buffer };
let caseNo = 0;

/** A small seeded generator (mulberry32): the same damage on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const flip = (buf: Buffer, at: number, r: () => number): Buffer => {
  const out = Buffer.from(buf);
  out[at] = out[at]! ^ (1 + Math.floor(r() * 255));
  return out;
};

/** Byte offsets where each journal line starts, and the end. */
const lineStarts = (journal: Buffer): number[] => {
  const starts = [0];
  for (let i = journal.indexOf(10); i !== -1; i = journal.indexOf(10, i + 1)) starts.push(i + 1);
  return starts;
};

/** Bytes compared as base64 text: a deep compare of Buffers goes byte by byte and is slow. */
const b64 = (files: Files): Record<string, string> => Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.toString('base64')]));

async function folderBytes(dir: string): Promise<Files> {
  const out: Files = {};
  for (const f of (await readdir(dir)).sort()) out[f] = await readFile(join(dir, f));
  return out;
}

async function writeCase(files: Files): Promise<{ dataDir: string; dir: string }> {
  const dataDir = join(root, `case-${++caseNo}`);
  const dir = join(dataDir, 'cutovers', cutoverId);
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  return { dataDir, dir };
}

const journalEvents = (journal: Buffer): CutoverEvent[] =>
  journal
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { r: CutoverEvent }).r);

/**
 * Checks what an open left behind against the folder as damaged, and names the outcome.
 * `state` is what the hub holds after opening (null when it refused).
 */
async function judge(dir: string, damaged: Files, state: unknown, refusal: Error | undefined): Promise<Outcome> {
  const after = await folderBytes(dir);
  if (refusal) {
    expect(state).toBeNull();
    expect(refusal.message).toMatch(/^[A-Z].*\.$/s); // a sentence, for the log and the person
    expect(b64(after)).toEqual(b64(damaged));
    return 'refused';
  }
  const journal = after['journal.jsonl']!;
  const events = journalEvents(journal);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(state).toEqual(foldEvents(events));
  const torn = Object.keys(after).filter((f) => f.startsWith('journal.jsonl.torn-'));
  if (torn.length === 0) return 'opened';
  expect(torn).toHaveLength(1);
  const at = Number(torn[0]!.slice('journal.jsonl.torn-'.length));
  const original = damaged['journal.jsonl']!;
  expect(after[torn[0]!]!.toString('base64')).toBe(original.subarray(at).toString('base64'));
  expect(journal.subarray(0, at).toString('base64')).toBe(original.subarray(0, at).toString('base64'));
  expect(events.find((e) => e.type === 'journal.recovered')?.payload).toEqual({ droppedBytes: original.length - at, atOffset: at });
  return 'repaired';
}

/** Opens the damaged folder as the hub does (the registry, in-process) and judges it. */
async function openWithRegistry(files: Files): Promise<{ outcome: Outcome; logs: string[] }> {
  const { dataDir, dir } = await writeCase(files);
  const damaged = await folderBytes(dir);
  const logs: string[] = [];
  const registry = new CutoverRegistry(dataDir, Date.now, (m) => logs.push(m), { vault: HubVault.open(dataDir, null, {}), createSource });
  await registry.loadAll();
  const open = registry.get(cutoverId);
  await registry.closeAll();
  const outcome = await judge(dir, damaged, open ? open.runtime.state : null, registry.unavailable.get(cutoverId));
  if (open) {
    // And again, now from whatever snapshot that first open left: still the fold.
    const again = new CutoverRegistry(dataDir, Date.now, () => undefined, { vault: HubVault.open(dataDir, null, {}), createSource });
    await again.loadAll();
    const state = again.get(cutoverId)?.runtime.state;
    await again.closeAll();
    expect(state).toEqual(foldEvents(journalEvents(await readFile(join(dir, 'journal.jsonl')))));
  }
  return { outcome, logs };
}

/** The lighter open (store and runtime only), for the many truncation cases. */
async function openWithRuntime(files: Files): Promise<Outcome> {
  const { dir } = await writeCase(files);
  const damaged = await folderBytes(dir);
  let state: unknown = null;
  let refusal: Error | undefined;
  try {
    const rt = await CutoverRuntime.open({ store: new FileJournal(dir, { historyElsewhere: 'invites.json lists invites' }), now: Date.now, newId: () => 'x' });
    state = rt.state;
    await rt.close();
  } catch (e) {
    refusal = e as Error;
  }
  return judge(dir, damaged, state, refusal);
}

const withJournal = (journal: Buffer, extra: Files = {}): Files => ({
  'journal.jsonl': journal,
  'invites.json': base.invites,
  'snapshot.json': base.snapshot,
  ...extra,
});

beforeAll(async () => {
  root = await tempDir('warroom-damage-');
  const dataDir = join(root, 'base');
  const lead: Actor = { id: 'm-lead', name: 'Lena', role: 'lead' };
  const run = async (cmds: Omit<Command, 'id'>[], at = dataDir): Promise<string> => {
    const hub = await startHub({ dataDir: at, port: 0, log: () => undefined });
    const id =
      hub.registry.list()[0]?.id ??
      (
        await hub.createCutover({
          title: 'First title',
          window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' },
          isRehearsal: false,
          runbook: SMALL_RUNBOOK,
        })
      ).cutoverId;
    const rt = hub.registry.get(id)!.runtime;
    for (const [i, c] of cmds.entries()) expect(await rt.execute({ ...c, id: `cmd-${rt.state.seq}-${i}` } as Command, lead)).toMatchObject({ ok: true });
    await hub.close(); // a clean stop writes the snapshot
    return id;
  };
  const notes = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({ type: 'note.add', payload: { text: `${tag} ${i} ünï “q”`, severity: 'info' } }) as Omit<Command, 'id'>);
  cutoverId = await run([...notes(12, 'a'), { type: 'cutover.update', payload: { title: 'Second title' } } as Omit<Command, 'id'>]);
  const dir = join(dataDir, 'cutovers', cutoverId);
  const stale = await readFile(join(dir, 'snapshot.json'));
  await run([{ type: 'cutover.update', payload: { title: 'Third title' } } as Omit<Command, 'id'>, ...notes(8, 'b')]);
  // Another night's snapshot, shorter than this journal: it must not pass for this one's.
  const other = join(root, 'other');
  const otherId = await run(notes(3, 'o'), other);
  const otherNight = await readFile(join(other, 'cutovers', otherId, 'snapshot.json'));
  base = {
    journal: await readFile(join(dir, 'journal.jsonl')),
    invites: await readFile(join(dir, 'invites.json')),
    snapshot: await readFile(join(dir, 'snapshot.json')),
    stale,
    otherNight,
  };
}, 30_000);

afterAll(async () => rm(root, { recursive: true, force: true }));

describe('a damaged data folder', () => {
  it('opens the pristine folder with the state of the fold', async () => {
    expect((await openWithRegistry(withJournal(base.journal))).outcome).toBe('opened');
  });

  it('refuses a byte flipped anywhere before the last record', async () => {
    const r = seeded(1);
    const lastStart = lineStarts(base.journal).at(-2)!;
    for (let k = 0; k < 25; k++) {
      const at = Math.floor(r() * lastStart);
      expect((await openWithRegistry(withJournal(flip(base.journal, at, r)))).outcome, `flip at ${at}`).toBe('refused');
    }
  });

  it('refuses a byte flipped inside the last record, and repairs a flipped final newline', async () => {
    const r = seeded(2);
    const lastStart = lineStarts(base.journal).at(-2)!;
    const offsets = [base.journal.length - 1, ...Array.from({ length: 15 }, () => lastStart + Math.floor(r() * (base.journal.length - 1 - lastStart)))];
    for (const at of offsets) {
      const expected = at === base.journal.length - 1 ? 'repaired' : 'refused';
      expect((await openWithRegistry(withJournal(flip(base.journal, at, r)))).outcome, `flip at ${at}`).toBe(expected);
    }
  });

  it('repairs or opens a journal cut at every offset of its last three records', async () => {
    // A snapshot from before them: a torn write only ever follows the records a snapshot covers.
    const starts = lineStarts(base.journal);
    const seen = new Set<Outcome>();
    const cuts = Array.from({ length: base.journal.length - starts.at(-4)! }, (_, i) => starts.at(-4)! + i);
    // Each case has its own folder, so they run side by side: the time is all fsync waits.
    for (let i = 0; i < cuts.length; i += 32) {
      await Promise.all(
        cuts.slice(i, i + 32).map(async (cut) => {
          const outcome = await openWithRuntime(withJournal(base.journal.subarray(0, cut), { 'snapshot.json': base.stale }));
          // At a record boundary, or a whole record short of only its newline: nothing to cut.
          expect(outcome, `cut at ${cut}`).toBe(starts.includes(cut) || base.journal[cut] === 10 ? 'opened' : 'repaired');
          seen.add(outcome);
        }),
      );
    }
    expect([...seen].sort()).toEqual(['opened', 'repaired']);
  });

  it('cuts garbage appended without a newline, and refuses garbage that ends a line', async () => {
    const r = seeded(3);
    const garbage = [Buffer.alloc(4096), Buffer.from('{"c":"0badf00d","r":{"v":1,"seq":'), Buffer.from('\n'), Buffer.from('x\n')];
    for (let k = 0; k < 12; k++) garbage.push(Buffer.from(Array.from({ length: 1 + Math.floor(r() * 600) }, () => Math.floor(r() * 256))));
    for (const g of garbage) {
      const expected = g.includes(10) ? 'refused' : 'repaired';
      expect((await openWithRegistry(withJournal(Buffer.concat([base.journal, g])))).outcome, `garbage ${g.subarray(0, 16).toString('hex')}`).toBe(expected);
    }
  });

  it('refuses a journal cut back below its snapshot: acknowledged events are missing', async () => {
    const starts = lineStarts(base.journal);
    const cases: [string, Files][] = [
      ['ahead by one', withJournal(base.journal.subarray(0, starts.at(-2)))],
      ['ahead by ten', withJournal(base.journal.subarray(0, starts.at(-11)))],
      ['ahead, with a torn write after', withJournal(base.journal.subarray(0, starts.at(-3)! + 20))],
      ['overwritten with zeros', withJournal(Buffer.alloc(base.journal.length))],
    ];
    for (const [name, files] of cases) {
      const { outcome, logs } = await openWithRegistry(files);
      expect(outcome, name).toBe('refused');
      expect(logs.join('\n'), name).toMatch(/snapshot\.json was taken at event \d+; journal\.jsonl holds only \d+: acknowledged events are missing/);
    }
  });

  it('uses a stale snapshot that still matches, and never one that is flipped or of an older format', async () => {
    const r = seeded(4);
    const starts = lineStarts(base.journal);
    const cases: [string, Files][] = [
      ['stale', withJournal(base.journal, { 'snapshot.json': base.stale })],
      [
        'older format',
        withJournal(base.journal, {
          'snapshot.json': Buffer.from(JSON.stringify({ seq: 3, state: { ...foldEvents(journalEvents(base.journal).slice(0, 3)), info: null } })),
        }),
      ],
      ['not JSON', withJournal(base.journal, { 'snapshot.json': base.snapshot.subarray(0, 100) })],
      ['another night', withJournal(base.journal, { 'snapshot.json': base.otherNight })],
      ['another night, journal cut back', withJournal(base.journal.subarray(0, starts.at(-3)), { 'snapshot.json': base.otherNight })],
    ];
    for (let k = 0; k < 20; k++) {
      const at = Math.floor(r() * base.snapshot.length);
      cases.push([`flipped at ${at}`, withJournal(base.journal, { 'snapshot.json': flip(base.snapshot, at, r) })]);
    }
    for (const [name, files] of cases) {
      const { outcome, logs } = await openWithRegistry(files);
      expect(outcome, name).toBe('opened');
      if (name !== 'stale') expect(logs.join('\n'), name).toMatch(/snapshot\.json .*discarded/);
    }
  });

  it('refuses a journal that is gone or empty beside invites or a snapshot, changing nothing', async () => {
    const cases: Files[] = [
      { 'invites.json': base.invites, 'snapshot.json': base.snapshot },
      { 'journal.jsonl': Buffer.alloc(0), 'invites.json': base.invites, 'snapshot.json': base.snapshot },
      { 'invites.json': base.invites },
      { 'journal.jsonl': Buffer.alloc(0), 'snapshot.json': base.snapshot },
      // Not one whole record: no more a new cutover than an empty file, so nothing is cut.
      { 'journal.jsonl': Buffer.alloc(base.journal.length), 'invites.json': base.invites },
      { 'journal.jsonl': Buffer.from(base.journal.subarray(0, 60)), 'invites.json': base.invites },
    ];
    for (const files of cases) {
      const { outcome, logs } = await openWithRegistry(files);
      expect(outcome).toBe('refused');
      expect(logs.join('\n')).toMatch(
        /journal\.jsonl (is missing or empty|holds no whole record \(\d+ bytes, none of them a record\)), but (invites\.json lists \d+ invites|snapshot\.json holds a state)/,
      );
    }
  });

  it('refuses invites it cannot read as "invites damaged"; a flip that keeps them readable opens with the fold', async () => {
    const r = seeded(5);
    const cases: Files[] = [
      withJournal(base.journal, { 'invites.json': base.invites.subarray(0, 50) }),
      withJournal(base.journal, { 'invites.json': Buffer.from('{"not":"a list"}') }),
    ];
    for (let k = 0; k < 10; k++) cases.push(withJournal(base.journal, { 'invites.json': flip(base.invites, Math.floor(r() * base.invites.length), r) }));
    let refused = 0;
    for (const files of cases) {
      const { outcome, logs } = await openWithRegistry(files);
      if (outcome !== 'refused') continue;
      refused++;
      expect(logs.join('\n')).toMatch(/unavailable: Invites damaged: .*invites\.json/);
      expect(logs.join('\n')).not.toMatch(/[Jj]ournal .*(corrupt|damaged)/);
    }
    expect(refused).toBeGreaterThanOrEqual(2);
  });
});
