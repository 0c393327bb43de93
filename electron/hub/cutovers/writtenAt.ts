import type { Command } from '@shared/cutover';
import { clampWrittenAt } from '@shared/protocol';

/**
 * The command as the hub decides it: a client's `writtenAt` (see shared/protocol/writtenAt.ts)
 * clamped to the hub's clock and the start of the record. The hub is the one clock; a
 * client's is believed only within it.
 */
export function stampWritten(command: Command, bounds: { notBefore: number; notAfter: number }): Command {
  if (command.type === 'note.add' && command.payload.writtenAt !== undefined) {
    return { ...command, payload: { ...command.payload, writtenAt: clampWrittenAt(command.payload.writtenAt, bounds) } };
  }
  if (command.type === 'step.note' && command.payload.writtenAt !== undefined) {
    return { ...command, payload: { ...command.payload, writtenAt: clampWrittenAt(command.payload.writtenAt, bounds) } };
  }
  return command;
}
