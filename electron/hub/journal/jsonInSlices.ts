import { setImmediate as nextTurn } from 'node:timers/promises';

/*
 * JSON.stringify of a large value without holding the event loop for the whole of it. A
 * snapshot of a long night is megabytes of JSON: encoding it in one call held the hub ~30 ms
 * at 100,000 events, once every 1,000 events, and every command that arrived meanwhile
 * waited that long for its answer. Here the value is walked down to parts small enough to
 * hand to JSON.stringify whole, and the loop is given back whenever a slice has taken its
 * budget. The value must not change meanwhile: a state is never written to once it is
 * published (core/bulkFold.ts writes in place only what its own fold made).
 *
 * For plain data (objects, arrays, strings, numbers, booleans, null), which is all a state
 * and a snapshot hold, the text is what JSON.stringify returns, character for character.
 */

/** Values counted before a part is too big to be stringified in one go. */
const SMALL = 64;
/** Small parts joined into one piece before the next is started. */
const BATCH = 256;
/** Characters gathered before they are handed to `chunk` (64 K: small enough to convert without a stall). */
const CHUNK_CHARS = 64 * 1024;

export type SliceOptions = {
  /** Milliseconds of work before the loop is given back (4: a quarter of a frame's worth). */
  budgetMs?: number;
};

/**
 * The JSON of `value` as consecutive chunks of about 64 K characters each, each passed through
 * `chunk` (e.g. `Buffer.from`, so the UTF-8 is made a slice at a time too).
 */
export async function jsonInSlices<T>(value: unknown, chunk: (text: string) => T, opts: SliceOptions = {}): Promise<T[]> {
  const budgetMs = opts.budgetMs ?? 4;
  const chunks: T[] = [];
  let pending: string[] = [];
  let pendingChars = 0;
  let since = performance.now();
  for (const piece of pieces(value)) {
    pending.push(piece);
    pendingChars += piece.length;
    if (pendingChars >= CHUNK_CHARS) {
      chunks.push(chunk(pending.join('')));
      pending = [];
      pendingChars = 0;
    }
    if (performance.now() - since >= budgetMs) {
      await nextTurn();
      since = performance.now();
    }
  }
  if (pending.length > 0) chunks.push(chunk(pending.join('')));
  return chunks;
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const isOmitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Values still to be counted by `fits` before a part is too big. */
let left = 0;

function fits(x: unknown): boolean {
  if (--left < 0) return false;
  if (!isContainer(x)) return true;
  if (Array.isArray(x)) {
    for (const y of x) if (!fits(y)) return false;
    return true;
  }
  for (const k of Object.keys(x)) if (!fits((x as Record<string, unknown>)[k])) return false;
  return true;
}

/** A part JSON.stringify takes whole: a primitive, anything with its own toJSON, or a container of at most SMALL values however nested. */
function isWhole(v: unknown): boolean {
  if (!isContainer(v) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return true;
  left = SMALL;
  return fits(v);
}

/** The JSON of `v`, in order, as pieces: whole parts batched, big containers opened. */
function* pieces(v: unknown): Generator<string, void, undefined> {
  if (isWhole(v)) yield JSON.stringify(v) ?? 'null';
  else yield* opened(v as object);
}

/** A container too big to be stringified whole, a part at a time. */
function* opened(v: object): Generator<string, void, undefined> {
  if (Array.isArray(v)) yield* arrayPieces(v);
  else yield* objectPieces(v as Record<string, unknown>);
}

function* arrayPieces(list: readonly unknown[]): Generator<string, void, undefined> {
  yield '[';
  for (let i = 0; i < list.length;) {
    // A run of whole elements is stringified as one array, its brackets taken off.
    let j = i;
    while (j < list.length && j - i < BATCH && isWhole(list[j])) j++;
    if (j > i) {
      yield (i > 0 ? ',' : '') + JSON.stringify(list.slice(i, j)).slice(1, -1);
      i = j;
    } else {
      if (i > 0) yield ',';
      yield* opened(list[i] as object);
      i++;
    }
  }
  yield ']';
}

function* objectPieces(record: Record<string, unknown>): Generator<string, void, undefined> {
  yield '{';
  let batch: string[] = [];
  let first = true;
  for (const key of Object.keys(record)) {
    const x = record[key];
    if (isOmitted(x)) continue;
    const head = `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (isWhole(x)) {
      batch.push(head + JSON.stringify(x));
      if (batch.length < BATCH) continue;
      yield batch.join('');
    } else {
      if (batch.length > 0) yield batch.join('');
      yield head;
      yield* opened(x as object);
    }
    batch = [];
  }
  if (batch.length > 0) yield batch.join('');
  yield '}';
}
