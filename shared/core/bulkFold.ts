/*
 * Folding a whole journal (foldEvents) makes a long chain of states that no one sees but the
 * next handler. Copying an append-only list at every event there made a long night's fold
 * quadratic: 20,000 step notes on a handful of steps copied fifty million entries, most of
 * the time it took a hub to open without a snapshot. Within one foldEvents call, a list
 * made by `appended` during that call is pushed to in place instead; everywhere else (each
 * event applied on its own, by the hub and by every client) lists are copied as always, so
 * a state stays unchanged for whoever holds it. A list given to `appended` must have one
 * place in the state: a handler that copies a whole record to another key copies its lists too.
 *
 * Records are the same: `patched` copies a record once per fold and then writes to the copy
 * in place, so a step's event no longer copies the whole state, the steps' record and the
 * step at every event (a fold of 50,000 step events spent more time copying than deciding).
 */
let fresh: WeakSet<object> | null = null;

/** Runs a fold whose intermediate states no one else sees; lists `appended` makes in it may grow in place. */
export function bulkFold<T>(fold: () => T): T {
  const outer = fresh;
  fresh = new WeakSet();
  try {
    return fold();
  } finally {
    fresh = outer;
  }
}

/** `[...list, item]`, or `list` itself with `item` pushed when the bulk fold under way made it. */
export function appended<T>(list: readonly T[], item: T): T[] {
  if (fresh?.has(list)) {
    (list as T[]).push(item);
    return list as T[];
  }
  const copy = [...list, item];
  fresh?.add(copy);
  return copy;
}

/**
 * `{ ...record, ...patch }`, or `record` itself with `patch` written into it when the bulk fold
 * under way made it. The same rule as `appended`: a record given here has one place in the state.
 */
export function patched<T extends object>(record: T, patch: Partial<T>): T {
  if (fresh?.has(record)) return Object.assign(record, patch);
  const copy = { ...record, ...patch };
  fresh?.add(copy);
  return copy;
}

/** Whether the fold under way made `record`, so that it is written in place (false outside a fold). */
export function isMadeHere(record: object): boolean {
  return fresh?.has(record) ?? false;
}

/** Marks a record made by the fold under way as its own, so `patched` may write to it in place. */
export function madeHere<T extends object>(record: T): T {
  fresh?.add(record);
  return record;
}
