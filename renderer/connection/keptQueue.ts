import type { HubClient, PendingCommand } from '@shared/client';
import { SECRET_COMMANDS } from '@shared/cutover';

/*
 * The commands a window has not yet had answered, kept in this browser's storage so that a
 * reload (or a tab the browser discarded) loses none of them. Every tab of the same link reads
 * and writes the same list: a tab adds its own commands and takes out only those it saw the hub
 * answer, reading the list again just before each change. A tab that rewrote the whole list from
 * its own queue wiped what another tab had added since it opened: tab B, which had picked up
 * tab A's first note, cleared the list once the hub took that note, and tab A's second note,
 * not yet sent, was gone when tab A was reloaded.
 *
 * Two tabs may send the same kept command (both picked it up): the hub applies a member's
 * command id once and answers a repeat with the same seqs, so it is applied once.
 */

/** A command carrying a secret is never written where the page's storage could be read back. */
const keepable = (c: PendingCommand) => !SECRET_COMMANDS.has(c.type);

/** The commands kept under `key`; none when there are none or they cannot be read. */
export function readKept(key: string): PendingCommand[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? (parsed as unknown[]).filter((c): c is PendingCommand => typeof (c as { id?: unknown } | null)?.id === 'string') : [];
  } catch {
    return [];
  }
}

/** Changes the list kept under `key`, as it stands now (another tab may have changed it since this one last looked). */
function updateKept(key: string, change: (kept: PendingCommand[]) => PendingCommand[]): void {
  const next = change(readKept(key));
  if (next.length === 0) localStorage.removeItem(key);
  else localStorage.setItem(key, JSON.stringify(next));
}

/** `kept` without the commands `answered` names, with those of `added` it does not hold yet, in their order. */
function merged(kept: readonly PendingCommand[], answered: ReadonlySet<string>, added: readonly PendingCommand[]): PendingCommand[] {
  const rest = kept.filter((c) => !answered.has(c.id));
  const have = new Set(rest.map((c) => c.id));
  return [...rest, ...added.filter((c) => !have.has(c.id))];
}

/** Moves what is kept under `from` (where an older version of the page kept it) to `to`. */
export function moveKept(from: string, to: string): void {
  const old = readKept(from);
  if (old.length > 0) updateKept(to, (kept) => merged(kept, new Set(), old));
  localStorage.removeItem(from);
}

/**
 * Puts the commands kept under `key` back into `client`'s queue, and keeps its queue there from
 * now on, beside other tabs' (see above). Answers a way to stop.
 */
export function keepQueue(key: string, client: HubClient): () => void {
  const kept = readKept(key);
  client.restorePending(kept);
  // What the client did not take back (too large for a hub) could only ever be refused: no tab sends it.
  let mine = new Set(client.pending.filter(keepable).map((c) => c.id));
  const untaken = new Set(kept.filter((c) => !mine.has(c.id)).map((c) => c.id));
  if (untaken.size > 0) updateKept(key, (now) => merged(now, untaken, []));
  return client.subscribe(() => {
    const queue = client.pending.filter(keepable);
    const ids = new Set(queue.map((c) => c.id));
    // A command leaves the client's queue only when the hub answered it (taken or refused).
    const answered = new Set([...mine].filter((id) => !ids.has(id)));
    const added = queue.filter((c) => !mine.has(c.id));
    if (answered.size === 0 && added.length === 0) return;
    mine = ids;
    updateKept(key, (now) => merged(now, answered, added));
  });
}
