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

/**
 * Who answers a poll: `person`, every member of a polled station on their own (a role link
 * shared by two operators gives two votes); `station`, any one member for the station.
 */
export const AnswerBySchema = z.enum(['person', 'station']);
export type AnswerBy = z.infer<typeof AnswerBySchema>;

export const PollCloseReasonSchema = z.enum(['complete', 'deadline', 'closed_by_lead', 'decided', 'repolled']);
export type PollCloseReason = z.infer<typeof PollCloseReasonSchema>;

/** An answer someone else had given for a station, replaced on purpose (station polls). */
export type ReplacedAnswer = { station: string; by: Actor; vote: Vote; comment: string };

export type PollAnswer = {
  /** The stations this answer covers. */
  stations: string[];
  vote: Vote;
  comment: string;
  by: Actor;
  at: number;
  /** What this answer replaced that another member had said (absent: nothing). */
  replaced?: ReplacedAnswer[];
};

export type PollRound = {
  round: number;
  openedAt: number;
  /**
   * The current answers: per person (`member:<id>`) when the poll is answered by person,
   * per station key when it is answered by station.
   */
  answers: Record<string, PollAnswer>;
  /** Every answer given in this round, changes included, oldest first. */
  history: PollAnswer[];
  closedAt: number | null;
  closeReason: PollCloseReason | null;
  /**
   * How many decisions the night held when this round opened: the round's decisions are
   * the later ones (a HOLD and the re-poll after it can share a millisecond). Absent in
   * snapshots written before it was kept.
   */
  decisionsBefore?: number;
};

/** `checkId`: a condition bound to a check is met while the check passes (shared/checks/rails.ts), not by a tick. */
export type PollCondition = { text: string; met: boolean | null; by: string | null; at: number | null; checkId?: string };

export type PollState = {
  id: string;
  question: string;
  stations: string[];
  /** Absent in snapshots written before it was kept: read it through `answersByPerson`. */
  answerBy: AnswerBy;
  gateStepId: string | null;
  deadline: number | null;
  conditions: PollCondition[];
  openedBy: Actor;
  rounds: PollRound[];
};

/** `override`: why a GO went ahead over conditions that said no (`unmet`, their texts) or NO-GOs standing (`noGos`). */
export type DecisionRecord = {
  id: string;
  pollId: string | null;
  decision: DecisionKind;
  rationale: string;
  by: Actor;
  at: number;
  override?: { reason: string; unmet: string[]; noGos?: string[] };
};

export type InviteInfo = {
  id: string;
  role: z.infer<typeof RoleSchema>;
  station: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
  /** Meant for one person: once someone has joined by it, nobody else may (shared/crew/joining.ts). */
  singleUse?: boolean;
};

export const currentRound = (p: PollState): PollRound => p.rounds[p.rounds.length - 1]!;
export const isOpen = (p: PollState): boolean => currentRound(p).closedAt === null;
/**
 * An open round nobody has answered yet is being asked now: asking again (a double click on
 * Re-poll) would only close it empty and number the same question twice.
 */
export const beingAsked = (p: PollState): boolean => isOpen(p) && Object.keys(currentRound(p).answers).length === 0;
/** Polls from before answering by person (old journals, old snapshots) were answered by station. */
export const answersByPerson = (p: PollState): boolean => p.answerBy === 'person';
/** The key of a person's answer in a poll answered by person. */
export const personKey = (memberId: string): string => `member:${memberId}`;
/** Where a member's answer for `stations` stands in a round: under their own key by person, under each station's by station. */
export const answerKeys = (p: PollState, stations: readonly string[], memberId: string): readonly string[] =>
  answersByPerson(p) ? [personKey(memberId)] : stations;
