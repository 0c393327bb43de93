import { z } from 'zod';

/** Permission roles. A crew function such as "DBA" is a station, not a role. */
export const RoleSchema = z.enum(['lead', 'operator', 'approver', 'comms', 'observer']);
export type Role = z.infer<typeof RoleSchema>;
export const ROLES = RoleSchema.options;

export const CutoverStatusSchema = z.enum(['draft', 'scheduled', 'in_progress', 'completed', 'rolled_back', 'aborted']);
export type CutoverStatus = z.infer<typeof CutoverStatusSchema>;

/** The night is over: completed, rolled back or aborted (the lead may still reopen it for a while). */
export const isEnded = (status: CutoverStatus): boolean => status === 'completed' || status === 'rolled_back' || status === 'aborted';

export const StepKindSchema = z.enum(['task', 'verification', 'gate', 'comms', 'checkpoint']);
export type StepKind = z.infer<typeof StepKindSchema>;

export const StepStatusSchema = z.enum(['pending', 'in_progress', 'done', 'skipped', 'failed', 'blocked']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

export const NoteSeveritySchema = z.enum(['info', 'issue', 'decision', 'action']);
export type NoteSeverity = z.infer<typeof NoteSeveritySchema>;

const text = (max: number) => z.string().trim().max(max);

/*
 * Ids become keys of plain objects in the state. Names an object already has (`__proto__`,
 * `constructor`…) would read or even replace its prototype, so they are not ids.
 */
const RESERVED_IDS = new Set(Object.getOwnPropertyNames(Object.prototype));
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((s) => !RESERVED_IDS.has(s), { message: 'This id is a reserved word' });
/** Why someone did something out of the ordinary: a skip, a failure, a reopen, a decision. */
export const ReasonSchema = z.string().trim().min(1, 'A reason is required').max(2000);
/** A note a command may carry, or not. */
export const OptionalNoteSchema = z.string().trim().max(2000).optional();
/** Milliseconds since the epoch, as the hub's clock gives them. */
const epochMs = z.number().int().nonnegative();

export const MaintenanceWindowSchema = z
  .object({
    start: epochMs,
    end: epochMs,
    /** IANA zone the crew plans in, e.g. "Europe/London"; times are shown in it. */
    timeZone: z.string().min(1).max(64),
  })
  .refine((w) => w.end > w.start, { message: 'The window must end after it starts' });
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;

/** A step as planned: what a template, an import or an edit provides. */
export const StepPlanSchema = z.object({
  id: IdSchema,
  title: text(200).min(1),
  description: text(4000).default(''),
  /** A station ("DBA"), a role ("lead") or a member's name. */
  owner: text(80).default(''),
  /** Minutes after the window's start at which the step is planned to begin. */
  plannedOffsetMin: z
    .number()
    .min(0)
    .max(7 * 24 * 60),
  plannedDurationMin: z
    .number()
    .min(0)
    .max(7 * 24 * 60),
  dependsOn: z.array(IdSchema).max(50).default([]),
  kind: StepKindSchema.default('task'),
  rollbackNote: text(2000).default(''),
  pointOfNoReturn: z.boolean().default(false),
  /**
   * An outage this step begins ("event processing"): the customers' clock starts when the
   * step starts. The step naming the same outage in `outageEnd` stops it when it ends.
   */
  outageStart: text(80).min(1).optional(),
  /** An outage this step ends when it is done (the same name as some step's `outageStart`). */
  outageEnd: text(80).min(1).optional(),
  /**
   * On the step that begins an outage: how long the customers were told it would last
   * ("up to 30 minutes"). Without it the outage is measured but has no planned length: the
   * steps' own span is not a promise anyone made.
   */
  outagePlannedMin: z
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .optional(),
  /**
   * How the step's length follows the data, for plans drawn from a rehearsal: `volume` (a
   * copy, an index build: longer with more data), `drain` (working off the backlog an
   * outage left, timed from the rehearsal's rates). Absent: a fixed step.
   */
  scales: z.enum(['volume', 'drain']).optional(),
});
export type StepPlan = z.infer<typeof StepPlanSchema>;

export const PhasePlanSchema = z.object({
  id: IdSchema,
  title: text(200).min(1),
  steps: z.array(StepPlanSchema).max(1000),
});
export type PhasePlan = z.infer<typeof PhasePlanSchema>;

export const RunbookPlanSchema = z.object({ phases: z.array(PhasePlanSchema).max(100) });
export type RunbookPlan = z.infer<typeof RunbookPlanSchema>;

/*
 * An edit names only what changes. Built without the plan's defaults: with them, an edit of
 * the title alone came back with the description, dependencies, kind, rollback note and
 * point of no return reset to their defaults, and the step lost them (#16).
 */
const plan = StepPlanSchema.shape;
export const StepEditSchema = z
  .object({
    title: plan.title,
    description: plan.description.unwrap(),
    owner: plan.owner.unwrap(),
    plannedOffsetMin: plan.plannedOffsetMin,
    plannedDurationMin: plan.plannedDurationMin,
    dependsOn: plan.dependsOn.unwrap(),
    kind: plan.kind.unwrap(),
    rollbackNote: plan.rollbackNote.unwrap(),
    pointOfNoReturn: plan.pointOfNoReturn.unwrap(),
    outageStart: plan.outageStart,
    outageEnd: plan.outageEnd,
  })
  .partial();
export type StepEdit = z.infer<typeof StepEditSchema>;

export const MemberSchema = z.object({
  id: IdSchema,
  name: text(80).min(1),
  role: RoleSchema,
  /** The crew function this person covers tonight ("DBA", "SRE"), if the invite said. */
  station: text(40).default(''),
  /** The invite this member came in by: revoking it disconnects them. */
  inviteId: z.string().max(64).default(''),
});
export type Member = z.infer<typeof MemberSchema>;

/** Who did something: a member, or the hub itself (recovery, integrations). */
export const ActorSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().max(80),
  role: z.union([RoleSchema, z.literal('system')]),
});
export type Actor = z.infer<typeof ActorSchema>;

export const HUB_ACTOR: Actor = { id: 'hub', name: 'Hub', role: 'system' };

export const CutoverInfoSchema = z.object({
  id: IdSchema,
  title: text(200).min(1),
  window: MaintenanceWindowSchema,
  isRehearsal: z.boolean().default(false),
  /** A point of no return by the clock, besides (or instead of) a flagged step. */
  pointOfNoReturnAt: z.number().int().nonnegative().nullable().default(null),
  /**
   * Whether the lead, besides an approver, may cross the point of no return without a GO.
   * Off unless the cutover was planned so: the one who runs the night is not the one who
   * should wave it past its own gate.
   */
  leadMayCrossPonr: z.boolean().optional(),
});
export type CutoverInfo = z.infer<typeof CutoverInfoSchema>;

export { epochMs as EpochMsSchema };
