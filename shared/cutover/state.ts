import type { ActionItem } from '../actions/schema';
import type { CheckState } from '../checks/schema';
import { CommsConfigSchema, type CommsConfig, type MessageState, type Template } from '../comms/schema';
import type { SeriesStatus } from '../metrics/seriesStatus';
import type { SeriesConfig } from '../metrics/schema';
import type { DecisionRecord, InviteInfo, PollState } from '../polls/schema';
import type { Actor, CutoverInfo, CutoverStatus, Member, NoteSeverity, StepPlan, StepStatus } from './schema';

export type StepNote = { id: string; at: number; by: string; text: string };

export type StepState = StepPlan & {
  phaseId: string;
  status: StepStatus;
  /** The latest start: a reopened step is started afresh (the live pace and the point of no return read it). */
  startedAt: number | null;
  /**
   * The first start, which a reopen keeps: the postmortem times a step, and an outage, from it
   * (steps/time.ts). Absent in snapshots written before it was kept: read it as `startedAt`.
   */
  firstStartedAt?: number | null;
  endedAt: number | null;
  /**
   * The step's plan as the night started with it, once it was re-planned after the start (its
   * time or length edited): the postmortem measures the night against this, and the live
   * schedule goes by the new one. Absent when never re-planned, and in older snapshots.
   */
  baseline?: { plannedOffsetMin: number; plannedDurationMin: number };
  startedBy: string | null;
  endedBy: string | null;
  /** Why a step was started before its dependencies were done. */
  forcedReason: string | null;
  /** Why it was skipped, failed or blocked, or reopened. */
  statusReason: string | null;
  notes: StepNote[];
};

export type PhaseState = { id: string; title: string; stepIds: string[] };

export type MemberState = Member & {
  joinedAt: number;
  onShift: boolean;
  handover: string;
  shiftChangedAt: number;
};

/** The point of no return at a step crossed without a GO: who decided it, and why. */
export type PonrOverride = {
  id: string;
  stepId: string;
  reason: string;
  by: Actor;
  at: number;
  /**
   * How many decisions the night held when it was recorded: a HOLD or ROLLBACK among the later
   * ones closes it (cutover/rails.ts). Absent in snapshots written before it was kept.
   */
  decisionsBefore?: number;
};

export type TimelineNote = { id: string; at: number; by: Actor; text: string; severity: NoteSeverity };

/*
 * Timeline notes are not kept in the state: they are events already (see
 * `timelineNotes`), and appending to an immutable array on every note made a long
 * night's fold quadratic.
 */

/** Everything a client knows about one cutover: a pure fold of its events. */
export type CutoverState = {
  info: CutoverInfo | null;
  status: CutoverStatus;
  /** T0: when the lead started the night. */
  startedAt: number | null;
  endedAt: number | null;
  statusReason: string | null;
  /** Step ids still pending, blocked or running when the night ended (empty while it runs). */
  leftUndone: string[];
  phases: PhaseState[];
  steps: Record<string, StepState>;
  members: Record<string, MemberState>;
  polls: Record<string, PollState>;
  /** Poll ids, oldest first. */
  pollOrder: string[];
  decisions: DecisionRecord[];
  /** Points of no return crossed without a GO, oldest first. */
  overrides: PonrOverride[];
  invites: Record<string, InviteInfo>;
  /** Set once ROLLBACK was decided: the runbook is on its way back. */
  rollback: { startedAt: number; decisionId: string } | null;
  /** Lag series by id, in the order they were added; samples live outside the events. */
  series: Record<string, SeriesConfig>;
  seriesOrder: string[];
  seriesStatus: Record<string, SeriesStatus>;
  /** Secrets stored on the hub, by name (their values never reach a client). */
  secretNames: string[];
  comms: {
    config: CommsConfig;
    /** Templates saved for this cutover; the built-in ones apply where none is saved. */
    templates: Record<string, Template>;
    /** Where providers keep this cutover's things (the living Slack message's ts…). */
    refs: Partial<Record<'slack.status' | 'slack.thread' | 'statuspage.incident', string>>;
  };
  messages: Record<string, MessageState>;
  /** Message ids, oldest first. */
  messageOrder: string[];
  /** Action items by id (a snapshot written before they existed has none), and their order. */
  actions: Record<string, ActionItem>;
  actionOrder: string[];
  /** Checks by id (absent in snapshots from before checks: read through shared/checks/state.ts). */
  checks: Record<string, CheckState>;
  /** Check ids, oldest first. */
  checkOrder: string[];
  /** The seq of the last event folded in. */
  seq: number;
};

export const emptyCutoverState = (): CutoverState => ({
  info: null,
  status: 'draft',
  startedAt: null,
  endedAt: null,
  statusReason: null,
  leftUndone: [],
  phases: [],
  steps: {},
  members: {},
  polls: {},
  pollOrder: [],
  decisions: [],
  overrides: [],
  invites: {},
  rollback: null,
  series: {},
  seriesOrder: [],
  seriesStatus: {},
  secretNames: [],
  comms: { config: CommsConfigSchema.parse({}), templates: {}, refs: {} },
  messages: {},
  messageOrder: [],
  actions: {},
  actionOrder: [],
  checks: {},
  checkOrder: [],
  seq: 0,
});
