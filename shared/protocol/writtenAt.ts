/*
 * When a person wrote something, beside when the hub received it. A note typed while the
 * hub was away reaches it minutes later; stamping it with the delivery time alone would put
 * words in the record at a moment nobody wrote them. The client stamps the commands below
 * with its time of action, in hub time (its clock corrected by the offset it measured); the
 * hub keeps that as `writtenAt` beside the event's own `ts`, which still orders everything.
 */

import { clockTime } from '../time';

/** Commands whose payload carries `writtenAt`: what people write, not what they do. */
export const STAMPED_COMMANDS: ReadonlySet<string> = new Set(['note.add', 'step.note']);

/** Written and delivered this close together read as one moment: nothing more to say. */
export const WRITTEN_APART_MS = 5_000;

/**
 * A client's written time as the hub keeps it: never ahead of the hub's clock (a clock set
 * wrong cannot date a note in the future) and never before the record began.
 */
export function clampWrittenAt(writtenAt: number, bounds: { notBefore: number; notAfter: number }): number {
  return Math.round(Math.min(bounds.notAfter, Math.max(bounds.notBefore, writtenAt)));
}

/** The written time of an event worth showing: set, and apart from its delivery by more than a few seconds. */
export function writtenApart(e: { ts: number; payload: object }): number | null {
  const written = (e.payload as { writtenAt?: unknown }).writtenAt;
  return typeof written === 'number' && Math.abs(e.ts - written) > WRITTEN_APART_MS ? written : null;
}

/** " (written 18:40:25, delivered 18:41:05)" when the two are apart, else nothing. */
export function writtenTail(e: { ts: number; payload: object }, timeZone: string): string {
  const written = writtenApart(e);
  return written === null ? '' : ` (written ${clockTime(written, timeZone, true)}, delivered ${clockTime(e.ts, timeZone, true)})`;
}
