import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InviteStore } from '../auth/tokens';
import { Heartbeat } from '../cutovers/heartbeat';
import type { SampleBatch } from '@shared/metrics';
import type { CutoverPart } from '../cutovers/parts';
import type { EventStore } from '../journal/eventStore';
import { FileJournal } from '../journal/fileJournal';
import { SampleStore } from '../metrics/sampleStore';
import { HubVault } from '../secrets/vault';
import { lockDataDir } from '../storage/dataLock';

/** The hub's last sign of life for a cutover, and the part that keeps it fresh. */
export type SignOfLife = CutoverPart & { last(): Promise<number | null> };

/** What a hub keeps per cutover, wherever the store is. */
export type CutoverStorage = {
  invites: InviteStore;
  samples: SampleStore;
  heartbeat: (now: () => number, everyMs: number) => SignOfLife;
  /**
   * Several hubs: hands over the readings the lease holder stores, first all stored so far
   * (`live` false), then each new batch as it is stored. Answers a way to stop.
   */
  followSamples?: (onBatches: (batches: SampleBatch[], live: boolean) => void) => () => void;
  /** The events; `historyElsewhere` says what else shows the cutover had a history (its invites). */
  events: (log: (m: string) => void, historyElsewhere: string | null) => EventStore;
};

/** What /healthz says about the store: its kind, the other hubs heard from, the cutovers this hub runs the side effects of. */
export type StoreStatus = { store: string; peers: string[]; leads: string[] };

/**
 * Where a hub keeps its nights: a data folder (the embedded default, one hub) or a PostgreSQL
 * database several hubs share (store/postgres/).
 */
export interface StoreBackend {
  readonly kind: 'file' | 'postgres';
  /** The cutovers stored. */
  list(): Promise<string[]>;
  /** Makes room for a new cutover. */
  create(id: string): Promise<void>;
  cutover(id: string): CutoverStorage;
  vault(key: Buffer | null): Promise<HubVault>;
  status(): StoreStatus;
  close(): Promise<void>;
  /**
   * Several hubs: runs `handler.gained` while this hub holds the cutover's lease (it alone
   * runs its side effects), `lost` when it stops. Absent: this hub is the only one.
   */
  lead?(cutoverId: string, handler: LeaseHandler): { stop: () => Promise<void> };
  /** Several hubs: tells the others a new cutover exists, and hears of theirs. */
  announceCutover?(id: string): Promise<void>;
  onCutoverCreated?(listener: (id: string) => void): void;
  /** Several hubs: the key they all sign socket tickets with, so each accepts another's. */
  ticketKey?(): Promise<Buffer>;
  /** Several hubs: reads the vault again (another hub stored a secret). */
  refreshVault?(): Promise<void>;
  /** How this hub is named to the others (its URL, once it listens). */
  identify?(name: string): void;
}

/** What a hub does when it gains or loses the right to run a cutover's side effects. */
export type LeaseHandler = { gained: () => Promise<void>; lost: () => Promise<void> };

const ID_PATTERN = /^[a-z0-9-]{1,64}$/;

/** The data folder, locked to this hub while it runs. */
export async function fileBackend(dataDir: string, slowWriteMs?: number): Promise<StoreBackend> {
  // One hub per data folder: a second one would interleave its appends with this one's.
  const lock = await lockDataDir(dataDir);
  return { ...fileLayout(dataDir, slowWriteMs), close: () => lock.release() };
}

/**
 * The data folder's layout: `<dir>/cutovers/<id>/` per cutover (its lock is fileBackend's).
 * `slowWriteMs`: when the journals' writes leave the event loop (journal/writePlace.ts).
 */
export function fileLayout(dataDir: string, slowWriteMs?: number): StoreBackend {
  const dirOf = (id: string) => join(dataDir, 'cutovers', id);
  return {
    kind: 'file',
    async list() {
      await mkdir(join(dataDir, 'cutovers'), { recursive: true, mode: 0o700 });
      const entries = await readdir(join(dataDir, 'cutovers'), { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && ID_PATTERN.test(e.name)).map((e) => e.name);
    },
    create: async (id) => void (await mkdir(dirOf(id), { recursive: true, mode: 0o700 })),
    cutover(id) {
      const dir = dirOf(id);
      return {
        invites: new InviteStore(dir),
        samples: new SampleStore(dir),
        heartbeat: (now, everyMs) => new Heartbeat(dir, now, everyMs),
        events: (log, historyElsewhere) => new FileJournal(dir, { log, historyElsewhere, ...(slowWriteMs !== undefined ? { slowWriteMs } : {}) }),
      };
    },
    vault: async (key) => HubVault.open(dataDir, key),
    status: () => ({ store: 'file', peers: [], leads: [] }),
    close: async () => undefined,
  };
}
