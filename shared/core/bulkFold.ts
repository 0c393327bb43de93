/*
 * Folding a whole journal (foldEvents) makes a long chain of states that no one sees but the
 * next handler. Copying an append-only list at every event there made a long night's fold
 * quadratic: 20,000 step notes on a handful of steps copied fifty million entries, most of
 * the time it took a hub to open without a snapshot. Within one foldEvents call, a list
 * made by `appended` during that call is pushed to in place instead; everywhere else (each
 * event applied on its own, by the hub and by every client) lists are copied as always, so
 * a state stays unchanged for whoever holds it. A list given to `appended` must have one
 * place in the state: a handler that copies a whole record to another key copies its lists too.
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
