import type { CommandType } from '@shared/cutover';
import { useCutover } from '../../connection/cutoverStore';

/**
 * Whether a `type` command on this poll is on its way (queued, or sent and not yet answered):
 * its button waits meanwhile, as a runbook row's do (StepRow). A second GO sent behind the
 * first would land on the round the first closed and come back "Refused" over an answer
 * that counted.
 */
export function useSendingOn(type: CommandType, pollId: string): boolean {
  return useCutover((s) => s.pending.some((c) => c.type === type && (c.payload as { pollId?: unknown } | null)?.pollId === pollId));
}
