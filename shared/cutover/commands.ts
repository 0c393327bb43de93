import type { z } from 'zod';
import { checkCommandPayloads } from '../checks/payloads';
import { actionCommandPayloads } from '../actions/payloads';
import { commsCommandPayloads } from '../comms/events';
import { crewCommandPayloads } from '../crew/payloads';
import { metricsCommandPayloads } from '../metrics/events';
import { pollCommandPayloads } from '../polls/payloads';
import { stepCommandPayloads } from '../steps/payloads';
import { formatIssues } from '../core/issues';
import { lifecycleCommandPayloads, noteCommandPayloads, secretCommandPayloads } from './lifecyclePayloads';

/**
 * Every command a client may send, version 1. The payload schema is the whole contract:
 * the hub parses with it before anything else looks at the command. Each slice keeps its
 * own; the order here is the order of COMMAND_TYPES.
 */
export const commandPayloads = {
  ...lifecycleCommandPayloads,
  ...stepCommandPayloads,
  ...noteCommandPayloads,
  ...crewCommandPayloads,
  ...pollCommandPayloads,
  ...secretCommandPayloads,
  ...metricsCommandPayloads,
  ...commsCommandPayloads,
  ...checkCommandPayloads,
  ...actionCommandPayloads,
} as const;

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
