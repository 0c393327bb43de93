import { z } from 'zod';
import { CutoverInfoSchema } from '../cutover/schema';
import { applyEvent, foldEvents } from '../cutover/reducer';
import { CutoverEventSchema, EVENT_VERSION, eventPayloads, type CutoverEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import { ActionItemSchema } from '../actions/schema';
import { sha256Hex } from './sha256';
import { SampleBatchSchema, type SampleBatch } from '../metrics/schema';

/*
 * A Warroom archive: one recorded cutover in one JSON file that opens with no network.
 *
 *   {"format":"warroom-archive","version":1,"exportedAt":…,"exportedBy":…,
 *    "cutover":{"id","title","isRehearsal","window"},"counts":{"events","samples"},
 *    "checksum":"sha256:<hex>","body":{"events":[…],"samples":[…]}}
 *
 * Version 2 adds the review to the body, `"review":{"postmortem","actions","editedAt",
 * "editedBy"}`: the postmortem as the team edited it and the action items added after the
 * night. An archive without a review is still written as version 1, so a Warroom that reads
 * only version 1 opens every archive the hub exports; one with a review it refuses with a
 * sentence (a newer Warroom made it), never by dropping the edits silently.
 *
 * The checksum covers the body's text exactly as it stands in the file: the UTF-8 bytes
 * from just after `"body":` to just before the closing brace. The writer always puts the
 * body last, so the reader cuts those bytes out without re-serialising anything (as the
 * journal does with its records): re-stringifying a parsed body is not canonical (integer-
 * like keys move to the front of an object) and would double the work on a 200 MB file.
 * Reformatting the file therefore counts as changing it. The header is not covered by the
 * checksum; instead everything in it that matters is checked against the body: the counts
 * against the lengths, the cutover against the folded events. Only `exportedAt` and
 * `exportedBy` are taken on trust, and they are shown as such.
 *
 * A checksum finds damage (a truncated copy, a flipped byte, a hand edit); it is not a
 * signature. Nothing secret is ever written: events carry no tokens, and the header holds
 * only the cutover's public description.
 */

export const ARCHIVE_FORMAT = 'warroom-archive';
export const ARCHIVE_VERSION = 2;
/** The version written when there is no review to carry: what every Warroom since the first opens. */
const PLAIN_VERSION = 1;
export const DEFAULT_MAX_ARCHIVE_BYTES = 200 * 1024 * 1024;
export const ARCHIVE_EXTENSION = '.warroom.json';

/** What the reader accepts; anything bigger is refused before it can freeze a window. */
export const ARCHIVE_LIMITS = {
  events: 1_000_000,
  samples: 1_000_000,
  /** Per event: the commands bound every text to 4,000 characters; this leaves headroom. */
  eventString: 100_000,
  eventArray: 10_000,
  eventDepth: 16,
  /** Per sample entry (a batch of points): one series over days at one point a second fits. */
  sampleString: 10_000,
  sampleArray: 1_000_000,
  sampleDepth: 8,
  exportedBy: 200,
  /** The edited postmortem: a long night's draft is a few hundred KB. */
  postmortem: 5_000_000,
  actions: 1_000,
} as const;

const BODY_SEPARATOR = ',"body":';

export const ArchiveCutoverSchema = CutoverInfoSchema.pick({ id: true, title: true, isRehearsal: true, window: true });
export type ArchiveCutover = z.infer<typeof ArchiveCutoverSchema>;

const count = z.number().int().nonnegative();
const HeaderSchema = z.object({
  exportedAt: z.number().int().nonnegative(),
  exportedBy: z.string().max(ARCHIVE_LIMITS.exportedBy).nullable(),
  cutover: ArchiveCutoverSchema,
  counts: z.object({ events: count, samples: count }),
});

export type ArchiveHeader = {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  exportedAt: number;
  exportedBy: string | null;
  cutover: ArchiveCutover;
  counts: { events: number; samples: number };
  checksum: string;
};

/** What the review adds to a recorded night (version 2): the edited postmortem and the action items added afterwards. */
export const ArchiveReviewSchema = z.object({
  /** The Markdown as the team left it; null when they only added action items. */
  postmortem: z.string().max(ARCHIVE_LIMITS.postmortem).nullable(),
  actions: z.array(ActionItemSchema).max(ARCHIVE_LIMITS.actions),
  editedAt: z.number().int().nonnegative(),
  editedBy: z.string().max(ARCHIVE_LIMITS.exportedBy).nullable(),
});
export type ArchiveReview = z.infer<typeof ArchiveReviewSchema>;

export type DecodedArchive = ArchiveHeader & { events: CutoverEvent[]; samples: SampleBatch[]; review: ArchiveReview | null };

export type ArchiveInput = { events: readonly CutoverEvent[]; samples?: SampleBatch[]; exportedAt: number; exportedBy?: string; review?: ArchiveReview };

export type DecodeResult = { ok: true; archive: DecodedArchive; state: CutoverState } | { ok: false; error: string };

const utf8 = new TextEncoder();

/** Writes the archive of a cutover. Throws if the events would make an archive Warroom cannot open. */
export async function encodeArchive(input: ArchiveInput): Promise<string> {
  const samples = input.samples ?? [];
  const events = checkEvents(input.events);
  if (!events.ok) throw new Error(`Cannot write this archive: ${events.error}`);
  const samplesProblem = checkSamples(samples);
  if (samplesProblem) throw new Error(`Cannot write this archive: ${samplesProblem}`);
  if (!Number.isInteger(input.exportedAt) || input.exportedAt < 0) throw new Error('Cannot write this archive: exportedAt must be a time in milliseconds');
  // Only these two events touch the cutover's description: folding them alone is enough,
  // and spares the hub a full fold of a long night while it keeps serving the crew.
  const info = foldEvents(input.events.filter((e) => e.type === 'cutover.created' || e.type === 'cutover.updated')).info!;
  let review: ArchiveReview | undefined;
  if (input.review) {
    const parsed = ArchiveReviewSchema.safeParse(input.review);
    if (!parsed.success) throw new Error(`Cannot write this archive: its review is not valid (${firstIssue(parsed.error)})`);
    review = parsed.data;
  }
  const bodyText = JSON.stringify(review ? { events: input.events, samples, review } : { events: input.events, samples });
  const header: ArchiveHeader = {
    format: ARCHIVE_FORMAT,
    version: review ? ARCHIVE_VERSION : PLAIN_VERSION,
    exportedAt: input.exportedAt,
    exportedBy: input.exportedBy?.slice(0, ARCHIVE_LIMITS.exportedBy) ?? null,
    cutover: { id: info.id, title: info.title, isRehearsal: info.isRehearsal, window: info.window },
    counts: { events: input.events.length, samples: samples.length },
    checksum: `sha256:${await sha256Hex(utf8.encode(bodyText))}`,
  };
  const headerText = JSON.stringify(header);
  return `${headerText.slice(0, -1)}${BODY_SEPARATOR}${bodyText}}\n`;
}

/**
 * Checks an archive and folds its events. Never throws: every way a file can be wrong ends
 * in `{ok: false, error}` with one sentence a person can act on.
 */
export async function decodeArchive(text: string, opts: { maxBytes?: number } = {}): Promise<DecodeResult> {
  try {
    return await decode(text, opts.maxBytes ?? DEFAULT_MAX_ARCHIVE_BYTES);
  } catch (e) {
    // Out of memory, a stack overflow in an engine: still an answer, never a throw.
    return { ok: false, error: `This archive could not be opened (${describeError(e)}).` };
  }
}

/** How event types are named ("step.completed"): one the archive holds that this Warroom lacks is a newer one's. */
const EVENT_TYPE_NAME = /^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/;

const fail = (error: string): DecodeResult => ({ ok: false, error });
const DAMAGED = 'The archive is damaged:';
const CHECKSUM_MISMATCH = `${DAMAGED} its checksum does not match (it was changed or truncated).`;

async function decode(input: unknown, maxBytes: number): Promise<DecodeResult> {
  if (typeof input !== 'string') return fail('This file is not a Warroom archive: it is not text.');
  // A UTF-16 unit is at least one UTF-8 byte, so this refuses without measuring.
  if (input.length > maxBytes) return fail(tooLarge(input.length, maxBytes, true));
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;

  const sep = text.indexOf(BODY_SEPARATOR);
  let header: unknown = sep > 0 ? parseJson(`${text.slice(0, sep)}}`) : NOT_JSON;
  let bodyInPlace = true;
  if (header === NOT_JSON) {
    // Not laid out as Warroom writes archives: read the whole text to say what it is.
    const whole = parseJsonWithError(text);
    if (!whole.ok) {
      return fail(
        /^\s*\{\s*"format"\s*:\s*"warroom-archive"/.test(text)
          ? `${DAMAGED} it is not complete JSON (${whole.error}); it was truncated or changed.`
          : `This file is not a Warroom archive: it is not valid JSON (${whole.error}).`,
      );
    }
    header = whole.value;
    bodyInPlace = false;
  }

  if (!isRecord(header)) return fail('This file is not a Warroom archive: it is JSON, but not an archive object.');
  if (header.format !== ARCHIVE_FORMAT) {
    return fail(
      header.format === undefined
        ? 'This file is not a Warroom archive: it has no "format" field.'
        : `This file is not a Warroom archive: its format is ${short(header.format)}, not "${ARCHIVE_FORMAT}".`,
    );
  }
  const version = header.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(
      version === undefined ? `${DAMAGED} it has no format version.` : `${DAMAGED} its format version (${short(version)}) is not a whole number from 1 up.`,
    );
  }
  if (version > ARCHIVE_VERSION) return fail(`This archive was made by a newer Warroom (format version ${version}); update Warroom to open it.`);
  const checksum = header.checksum;
  if (typeof checksum !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(checksum)) return fail(`${DAMAGED} its checksum is missing or malformed.`);
  const parsedHeader = HeaderSchema.safeParse(header);
  if (!parsedHeader.success) return fail(`${DAMAGED} its header is not valid (${firstIssue(parsedHeader.error)}).`);
  if (!bodyInPlace) return fail(CHECKSUM_MISMATCH);

  const tail = text.slice(sep + BODY_SEPARATOR.length).trimEnd();
  if (!tail.endsWith('}')) return fail(CHECKSUM_MISMATCH);
  const bodyText = tail.slice(0, -1);
  const bodyBytes = utf8.encode(bodyText);
  // The rest of the file is the header, the separator, the closing brace and white space.
  const fileBytes = utf8.encode(text.slice(0, sep)).length + bodyBytes.length + (text.length - sep - bodyText.length);
  if (fileBytes > maxBytes) return fail(tooLarge(fileBytes, maxBytes));
  if (`sha256:${await sha256Hex(bodyBytes)}` !== checksum) return fail(CHECKSUM_MISMATCH);

  const body = parseJsonWithError(bodyText);
  if (!body.ok) return fail(`${DAMAGED} its body is not valid JSON (${body.error}).`);
  if (!isRecord(body.value) || !Array.isArray(body.value.events) || !Array.isArray(body.value.samples)) {
    return fail(`${DAMAGED} its body must hold an "events" list and a "samples" list.`);
  }
  let review: ArchiveReview | null = null;
  // A version 1 archive has no review: one in its body means the header was altered, and
  // opening the night without it would drop the team's edits unsaid.
  if (version < 2 && body.value.review !== undefined)
    return fail(`${DAMAGED} its header says version ${version}, but its body holds a review, which version 2 added.`);
  if (version >= 2 && body.value.review !== undefined) {
    const parsedReview = ArchiveReviewSchema.safeParse(body.value.review);
    if (!parsedReview.success) return fail(`${DAMAGED} its review is not valid (${firstIssue(parsedReview.error)}).`);
    review = parsedReview.data;
  }
  const rawEvents: unknown[] = body.value.events;
  const samples = body.value.samples as SampleBatch[];
  const { counts, cutover } = parsedHeader.data;
  if (counts.events !== rawEvents.length) return fail(`${DAMAGED} its header counts ${counts.events} events but it holds ${rawEvents.length}.`);
  if (counts.samples !== samples.length) return fail(`${DAMAGED} its header counts ${counts.samples} samples but it holds ${samples.length}.`);

  const checked = checkEvents(rawEvents);
  if (!checked.ok) return fail(checked.error.startsWith('This archive') ? checked.error : `${DAMAGED} ${checked.error}.`);
  const samplesProblem = checkSamples(samples);
  if (samplesProblem) return fail(`${DAMAGED} ${samplesProblem}.`);

  const folded = fold(checked.events);
  if (!folded.ok) return fail(`${DAMAGED} ${folded.error}.`);
  const info = folded.state.info;
  if (!info || info.id !== cutover.id || info.title !== cutover.title || info.isRehearsal !== cutover.isRehearsal || !sameWindow(info.window, cutover.window)) {
    return fail(`${DAMAGED} its header describes a different cutover than its events do.`);
  }
  const archive: DecodedArchive = {
    format: ARCHIVE_FORMAT,
    version,
    checksum,
    exportedAt: parsedHeader.data.exportedAt,
    exportedBy: parsedHeader.data.exportedBy,
    cutover,
    counts,
    events: checked.events,
    samples,
    review,
  };
  return { ok: true, archive, state: folded.state };
}

type EventsCheck = { ok: true; events: CutoverEvent[] } | { ok: false; error: string };

/**
 * Every event: within size bounds, of a version and type this Warroom knows, valid against
 * its schema, seqs 1, 2, 3… with no gap, and the cutover created first and only once.
 * Errors are clauses ("the event at index 4 (seq 5) …") for the caller to frame.
 */
function checkEvents(raws: readonly unknown[]): EventsCheck {
  if (raws.length === 0) return { ok: false, error: 'it holds no events' };
  if (raws.length > ARCHIVE_LIMITS.events)
    return { ok: false, error: `it holds ${group(raws.length)} events, more than the ${group(ARCHIVE_LIMITS.events)} Warroom opens` };
  const events: CutoverEvent[] = new Array<CutoverEvent>(raws.length);
  const eventLimits = { maxString: ARCHIVE_LIMITS.eventString, maxArray: ARCHIVE_LIMITS.eventArray, maxDepth: ARCHIVE_LIMITS.eventDepth };
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    const seqOf = isRecord(raw) && typeof raw.seq === 'number' && Number.isInteger(raw.seq) ? ` (seq ${raw.seq})` : '';
    const which = `the event at index ${i}${seqOf}`;
    if (!isRecord(raw)) return { ok: false, error: `${which} is not an object` };
    const tooBig = oversized(raw, eventLimits);
    if (tooBig) return { ok: false, error: `${which} ${tooBig}` };
    if (typeof raw.v === 'number' && raw.v > EVENT_VERSION) {
      return { ok: false, error: `This archive was made by a newer Warroom (${which} has event version ${raw.v}); update Warroom to open it.` };
    }
    if (typeof raw.type !== 'string' || !Object.hasOwn(eventPayloads, raw.type)) {
      // Its checksum held: a type named as ours are ("step.attached") was added since, not damage.
      if (typeof raw.type === 'string' && EVENT_TYPE_NAME.test(raw.type))
        return {
          ok: false,
          error: `This archive was made by a newer Warroom (${which} is a ${short(raw.type)}, which this one does not know); update Warroom to open it.`,
        };
      return { ok: false, error: `${which} has an unknown type ${short(raw.type)}` };
    }
    const parsed = CutoverEventSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: `${which} is not a valid ${raw.type} event (${firstIssue(parsed.error)})` };
    const event = parsed.data as unknown as CutoverEvent;
    if (event.seq !== i + 1) {
      return { ok: false, error: `${which} should have seq ${i + 1}: events are missing, repeated or out of order` };
    }
    if (i === 0 && event.type !== 'cutover.created') return { ok: false, error: `its first event is ${event.type}, not cutover.created` };
    if (i > 0 && event.type === 'cutover.created') return { ok: false, error: `${which} creates the cutover a second time` };
    events[i] = event;
  }
  return { ok: true, events };
}

function checkSamples(samples: readonly unknown[]): string | null {
  if (samples.length > ARCHIVE_LIMITS.samples) return `it holds ${group(samples.length)} samples, more than the ${group(ARCHIVE_LIMITS.samples)} Warroom opens`;
  const limits = { maxString: ARCHIVE_LIMITS.sampleString, maxArray: ARCHIVE_LIMITS.sampleArray, maxDepth: ARCHIVE_LIMITS.sampleDepth };
  for (let i = 0; i < samples.length; i++) {
    const tooBig = oversized(samples[i], limits);
    if (tooBig) return `the sample at index ${i} ${tooBig}`;
    // A batch is {s: series id, t: [ms…], v: [values…]}, the columns the hub stores.
    const batch = SampleBatchSchema.safeParse(samples[i]);
    if (!batch.success) return `the sample at index ${i} is not a batch of points (${batch.error.issues[0]?.message ?? 'invalid'})`;
  }
  return null;
}

function fold(events: readonly CutoverEvent[]): { ok: true; state: CutoverState } | { ok: false; error: string } {
  try {
    return { ok: true, state: foldEvents(events) };
  } catch {
    // Find the event the reducer could not apply, to name it.
    let state: CutoverState | undefined;
    for (const e of events) {
      try {
        state = state ? applyEvent(state, e) : foldEvents([e]);
      } catch (error) {
        return { ok: false, error: `its events cannot be replayed (seq ${e.seq}, ${e.type}: ${describeError(error)})` };
      }
    }
    return { ok: false, error: 'its events cannot be replayed' };
  }
}

type Limits = { maxString: number; maxArray: number; maxDepth: number };

/**
 * Walks a parsed JSON value without recursion (a hostile file may nest a million levels)
 * and says what is too big, or null. Only containers go on the stack, so a batch of a
 * thousand numbers costs one push.
 */
function oversized(root: unknown, limits: Limits): string | null {
  type Frame = { value: object; depth: number; path: string };
  const stringTooLong = (s: string, path: string) =>
    s.length > limits.maxString ? `has a text of ${group(s.length)} characters${at(path)} (the limit is ${group(limits.maxString)})` : null;
  if (typeof root === 'string') return stringTooLong(root, '');
  if (typeof root !== 'object' || root === null) return null;
  const stack: Frame[] = [{ value: root, depth: 1, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (depth > limits.maxDepth) return `is nested more than ${limits.maxDepth} levels deep${at(path)}`;
    if (Array.isArray(value)) {
      if (value.length > limits.maxArray) return `has a list of ${group(value.length)} items${at(path)} (the limit is ${group(limits.maxArray)})`;
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (typeof child === 'string') {
          const problem = stringTooLong(child, `${path}[${i}]`);
          if (problem) return problem;
        } else if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1, path: `${path}[${i}]` });
      }
    } else {
      const keys = Object.keys(value);
      if (keys.length > limits.maxArray) return `has an object with ${group(keys.length)} fields${at(path)} (the limit is ${group(limits.maxArray)})`;
      for (const key of keys) {
        const childPath = path ? `${path}.${key.slice(0, 40)}` : key.slice(0, 40);
        const problem = stringTooLong(key, childPath);
        if (problem) return problem;
        const child: unknown = (value as Record<string, unknown>)[key];
        if (typeof child === 'string') {
          const p = stringTooLong(child, childPath);
          if (p) return p;
        } else if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1, path: childPath });
      }
    }
  }
  return null;
}

const at = (path: string) => (path ? ` at ${path}` : '');

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function parseJsonWithError(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: describeError(e) };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function sameWindow(a: ArchiveCutover['window'], b: ArchiveCutover['window']): boolean {
  return a.start === b.start && a.end === b.end && a.timeZone === b.timeZone;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const message = issue.message.length > 200 ? `${issue.message.slice(0, 200)}…` : issue.message;
  return issue.path.length ? `${issue.path.map(String).join('.')}: ${message}` : message;
}

/** A value quoted for a message, never longer than a line. */
function short(value: unknown): string {
  let s: string;
  try {
    s = value === undefined ? 'missing' : (JSON.stringify(value) ?? String(value));
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function describeError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const oneLine = message.replace(/\s+/g, ' ').trim() || 'unknown error';
  return oneLine.length > 160 ? `${oneLine.slice(0, 157)}…` : oneLine;
}

/** 1234567 → "1,234,567", the same in every locale. */
function group(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "812 bytes", "35.2 KB", "200 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 102.4) / 10} KB`;
  return `${Math.round(bytes / 104_857.6) / 10} MB`;
}

export function tooLarge(size: number, max: number, atLeast = false): string {
  return `This file is too large to be opened as a Warroom archive (${atLeast ? 'at least ' : ''}${sizeText(size)}; the limit is ${sizeText(max)}).`;
}

/** `database-cutover-2026-04-29.warroom.json`: the title made safe for any file system, and the night's date where it was planned. */
export function archiveFileName(cutover: Pick<ArchiveCutover, 'title' | 'window'>): string {
  return `${slugify(cutover.title)}-${localDate(cutover.window.start, cutover.window.timeZone)}${ARCHIVE_EXTENSION}`;
}

/** A title as a file name: plain letters and digits, at most 60 characters, cut between words (a lone word longer than that is cut). */
export function slugify(title: string): string {
  const whole = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (whole.length <= 60) return whole || 'cutover';
  const cut = whole.slice(0, 61);
  const boundary = cut.lastIndexOf('-');
  const slug = (boundary > 0 ? cut.slice(0, boundary) : whole.slice(0, 60)).replace(/-+$/, '');
  return slug || 'cutover';
}

function localDate(ms: number, timeZone: string): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}
