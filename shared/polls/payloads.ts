import { z } from 'zod';
import { ActorSchema, IdSchema, PhasePlanSchema, ReasonSchema } from '../cutover/schema';
import { AnswerBySchema, DecisionKindSchema, PollCloseReasonSchema, StationKeySchema, VoteSchema } from './schema';

const id = IdSchema;
const condition = z.string().trim().min(1).max(300);

/** Commands on go/no-go polls and the decisions they lead to. */
export const pollCommandPayloads = {
  'poll.open': z.object({
    question: z.string().trim().min(1).max(500),
    stations: z.array(StationKeySchema).min(1, 'Name at least one station that must answer').max(50),
    gateStepId: id.optional(),
    /** When the poll closes by itself (hub time, ms). */
    deadline: z.number().int().positive().optional(),
    /** Text someone ticks, or a condition bound to a check: met while the check passes. */
    conditions: z
      .array(z.union([condition, z.object({ text: condition, checkId: id })]))
      .max(10)
      .default([]),
    /** A gate's poll: refused until every check of its conditions and of its gate step passes. */
    requireChecks: z.boolean().optional(),
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
      /**
       * With `replace`: the answers the member's prompt showed them replacing (station, whose,
       * which vote). If another has taken their place since, the replacement is asked again
       * rather than made over an answer nobody showed them. Absent from older clients.
       */
      replacing: z
        .array(z.object({ station: z.string(), by: id, vote: VoteSchema }))
        .max(20)
        .optional(),
      /** The round the screen showed: an answer queued before the question was put again is asked again, not counted in the new round. */
      round: z.number().int().min(1).optional(),
    })
    .refine((p) => p.vote === 'go' || p.comment !== '', { message: 'A NO-GO needs a reason', path: ['comment'] }),
  /** `round`: the round the screen showed, as for an answer: a close queued before a re-poll does not close the new round. */
  'poll.close': z.object({ pollId: id, round: z.number().int().min(1).optional() }),
  /** `round`: the round the screen showed: a Re-poll pressed on round 1 and landing after round 2 was asked does not throw round 2's answers away. */
  'poll.repoll': z.object({ pollId: id, round: z.number().int().min(1).optional() }),
  /** `was`: the mark the screen showed (null: not ticked); one changed since by someone else is not turned over unseen. */
  'poll.check': z.object({ pollId: id, index: z.number().int().min(0).max(9), met: z.boolean(), was: z.boolean().nullable().optional() }),
  /**
   * `override`: why GO goes ahead over a poll's unmet conditions (refused without one).
   * `after`: the last decision the approver's screen showed when they decided (null: none);
   * refused when another has been recorded since. `round`: the round of the poll the screen
   * showed; a decision on a poll asked again since (answered by nobody yet) is refused. Both
   * are left out by clients from before them.
   */
  'decision.record': z.object({
    pollId: id.optional(),
    decision: DecisionKindSchema,
    rationale: ReasonSchema,
    override: ReasonSchema.optional(),
    after: id.nullable().optional(),
    round: z.number().int().min(1).optional(),
  }),
};

export const pollEventPayloads = {
  'poll.opened': z.object({
    pollId: id,
    question: z.string(),
    stations: z.array(z.string()),
    gateStepId: id.optional(),
    deadline: z.number().optional(),
    conditions: z.array(z.union([z.string(), z.object({ text: z.string(), checkId: id })])),
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
  /** `override`: a GO over unmet conditions, with why and which (their texts as they stood). */
  'decision.recorded': z.object({
    decisionId: id,
    pollId: id.optional(),
    decision: DecisionKindSchema,
    rationale: z.string(),
    /** `noGos`: the NO-GOs standing when it was given ("Sam (SRE): queue not drained"); absent before they were recorded. */
    override: z.object({ reason: z.string(), unmet: z.array(z.string()), noGos: z.array(z.string()).optional() }).optional(),
  }),
  /** ROLLBACK was decided: the way back becomes a checklist of its own. */
  'rollback.started': z.object({ decisionId: id, phase: PhasePlanSchema }),
};
