import type { HubClient, KeptClock } from '@shared/client';
import type { CutoverEvent, Member } from '@shared/cutover';

/*
 * The night kept on this device (IndexedDB), so a reload with no hub reachable still shows it:
 * every event this window has folded, appended as they come (keyed by night and seq), and
 * when the hub was last heard. Events carry no secrets (a stored secret's event names it only).
 */
const DB = 'warroom-nights';
const EVENTS = 'events';
const HEARD = 'heard';

export type KeptNight = { events: CutoverEvent[]; heardAt: number | null; member: Member | null; clock: KeptClock | null };

/** Which night a copy is: the hub's address (the page's origin in a browser) and the cutover. */
export const nightKey = (hub: string, cutoverId: string): string => `${hub}|${cutoverId}`;

/** Whether this device kept any of the night. */
export async function hasKeptNight(hub: string, cutoverId: string): Promise<boolean> {
  return (await readNight(nightKey(hub, cutoverId)).catch(() => ({ events: [] as CutoverEvent[] }))).events.length > 0;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(EVENTS, { keyPath: ['night', 'seq'] });
      req.result.createObjectStore(HEARD);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

/** The hub's clock against this device's as the page knows it (measured, or kept from an earlier page); none before either. */
const clockOf = (client: HubClient): KeptClock | undefined =>
  client.clock.bestRttMs === null ? undefined : { offsetMs: client.clock.offsetMs, rttMs: client.clock.bestRttMs };

const done = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
  });

/** The night as this device kept it; nothing when there is no copy (or IndexedDB is not there). */
export async function readNight(night: string): Promise<KeptNight> {
  if (typeof indexedDB === 'undefined') return { events: [], heardAt: null, member: null, clock: null };
  const db = await openDb();
  try {
    const tx = db.transaction([EVENTS, HEARD], 'readonly');
    const range = IDBKeyRange.bound([night, 0], [night, Number.MAX_SAFE_INTEGER]);
    const [rows, heardAt] = await Promise.all([
      new Promise<{ event: CutoverEvent }[]>((resolve, reject) => {
        const req = tx.objectStore(EVENTS).getAll(range);
        req.onsuccess = () => resolve(req.result as { event: CutoverEvent }[]);
        req.onerror = () => reject(req.error ?? new Error('IndexedDB read failed'));
      }),
      new Promise<{ at?: unknown; member?: Member; clock?: KeptClock } | null>((resolve) => {
        const req = tx.objectStore(HEARD).get(night);
        req.onsuccess = () => resolve((req.result as { at?: unknown; member?: Member; clock?: KeptClock } | undefined) ?? null);
        req.onerror = () => resolve(null);
      }),
    ]);
    const clock = typeof heardAt?.clock?.offsetMs === 'number' && typeof heardAt.clock.rttMs === 'number' ? heardAt.clock : null;
    return { events: rows.map((r) => r.event), heardAt: typeof heardAt?.at === 'number' ? heardAt.at : null, member: heardAt?.member ?? null, clock };
  } finally {
    db.close();
  }
}

/**
 * Events written per transaction: each put clones its event on the main thread (250 took about
 * 30 ms in a traced load). In idle time a slice stops once the idle period is used up or
 * `SLICE_BUDGET_MS` have gone, after `SLICE_MIN` at least (an idle callback run by its timeout
 * has no time left, and the copy must still advance); `SLICE_MAX` at most, as when the window
 * is closing.
 */
const SLICE_MIN = 25;
const SLICE_MAX = 250;
/**
 * An idle period is up to 50 ms, and a step's change that arrives during a slice waits for it:
 * slices as long as the period held it that long. Traced in bench:ui, a window that had just
 * joined a night of 5,000 events spent its first second copying them in slices of 20 to 47 ms,
 * through the first toggles measured.
 */
const SLICE_BUDGET_MS = 4;

/**
 * Keeps the client's night on this device as it grows: new events appended (never rewritten),
 * and the moment the hub was last heard while live, at most every `everyMs`. A night the hub
 * started over (a restored journal) is replaced. Answers a way to stop.
 *
 * The copy is for a later reload, so it never competes with drawing the night or with what
 * arrives next: it is written in idle time, a slice of events per transaction, each slice
 * no longer than the idle period it runs in, nor than a few milliseconds. A long night's
 * catch-up written in one transaction was five thousand puts, a hundred milliseconds in which
 * the runbook's rows could not be drawn; slices of a fixed 250 still held a step's change,
 * arriving meanwhile, for up to 30 ms, and slices as long as the idle period for up to 47. A
 * copy cut short (the window closed) holds the first slices, a night as it was at some seq,
 * and the next save goes on from there.
 */
export function keepNight(night: string, client: HubClient, everyMs = 1000): () => void {
  if (typeof indexedDB === 'undefined') return () => undefined;
  let saved = -1;
  let savedHistory = client.startedOver;
  let writing = false;
  let dbp: Promise<IDBDatabase> | null = null;
  const save = async (inIdle = true) => {
    if (writing) return;
    writing = true;
    try {
      dbp ??= openDb();
      const db = await dbp;
      for (;;) {
        // Each slice in an idle moment of its own, the first one included (this function is
        // resumed after opening the database in whatever task that finished in).
        const idle = inIdle ? await new Promise<IdleDeadline | undefined>((r) => whenIdle(r)) : undefined;
        const events = client.events;
        const live = client.status === 'live';
        // Nothing folded yet (still connecting, or restoring): the kept copy stays as it is.
        if (events.length === 0 || (events.length === saved && !live)) return;
        const tx = db.transaction([EVENTS, HEARD], 'readwrite');
        const store = tx.objectStore(EVENTS);
        // The hub started the night over (fewer events than kept, or another history at the
        // same seqs, however long it has grown since): the copy follows it.
        const history = client.startedOver;
        const restart = events.length < saved || saved < 0 || history !== savedHistory;
        if (restart) store.delete(IDBKeyRange.bound([night, 0], [night, Number.MAX_SAFE_INTEGER]));
        const from = restart ? 0 : saved;
        const end = Math.min(events.length, from + SLICE_MAX);
        let to = from;
        const started = performance.now();
        while (to < end) {
          store.put({ night, seq: events[to]!.seq, event: events[to] });
          to++;
          if (idle && to - from >= SLICE_MIN && (idle.timeRemaining() < 1 || performance.now() - started >= SLICE_BUDGET_MS)) break;
        }
        // Who this window is on the night, so a restored copy can still queue their commands.
        // And the hub's clock against this device's, so notes written after a reload with no hub are dated in its time.
        if (live) tx.objectStore(HEARD).put({ at: client.hubNow(), member: client.member, clock: clockOf(client) }, night);
        await done(tx);
        saved = to;
        savedHistory = history;
        if (to === events.length) return;
      }
    } catch {
      // a copy that could not be written costs only the offline view
    } finally {
      writing = false;
    }
  };
  const timer = setInterval(() => void save(), everyMs);
  const off = client.subscribe(() => {
    if (client.events.length !== saved && client.status === 'live') void save();
  });
  return () => {
    clearInterval(timer);
    off();
    // The window is going: what is left is written now, not in idle time that may not come.
    void save(false).finally(() => void dbp?.then((db) => db.close()));
  };
}

/** Runs `fn` when the page is idle (within 2 s at the latest), with the idle period's deadline where the browser gives one. */
export function whenIdle(fn: (deadline?: IdleDeadline) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 200);
}
