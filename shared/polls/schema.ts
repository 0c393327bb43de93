import { z } from 'zod';
import { RoleSchema, type Actor } from '../cutover/schema';

/**
 * A station that must answer a poll: a role (`role:approver`), a crew function
 * (`station:DBA`, matched against the member's invite) or one named member (`member:m-…`).
 */
export const StationKeySchema = z.union([
  z.templateLiteral(['role:', RoleSchema]),
  z.string().regex(/^station:.{1,40}$/),
  z.string().regex(/^member:m-[0-9a-f]{12}$/),
]);
export type StationKey = z.infer<typeof StationKeySchema>;

export const VoteSchema = z.enum(['go', 'no_go']);
export type Vote = z.infer<typeof VoteSchema>;

export const DecisionKindSchema = z.enum(['go', 'hold', 'rollback']);
export type DecisionKind = z.infer<typeof DecisionKindSchema>;

export const PollCloseReasonSchema = z.enum(['complete', 'deadline', 'closed_by_lead', 'decided', 'repolled']);
export type PollCloseReason = z.infer<typeof PollCloseReasonSchema>;

export type PollAnswer = { stations: string[]; vote: Vote; comment: string; by: Actor; at: number };

export type PollRound = {
  round: number;
  openedAt: number;
  /** The current answer per station. */
  answers: Record<string, PollAnswer>;
  /** Every answer given in this round, changes included, oldest first. */
  history: PollAnswer[];
  closedAt: number | null;
  closeReason: PollCloseReason | null;
};

export type PollCondition = { text: string; met: boolean | null; by: string | null; at: number | null };

export type PollState = {
  id: string;
  question: string;
  stations: string[];
  gateStepId: string | null;
  deadline: number | null;
  conditions: PollCondition[];
  openedBy: Actor;
  rounds: PollRound[];
};

export type DecisionRecord = { id: string; pollId: string | null; decision: DecisionKind; rationale: string; by: Actor; at: number };

export type InviteInfo = { id: string; role: z.infer<typeof RoleSchema>; station: string; label: string; createdAt: number; revokedAt: number | null };

export const currentRound = (p: PollState): PollRound => p.rounds[p.rounds.length - 1]!;
export const isOpen = (p: PollState): boolean => currentRound(p).closedAt === null;
