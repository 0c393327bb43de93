import { z } from 'zod';
import { commsCommandPayloads } from '../comms/events';
import { metricsCommandPayloads } from '../metrics/events';
import { SecretRefSchema } from '../metrics/schema';
import { AnswerBySchema, DecisionKindSchema, StationKeySchema, VoteSchema } from '../polls/schema';
import {
  IdSchema,
  MaintenanceWindowSchema,
  RoleSchema,
  NoteSeveritySchema,
  RunbookPlanSchema,
  StepEditSchema,
  StepPlanSchema,
} from './schema';

const id = IdSchema;
const reason = z.string().trim().min(1, 'A reason is required').max(2000);
const optionalNote = z.string().trim().max(2000).optional();

/**
 * Every command a client may send, version 1. The payload schema is the whole contract:
 * the hub parses with it before anything else looks at the command.
 */
export const commandPayloads = {
  'cutover.update': z
    .object({
      title: z.string().trim().min(1).max(200).optional(),
      window: MaintenanceWindowSchema.optional(),
      /** A point of no return by the clock (null clears it); a flagged step is the other kind. */
      pointOfNoReturnAt: z.number().int().nonnegative().nullable().optional(),
      /** Set before the night only: see CutoverInfo. */
      leadMayCrossPonr: z.boolean().optional(),
    })
    .refine((p) => p.title !== undefined || p.window !== undefined || p.pointOfNoReturnAt !== undefined || p.leadMayCrossPonr !== undefined, { message: 'Nothing to change' }),
  'cutover.schedule': z.object({}),
  'cutover.start': z.object({}),
  'cutover.finish': z
    .object({
      outcome: z.enum(['completed', 'rolled_back', 'aborted']),
      reason: optionalNote,
      /** The lead saw the steps still pending or running and completes anyway. */
      early: z.boolean().optional(),
    })
    .refine((p) => p.outcome === 'completed' || (p.reason ?? '') !== '', {
      message: 'Rolling back or aborting needs a reason',
      path: ['reason'],
    }),
  /** Undoes a slip of the hand: an ended night runs again, within REOPEN_GRACE_MS of its end. */
  'cutover.reopen': z.object({ reason }),
  'runbook.replace': z.object({ runbook: RunbookPlanSchema }),
  'step.add': z.object({ phaseId: id, step: StepPlanSchema, afterStepId: id.optional() }),
  'step.edit': z.object({ stepId: id, changes: StepEditSchema }),
  'step.remove': z.object({ stepId: id }),
  'step.start': z.object({ stepId: id, force: reason.optional() }),
  'step.complete': z.object({ stepId: id, note: optionalNote }),
  'step.skip': z.object({ stepId: id, reason }),
  'step.fail': z.object({ stepId: id, reason }),
  'step.block': z.object({ stepId: id, reason }),
  'step.reopen': z.object({ stepId: id, reason }),
  /** `writtenAt`: when the person wrote it, in hub time, stamped by the client (see shared/protocol/writtenAt.ts). */
  'step.note': z.object({ stepId: id, text: z.string().trim().min(1).max(4000), writtenAt: z.number().int().nonnegative().optional() }),
  /**
   * Crossing the point of no return without a GO: the approver's (or an allowed lead's)
   * explicit decision, typed out (`confirm` is the word CROSS) and explained.
   */
  'ponr.override': z.object({ stepId: id, confirm: z.string().trim().max(20), reason }),
  'note.add': z.object({ text: z.string().trim().min(1).max(4000), severity: NoteSeveritySchema.default('info'), writtenAt: z.number().int().nonnegative().optional() }),
  'member.shift': z.object({ onShift: z.boolean(), handover: optionalNote }),
  'member.setRole': z.object({ memberId: id, role: RoleSchema }),
  /** The crew function a joined member covers ("DBA"): what "My steps" and station polls read. */
  'member.setStation': z.object({ memberId: id, station: z.string().trim().max(40) }),
  /** Handled by the hub itself: the token it mints goes back in the ack, never into an event. */
  'invite.create': z.object({ role: RoleSchema, station: z.string().trim().max(40).default(''), label: z.string().trim().max(80).optional() }),
  'invite.revoke': z.object({ inviteId: id }),
  'poll.open': z.object({
    question: z.string().trim().min(1).max(500),
    stations: z.array(StationKeySchema).min(1, 'Name at least one station that must answer').max(50),
    gateStepId: id.optional(),
    /** When the poll closes by itself (hub time, ms). */
    deadline: z.number().int().positive().optional(),
    conditions: z.array(z.string().trim().min(1).max(300)).max(10).default([]),
    /** Each member of a station answers for themself, unless the poll says any one may. */
    answerBy: AnswerBySchema.default('person'),
  }),
  'poll.answer': z
    .object({
      pollId: id,
      vote: VoteSchema,
      comment: z.string().trim().max(2000).default(''),
      /** Station polls: the member saw someone else's answer for the station and replaces it. */
      replace: z.boolean().optional(),
    })
    .refine((p) => p.vote === 'go' || p.comment !== '', { message: 'A NO-GO needs a reason', path: ['comment'] }),
  'poll.close': z.object({ pollId: id }),
  'poll.repoll': z.object({ pollId: id }),
  'poll.check': z.object({ pollId: id, index: z.number().int().min(0).max(9), met: z.boolean() }),
  'decision.record': z.object({ pollId: id.optional(), decision: DecisionKindSchema, rationale: reason }),
  /**
   * Handled by the hub itself: the value goes to the hub's encrypted secrets, and only the
   * name into an event. Clients never keep this command where it could be read back.
   */
  'secret.set': z.object({ name: SecretRefSchema, value: z.string().min(1, 'The secret is empty').max(8000) }),
  ...metricsCommandPayloads,
  ...commsCommandPayloads,
} as const;

/** Commands whose payload holds a secret: never persisted on a client, never logged. */
export const SECRET_COMMANDS: ReadonlySet<string> = new Set(['secret.set']);

export type CommandType = keyof typeof commandPayloads;
export const COMMAND_TYPES = Object.keys(commandPayloads) as CommandType[];
export type CommandPayload<T extends CommandType> = z.infer<(typeof commandPayloads)[T]>;
export type CommandPayloadInput<T extends CommandType> = z.input<(typeof commandPayloads)[T]>;

/** One type of command: what a slice's decide function receives. */
export type CommandOf<T extends CommandType> = { id: string; type: T; payload: CommandPayload<T> };
export type Command = { [T in CommandType]: CommandOf<T> }[CommandType];

export type CommandParseResult = { ok: true; command: Command } | { ok: false; reason: string };

/** Parses an untrusted `{id, type, payload}` into a typed command, or says what is wrong. */
export function parseCommand(raw: unknown): CommandParseResult {
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'A command must be an object' };
  const { id: cid, type, payload } = raw as Record<string, unknown>;
  if (typeof cid !== 'string' || cid.length === 0 || cid.length > 64) {
    return { ok: false, reason: 'A command needs an id (1 to 64 characters)' };
  }
  if (typeof type !== 'string' || !Object.hasOwn(commandPayloads, type)) {
    return { ok: false, reason: `Unknown command type ${JSON.stringify(String(type)).slice(0, 80)}` };
  }
  const schema = commandPayloads[type as CommandType];
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) return { ok: false, reason: `Invalid ${type}: ${formatIssues(parsed.error)}` };
  return { ok: true, command: { id: cid, type, payload: parsed.data } as Command };
}

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
