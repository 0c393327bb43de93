/*
 * Where a command's time goes inside the hub, for `npm run bench:sync`: the moments it
 * arrived, was decided, written, fsync'd and broadcast. Off unless a benchmark turns it on
 * (`stageTimes` is then non-null); when off, each hook on the hot path is one null check.
 *
 * A command is followed by its member-scoped id until it is decided, then by its first
 * event's stored JSON (which the journal and the fan-out hold), so no interface between the
 * runtime, the store and the transport has to carry it.
 */

export const STAGES = ['arrival', 'decided', 'written', 'fsynced', 'broadcast'] as const;
export type Stage = (typeof STAGES)[number];
/** `command`: the command's id as its sender gave it, by which a benchmark matches the entry to its own clock. */
export type StageEntry = Partial<Record<Stage, number>> & { command?: string };

export class StageTimes {
  private byCommand = new Map<string, StageEntry>();
  private byRaw = new Map<string, StageEntry>();
  /** Commands that went all the way, in the order they were broadcast. */
  readonly done: StageEntry[] = [];

  /** `at`: when its frame reached the connection, before any parsing. */
  arrived(commandId: string, at: number): void {
    this.byCommand.set(commandId, { arrival: at, command: commandId });
  }

  decided(commandId: string, firstRaw: string | undefined): void {
    const entry = this.byCommand.get(commandId);
    this.byCommand.delete(commandId);
    if (!entry || firstRaw === undefined) return;
    entry.decided = performance.now();
    this.byRaw.set(firstRaw, entry);
  }

  /** `written` or `fsynced`, for every batch the journal just wrote: one clock reading for all. */
  stamp(firstRaws: readonly (string | undefined)[], stage: 'written' | 'fsynced'): void {
    const now = performance.now();
    for (const raw of firstRaws) {
      const entry = raw === undefined ? undefined : this.byRaw.get(raw);
      if (entry) entry[stage] = now;
    }
  }

  broadcast(firstRaw: string | undefined): void {
    const entry = firstRaw === undefined ? undefined : this.byRaw.get(firstRaw);
    if (!entry) return;
    this.byRaw.delete(firstRaw!);
    entry.broadcast = performance.now();
    this.done.push(entry);
  }
}

export let stageTimes: StageTimes | null = null;

/** Turns the stage clock on for this process (a benchmark's hub); returns it. */
export function recordStageTimes(): StageTimes {
  stageTimes ??= new StageTimes();
  return stageTimes;
}
