import { z } from 'zod';
import {
  MaintenanceWindowSchema,
  NoteSeveritySchema,
  RunbookPlanSchema,
  StepEditSchema,
  StepPlanSchema,
} from './schema';

const id = z.string().min(1).max(64);
const reason = z.string().trim().min(1, 'A reason is required').max(2000);
const optionalNote = z.string().trim().max(2000).optional();

/**
 * Every command a client may send, version 1. The payload schema is the whole contract:
 * the hub parses with it before anything else looks at the command.
 */
export const commandPayloads = {
  'cutover.update': z
    .object({ title: z.string().trim().min(1).max(200).optional(), window: MaintenanceWindowSchema.optional() })
    .refine((p) => p.title !== undefined || p.window !== undefined, { message: 'Nothing to change' }),
  'cutover.schedule': z.object({}),
  'cutover.start': z.object({}),
  'cutover.finish': z
    .object({ outcome: z.enum(['completed', 'rolled_back', 'aborted']), reason: optionalNote })
    .refine((p) => p.outcome === 'completed' || (p.reason ?? '') !== '', {
      message: 'Rolling back or aborting needs a reason',
      path: ['reason'],
    }),
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
  'step.note': z.object({ stepId: id, text: z.string().trim().min(1).max(4000) }),
  'note.add': z.object({ text: z.string().trim().min(1).max(4000), severity: NoteSeveritySchema.default('info') }),
  'member.shift': z.object({ onShift: z.boolean(), handover: optionalNote }),
} as const;

export type CommandType = keyof typeof commandPayloads;
export const COMMAND_TYPES = Object.keys(commandPayloads) as CommandType[];
export type CommandPayload<T extends CommandType> = z.infer<(typeof commandPayloads)[T]>;
export type CommandPayloadInput<T extends CommandType> = z.input<(typeof commandPayloads)[T]>;

export type Command = { [T in CommandType]: { id: string; type: T; payload: CommandPayload<T> } }[CommandType];

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
