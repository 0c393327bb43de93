import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HUB_ACTOR, isEnded, type CutoverEvent } from '@shared/cutover';
import { writeFileAtomic } from '../storage/atomicWrite';
import type { CutoverLog, CutoverPart } from './parts';

const HEARTBEAT = 'heartbeat.json';

/** How often a cutover's folder is told the hub is alive. */
export const DEFAULT_HEARTBEAT_MS = 10_000;

/**
 * The hub's last sign of life in a cutover's folder, `{"at": <hub time>}`, rewritten every
 * few seconds and once more on a clean stop. A quiet night writes no events for minutes, so
 * the journal alone cannot say when a killed hub went away; this can, to within a beat.
 */
export class Heartbeat implements CutoverPart {
  // The last beat, once the journal has closed, is the hub's last moment with the cutover open.
  readonly outlivesJournal = true;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly now: () => number,
    readonly everyMs = DEFAULT_HEARTBEAT_MS,
  ) {}

  /** The time of the last beat written, or null (none yet, or a file that cannot be read). */
  async last(): Promise<number | null> {
    try {
      const { at } = JSON.parse(await readFile(join(this.dir, HEARTBEAT), 'utf8')) as { at?: unknown };
      return typeof at === 'number' && Number.isFinite(at) ? at : null;
    } catch {
      return null; // the journal's last event still bounds the outage
    }
  }

  /** Beats now and then every `everyMs`; the timer never keeps the process alive. */
  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.everyMs);
    this.timer.unref();
  }

  /** The last beat, on a clean stop: the outage that follows is measured from it exactly. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beat();
  }

  private beat(): Promise<void> {
    const at = this.now();
    // One write at a time, so a later beat can never be overtaken by an earlier one.
    // A beat that fails costs only precision, never the night.
    this.writing = this.writing.then(() => writeFileAtomic(join(this.dir, HEARTBEAT), JSON.stringify({ at }))).catch(() => undefined);
    return this.writing;
  }
}

/**
 * Puts the hub's absence on the record: `hub.resumed` from its last sign of life (the later
 * of its heartbeat and its last stored event) to now. Nothing for a gap under `minGapMs` (a
 * restart, not an outage), and nothing outside the night: before its window opens while it
 * is still being planned (a desktop hub is closed with the laptop), or once it has ended.
 */
export async function recordResumption(runtime: CutoverLog, lastSeen: number | null, now: number, minGapMs: number): Promise<void> {
  if (lastSeen === null || now - lastSeen < minGapMs) return;
  const { info, status } = runtime.state;
  if (!info || isEnded(status)) return;
  if (status !== 'in_progress' && now < info.window.start) return;
  await runtime.record(HUB_ACTOR, [{ type: 'hub.resumed', payload: { downFrom: Math.round(lastSeen), downUntil: Math.round(now) } }]);
}

/**
 * When the last recorded outage ended, or null: the hub that recorded it was running the night
 * then, so it is a sign of life like a beat (a holder that died before its first beat landed
 * leaves the next one nothing later to go by, and the same outage is not recorded twice).
 */
export function lastResumedUntil(raws: readonly string[]): number | null {
  for (let i = raws.length - 1; i >= 0; i--) {
    if (!raws[i]!.includes('"hub.resumed"')) continue;
    const event = JSON.parse(raws[i]!) as CutoverEvent;
    if (event.type === 'hub.resumed') return event.payload.downUntil;
  }
  return null;
}
