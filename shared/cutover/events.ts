import { z } from 'zod';
import { commsEventPayloads } from '../comms/events';
import { metricsEventPayloads } from '../metrics/events';
import { SecretRefSchema } from '../metrics/schema';
import { AnswerBySchema, DecisionKindSchema, PollCloseReasonSchema, VoteSchema } from '../polls/schema';
import {
  ActorSchema,
  IdSchema,
  PhasePlanSchema,
  RoleSchema,
  CutoverInfoSchema,
  CutoverStatusSchema,
  MaintenanceWindowSchema,
  MemberSchema,
  NoteSeveritySchema,
  RunbookPlanSchema,
  StepEditSchema,
  StepPlanSchema,
} from './schema';

const id = IdSchema;

/**
 * Event payloads, version 1. Events are facts: the reducer applies them without checks,
 * so they carry everything needed (a step added carries the whole step).
 */
export const eventPayloads = {
  'cutover.created': z.object({ cutover: CutoverInfoSchema, runbook: RunbookPlanSchema }),
  'cutover.updated': z.object({ title: z.string().optional(), window: MaintenanceWindowSchema.optional(), pointOfNoReturnAt: z.number().nullable().optional(), leadMayCrossPonr: z.boolean().optional() }),
  /** `leftUndone`: the steps still pending, blocked or running when the night ended. */
  'cutover.statusChanged': z.object({ from: CutoverStatusSchema, to: CutoverStatusSchema, reason: z.string().optional(), leftUndone: z.array(id).optional() }),
  'runbook.replaced': z.object({ runbook: RunbookPlanSchema }),
  'step.added': z.object({ phaseId: id, step: StepPlanSchema, index: z.number().int().nonnegative() }),
  'step.edited': z.object({ stepId: id, changes: StepEditSchema }),
  'step.removed': z.object({ stepId: id }),
  'step.started': z.object({ stepId: id, forcedReason: z.string().optional() }),
  'step.completed': z.object({ stepId: id, note: z.string().optional() }),
  'step.skipped': z.object({ stepId: id, reason: z.string() }),
  'step.failed': z.object({ stepId: id, reason: z.string() }),
  'step.blocked': z.object({ stepId: id, reason: z.string() }),
  'step.reopened': z.object({ stepId: id, reason: z.string() }),
  /** `writtenAt` (optional: older journals have none): when it was written; `ts` is when the hub got it. */
  'step.noted': z.object({ stepId: id, noteId: id, text: z.string(), writtenAt: z.number().optional() }),
  /** The point of no return at this step may be crossed without a GO: a decision of its own. */
  'ponr.overridden': z.object({ overrideId: id, stepId: id, reason: z.string() }),
  'note.added': z.object({ noteId: id, text: z.string(), severity: NoteSeveritySchema, writtenAt: z.number().optional() }),
  'member.joined': z.object({ member: MemberSchema }),
  'member.shiftChanged': z.object({ memberId: id, onShift: z.boolean(), handover: z.string().optional() }),
  'member.roleChanged': z.object({ memberId: id, role: RoleSchema }),
  'member.stationChanged': z.object({ memberId: id, station: z.string() }),
  'invite.created': z.object({ invite: z.object({ id, role: RoleSchema, station: z.string(), label: z.string() }) }),
  'invite.revoked': z.object({ inviteId: id }),
  'poll.opened': z.object({
    pollId: id,
    question: z.string(),
    stations: z.array(z.string()),
    gateStepId: id.optional(),
    deadline: z.number().optional(),
    conditions: z.array(z.string()),
    /** Absent in journals from before answering by person: those polls were answered by station. */
    answerBy: AnswerBySchema.optional(),
  }),
  'poll.answered': z.object({
    pollId: id,
    round: z.number().int().positive(),
    stations: z.array(z.string()),
    vote: VoteSchema,
    comment: z.string(),
    /** Station polls: the answers of other members this one replaced, confirmed. */
    replaces: z.array(z.object({ station: z.string(), by: ActorSchema, vote: VoteSchema, comment: z.string() })).optional(),
  }),
  'poll.closed': z.object({ pollId: id, round: z.number().int().positive(), reason: PollCloseReasonSchema }),
  'poll.reopened': z.object({ pollId: id, round: z.number().int().positive() }),
  'poll.conditionChecked': z.object({ pollId: id, index: z.number().int().nonnegative(), met: z.boolean() }),
  'decision.recorded': z.object({ decisionId: id, pollId: id.optional(), decision: DecisionKindSchema, rationale: z.string() }),
  /** ROLLBACK was decided: the way back becomes a checklist of its own. */
  'rollback.started': z.object({ decisionId: id, phase: PhasePlanSchema }),
  /** The hub found a torn last record after a crash and dropped it (it was never acknowledged). */
  'journal.recovered': z.object({ droppedBytes: z.number().int().nonnegative(), atOffset: z.number().int().nonnegative() }),
  /** The hub came back after being away (stopped or crashed): from its last sign of life to its return, hub time. */
  'hub.resumed': z.object({ downFrom: z.number().int().nonnegative(), downUntil: z.number().int().nonnegative() }),
  /** A secret was stored on the hub: its name only, never its value. */
  'secret.stored': z.object({ name: SecretRefSchema }),
  ...metricsEventPayloads,
  ...commsEventPayloads,
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
};

export const CutoverEventSchema = z.discriminatedUnion(
  'type',
  (Object.keys(eventPayloads) as EventType[]).map((type) =>
    z.object({ ...envelope, type: z.literal(type), payload: eventPayloads[type] }),
  ) as unknown as [z.ZodObject<z.ZodRawShape>, ...z.ZodObject<z.ZodRawShape>[]],
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
