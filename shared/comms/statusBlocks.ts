import { nightState, type NightHold, type NightPhase } from '../cutover/nightState';
import type { CutoverState } from '../cutover/state';
import type { DecisionRecord } from '../polls/schema';
import { progress as progressOf } from '../cutover/selectors';
import { projectSchedule } from '../schedule/projection';
import { context, header, mrkdwn, SLACK_LIMITS, truncate, type SlackBlock } from './blocks';
import { clock, decisionText, percentText, progressText, slipText, windowText, zoneName } from './format';
import { customerEnd } from './banner';
import { lagSummaryText, worstLag, type LagSummary } from './lag';
import { escapeMrkdwn } from './render';
import { currentPhaseTitle } from './variables';
import { MIN } from '../time';

/*
 * The living status message: one Slack message the hub keeps current (chat.update), read
 * at a glance on a phone. The emoji carries the answer to "are we OK?" before any word.
 */

export type StatusInput = {
  title: string;
  /** Where the night is: its status, on hold while the last decision is HOLD, rolling back once ROLLBACK is decided. */
  status: NightPhase;
  /** The HOLD that holds the night, while it does. */
  hold?: NightHold | null;
  phase: string;
  progress: { done: number; total: number };
  /** When the night is projected to end, or ended. */
  projectedEnd: number;
  windowStart: number;
  windowEnd: number;
  /** Minutes behind the plan (negative: ahead). */
  slip: number;
  lastDecision: DecisionRecord | null;
  worstLag?: LagSummary | null;
  updatedAt: number;
  timeZone: string;
};

/** 🟢 on time, 🟠 late, ⏸️ on hold, 🔴 rolled back (or rolling back, or stopped), ✅ completed. */
export function statusEmoji(status: StatusInput['status'], slipMin: number): string {
  if (status === 'completed') return '✅';
  // Held by the approver, the night is not "on time", however the schedule reads.
  if (status === 'on_hold') return '⏸️';
  if (status === 'rolled_back' || status === 'rolling_back' || status === 'aborted') return '🔴';
  return Math.round(slipMin) > 0 ? '🟠' : '🟢';
}

/** Everything the status message says, read from the night as it is now. */
export function statusInput(state: CutoverState, now: number, lag: readonly LagSummary[] = []): StatusInput {
  const projection = projectSchedule(state, now);
  // The end customers are told, where one can be (a drain under way ends with its queues: customerEnd).
  const projectedEnd = state.endedAt ?? customerEnd(state, now, lag, projection) ?? projection.projectedEnd;
  // The header's reading of the night: a HOLD the CTO's phone must say, not only list.
  const night = nightState(state);
  return {
    title: state.info?.title ?? 'Cutover',
    status: night.phase,
    hold: night.hold,
    phase: currentPhaseTitle(state),
    progress: progressOf(state),
    projectedEnd,
    windowStart: state.info?.window.start ?? now,
    windowEnd: state.info?.window.end ?? now,
    slip: (projectedEnd - projection.plannedEnd) / MIN,
    lastDecision: state.decisions[state.decisions.length - 1] ?? null,
    worstLag: worstLag(lag),
    updatedAt: now,
    timeZone: state.info?.window.timeZone ?? 'UTC',
  };
}

/** The one line that answers "where are we": its words depend on where the night is. */
function headline(s: StatusInput, bold: (t: string) => string): string {
  const tz = s.timeZone;
  const at = (ms: number) => `${clock(ms, tz)} ${zoneName(ms, tz)}`;
  switch (s.status) {
    case 'completed':
      return `${bold('Completed')} at ${at(s.projectedEnd)} · ${slipText(s.slip)}`;
    case 'rolled_back':
      return `${bold('Rolled back')} at ${at(s.projectedEnd)}`;
    case 'aborted':
      return `${bold('Stopped')} at ${at(s.projectedEnd)}`;
    case 'draft':
    case 'scheduled':
      return `${bold('Not started')} · window ${windowText(s.windowStart, s.windowEnd, tz)}`;
    case 'rolling_back':
      return `${bold('Rolling back')} · projected end ${bold(clock(s.projectedEnd, tz))} · window ends ${at(s.windowEnd)}`;
    case 'on_hold':
      return `${bold('On hold')}${s.hold ? ` since ${at(s.hold.since)} (HOLD by ${s.hold.by})` : ''} · window ends ${at(s.windowEnd)}`;
    case 'in_progress':
      return `${bold(slipText(s.slip))} · projected end ${bold(clock(s.projectedEnd, tz))} · window ends ${at(s.windowEnd)}`;
  }
}

const facts = (s: StatusInput): Array<[label: string, value: string]> => [
  ['Phase', s.phase],
  ['Progress', `${progressText(s.progress)} (${percentText(s.progress)})`],
  ...(s.worstLag ? [['Backlog', lagSummaryText(s.worstLag, s.updatedAt, s.timeZone)] as [string, string]] : []),
  ['Last decision', decisionText(s.lastDecision, s.timeZone)],
];

export function statusBlocks(s: StatusInput): SlackBlock[] {
  const fields = facts(s).map(([label, value]) => mrkdwn(`*${label}*\n${escapeMrkdwn(value)}`, SLACK_LIMITS.field));
  return [
    header(`${statusEmoji(s.status, s.slip)} ${s.title}`),
    {
      type: 'section',
      text: mrkdwn(
        headline(s, (t) => `*${t}*`),
        SLACK_LIMITS.sectionText,
      ),
    },
    { type: 'section', fields: fields.slice(0, SLACK_LIMITS.fields) },
    context(`Updated ${clock(s.updatedAt, s.timeZone)} ${zoneName(s.updatedAt, s.timeZone)}`),
  ];
}

/** The same in one plain paragraph: Slack's fallback for notifications and old clients. */
export function statusText(s: StatusInput): string {
  const lines = [`${statusEmoji(s.status, s.slip)} ${s.title}: ${headline(s, (t) => t)}`, ...facts(s).map(([label, value]) => `${label}: ${value}`)];
  lines.push(`Updated ${clock(s.updatedAt, s.timeZone)} ${zoneName(s.updatedAt, s.timeZone)}`);
  return truncate(escapeMrkdwn(lines.join('\n')), SLACK_LIMITS.fallbackText);
}
