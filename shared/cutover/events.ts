import { z } from 'zod';
import { checkEventPayloads } from '../checks/payloads';
import { actionEventPayloads } from '../actions/payloads';
import { commsEventPayloads } from '../comms/events';
import { crewEventPayloads } from '../crew/payloads';
import { metricsEventPayloads } from '../metrics/events';
import { pollEventPayloads } from '../polls/payloads';
import { stepEventPayloads } from '../steps/payloads';
import { hubEventPayloads, lifecycleEventPayloads, noteEventPayloads } from './lifecyclePayloads';
import { ActorSchema } from './schema';

/**
 * Event payloads, version 1. Events are facts: the reducer applies them without checks,
 * so they carry everything needed (a step added carries the whole step). Each slice keeps
 * its own schemas; they meet here.
 */
export const eventPayloads = {
  ...lifecycleEventPayloads,
  ...stepEventPayloads,
  ...noteEventPayloads,
  ...crewEventPayloads,
  ...pollEventPayloads,
  ...hubEventPayloads,
  ...metricsEventPayloads,
  ...commsEventPayloads,
  ...checkEventPayloads,
  ...actionEventPayloads,
} as const;

export type EventType = keyof typeof eventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;

/** An event as a decision produces it, before the hub gives it a place in the order. */
export type NewEvent = { [T in EventType]: { type: T; payload: EventPayload<T> } }[EventType];

export const EVENT_VERSION = 1;

const envelope = {
  v: z.literal(EVENT_VERSION),
  seq: z.number().int().positive(),
  ts: z.number().int().nonnegative(),
  actor: ActorSchema,
  commandId: z.string().max(64).optional(),
  /**
   * On each event of a command (or a hub action) that made several: its place among them and
   * how many there are. A journal whose last event says more were to follow was cut short by
   * a crash mid-write, and the command's events are dropped whole (journal/scan.ts): never
   * kept half-applied. Absent on an event that was alone, and in journals written before it.
   */
  part: z.tuple([z.number().int().nonnegative(), z.number().int().min(2)]).optional(),
};

export const CutoverEventSchema = z.discriminatedUnion(
  'type',
  (Object.keys(eventPayloads) as EventType[]).map((type) => z.object({ ...envelope, type: z.literal(type), payload: eventPayloads[type] })) as unknown as [
    z.ZodObject<z.ZodRawShape>,
    ...z.ZodObject<z.ZodRawShape>[],
  ],
);

type Envelope = Omit<z.infer<z.ZodObject<typeof envelope>>, never>;
/** One type of event in the order: what a slice's apply function receives. */
export type EventOf<T extends EventType> = Envelope & { type: T; payload: EventPayload<T> };
/** An event in the order: `{v, seq, ts, actor, type, payload, commandId}`. */
export type CutoverEvent = { [T in EventType]: EventOf<T> }[EventType];

export function parseEvent(raw: unknown): { ok: true; event: CutoverEvent } | { ok: false; reason: string } {
  const r = CutoverEventSchema.safeParse(raw);
  if (!r.success) return { ok: false, reason: r.error.issues[0]?.message ?? 'invalid event' };
  return { ok: true, event: r.data as unknown as CutoverEvent };
}
