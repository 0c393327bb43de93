import { rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCutoverState, type CutoverState } from '@shared/cutover';
import { JournalCorruptError, JournalMissingError, SnapshotAheadError, type EventStore } from '../../../electron/hub/journal/eventStore';
import { FileJournal } from '../../../electron/hub/journal/fileJournal';
import { keyHash } from '../../../electron/hub/journal/commandRuns';
import { PgBackend } from '../../../electron/hub/store/postgres/pgBackend';
import { tempDir } from '../../support/hubHarness';
import { freshSchema } from './pgSchema';
import { requireService } from '../../support/services';

const pgUp = await requireService('PostgreSQL', '127.0.0.1', 5432);

/*
 * The store contract: the same tests against the file journal and the PostgreSQL store. Each
 * kind says how to make a store for one cutover, and how to damage what it keeps.
 */
type Kind = {
  name: string;
  setup(): Promise<{
    store(opts?: { historyElsewhere?: string; log?: (m: string) => void }): EventStore;
    damageEvent(seq: number): Promise<void>;
    damageSnapshot(): Promise<void>;
    /** Loses the events after `seq`, as a restore from an older backup would. */
    loseEventsAfter(seq: number): Promise<void>;
    /** What the store keeps, to show nothing of it was changed. */
    kept(): Promise<{ events: string; snapshot: string | null }>;
    cleanup(): Promise<void>;
  }>;
};

const fileKind: Kind = {
  name: 'file journal',
  async setup() {
    const dir = await tempDir('warroom-contract-');
    return {
      store: (opts = {}) => new FileJournal(dir, opts),
      async damageEvent(seq) {
        const lines = (await readFile(join(dir, 'journal.jsonl'), 'utf8')).split('\n');
        lines[seq - 1] = lines[seq - 1]!.replace('"ts":', '"ts":1');
        await writeFile(join(dir, 'journal.jsonl'), lines.join('\n'));
      },
      async damageSnapshot() {
        const text = await readFile(join(dir, 'snapshot.json'), 'utf8');
        await writeFile(join(dir, 'snapshot.json'), text.replace('"commands":', '"commands" :'));
      },
      async loseEventsAfter(seq) {
        const lines = (await readFile(join(dir, 'journal.jsonl'), 'utf8')).split('\n');
        await writeFile(join(dir, 'journal.jsonl'), lines.slice(0, seq).join('\n') + '\n');
      },
      kept: async () => ({
        events: await readFile(join(dir, 'journal.jsonl'), 'utf8'),
        snapshot: await readFile(join(dir, 'snapshot.json'), 'utf8').catch(() => null),
      }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

const pgKind: Kind = {
  name: 'PostgreSQL store',
  async setup() {
    const db = freshSchema();
    const backend = await PgBackend.open({ url: db.url, log: () => undefined });
    await backend.create('c-1');
    return {
      store: (opts = {}) => backend.cutover('c-1').events(opts.log ?? (() => undefined), opts.historyElsewhere ?? null),
      damageEvent: async (seq) => void (await db.query(`UPDATE warroom_events SET event = replace(event, '"ts":', '"ts":1') WHERE seq = $1`, [seq])),
      damageSnapshot: async () => void (await db.query(`UPDATE warroom_snapshots SET snapshot = replace(snapshot, '"commands":', '"commands" :')`)),
      loseEventsAfter: async (seq) => void (await db.query('DELETE FROM warroom_events WHERE seq > $1', [seq])),
      kept: async () => ({
        events: JSON.stringify(await db.query('SELECT cutover, seq, crc, event FROM warroom_events ORDER BY cutover, seq')),
        snapshot: (await db.query<{ snapshot: string }>('SELECT snapshot FROM warroom_snapshots'))[0]?.snapshot ?? null,
      }),
      async cleanup() {
        await backend.close();
        await db.drop();
      },
    };
  },
};

const event = (seq: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    v: 1,
    seq,
    ts: 1_700_000_000_000 + seq,
    actor: { id: 'm-1', name: 'Ana', role: 'lead' },
    ...extra,
    type: 'note.added',
    payload: { text: `n${seq}` },
  });
const stateAt = (seq: number): CutoverState => ({ ...emptyCutoverState(), seq });

describe.each(pgUp ? [fileKind, pgKind] : [fileKind])('the store contract: $name', (kind) => {
  let cleanup: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await cleanup?.();
    cleanup = null;
  });
  const setup = async () => {
    const s = await kind.setup();
    cleanup = s.cleanup;
    return s;
  };
  /** What a fresh store of the same backend opens to, closed again (a hub restarting). */
  const reopened = async (s: Awaited<ReturnType<typeof setup>>, opts: Parameters<typeof s.store>[0] = {}) => {
    const store = s.store(opts);
    try {
      return await store.open();
    } finally {
      await store.close();
    }
  };

  it('opens empty, keeps what was appended byte for byte, and gives it back in seq order', async () => {
    const s = await setup();
    const store = s.store();
    expect(await store.open()).toEqual({ raws: [], events: [], snapshot: null, recovered: null });
    const raws = [event(1), event(2, { commandId: 'c1' }), event(3)];
    await store.append(raws.slice(0, 1));
    await store.append(raws.slice(1));
    await store.close();
    const again = await reopened(s);
    expect(again.raws).toEqual(raws);
    expect([...again.events].map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(again.snapshot).toBeNull();
  });

  it('makes concurrent appends durable together, in seq order, each resolved once stored', async () => {
    const s = await setup();
    const store = s.store();
    await store.open();
    const raws = Array.from({ length: 300 }, (_, i) => event(i + 1, { commandId: `k${i}` }));
    const order: number[] = [];
    await Promise.all(raws.map((r, i) => store.append([r]).then(() => order.push(i + 1))));
    expect(order).toEqual(raws.map((_, i) => i + 1));
    await store.close();
    expect((await reopened(s)).raws).toEqual(raws);
  });

  it('uses a snapshot that matches the events, folding only what follows it', async () => {
    const s = await setup();
    const store = s.store();
    await store.open();
    await store.append([event(1), event(2), event(3)]);
    await store.writeSnapshot(2, stateAt(2), [keyHash('m-1', 'c'), 2, 1]);
    await store.append([event(4)]);
    await store.close();
    const again = await reopened(s);
    expect(again.snapshot?.seq).toBe(2);
    expect(again.snapshot?.commands).toEqual([keyHash('m-1', 'c'), 2, 1]);
    expect([...again.events].map((e) => e.seq)).toEqual([3, 4]);
    expect(again.raws).toHaveLength(4);
  });

  it('discards a damaged snapshot, says so, and folds everything', async () => {
    const s = await setup();
    const store = s.store();
    await store.open();
    await store.append([event(1), event(2)]);
    await store.writeSnapshot(2, stateAt(2), []);
    await store.close();
    await s.damageSnapshot();
    const logs: string[] = [];
    const again = await reopened(s, { log: (m) => logs.push(m) });
    expect(again.snapshot).toBeNull();
    expect([...again.events].map((e) => e.seq)).toEqual([1, 2]);
    expect(logs.join('\n')).toMatch(/discarded/);
  });

  it('refuses to open events that fall short of their snapshot, keeping the snapshot and the events as they are', async () => {
    const s = await setup();
    const store = s.store();
    await store.open();
    await store.append([event(1), event(2), event(3), event(4)]);
    await store.writeSnapshot(4, stateAt(4), []);
    await store.close();
    await s.loseEventsAfter(2);
    const before = await s.kept();
    expect(before.snapshot).not.toBeNull();
    const logs: string[] = [];
    const error = await reopened(s, { log: (m) => logs.push(m) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(await s.kept()).toEqual(before);
    expect(logs.join('\n')).not.toMatch(/discarded/);
    expect((error as Error).message).toMatch(/ was taken at event 4; \S+ holds only 2: acknowledged events are missing\. Nothing was changed/);
    expect((error as Error).message).toMatch(/restored from a backup on purpose, .+ to open it as it is\./);
    expect(error).toBeInstanceOf(SnapshotAheadError);
    expect(error).toBeInstanceOf(JournalMissingError);
    expect(error).toMatchObject({ snapshotSeq: 4, lastSeq: 2 });
  });

  it('refuses a snapshot ahead of what is durable', async () => {
    const s = await setup();
    const store = s.store();
    await store.open();
    await store.append([event(1)]);
    await expect(store.writeSnapshot(2, stateAt(2), [])).rejects.toThrow(/ahead/);
    await store.close();
  });

  it('refuses events whose checksum does not hold, changing nothing', async () => {
    const s = await setup();
    const store = s.store();
    await store.open();
    await store.append([event(1), event(2), event(3)]);
    await store.close();
    await s.damageEvent(2);
    const error = await reopened(s).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JournalCorruptError);
    expect((error as Error).message).toMatch(/checksum|corrupt/);
    expect((error as Error).message).not.toMatch(/password/i);
  });

  it('refuses an empty history when invites show the cutover had one', async () => {
    const s = await setup();
    await expect(s.store({ historyElsewhere: 'invites list 4 invites' }).open()).rejects.toBeInstanceOf(JournalMissingError);
  });
});
