import { mayIssue, type CutoverState, type Member } from '@shared/cutover';
import { askedAgainSince, awaitingDecision, gateWaitsOn, type PollState } from '@shared/polls';
import { projectSchedule } from '@shared/schedule';
import { clockTime, span } from '../../lib/time';
import { askedAs, pollView, roundState, type PollModel } from './pollView';
import { MIN } from '@shared/time';

export type DecisionPanelModel = {
  board: PollModel;
  /** "Open · round 2 since 21:04 · closes in 3m" */
  status: string;
  /** What a GO passes, what it lets start, and what the gate still waits on (the hub refuses a GO until those are done). */
  gate: { title: string; opens: string[]; waits: string[] } | null;
  ponr: { text: string; tone: 'calm' | 'warn' | 'danger' } | null;
  /**
   * Why the panel offers no GO on this poll: its question was asked again since (a board the
   * lead closed by hand, so not on the panel), and the hub takes the GO only there.
   */
  askedAgain: string | null;
  /** Other polls also waiting for a decision. */
  more: number;
};

/** What the approver sees first while a poll waits on them; null when nothing does (or they are not the approver). */
export function decisionPanelView(state: CutoverState, me: Member | null, now: number): DecisionPanelModel | null {
  const role = me ? (state.members[me.id]?.role ?? me.role) : 'observer';
  if (!mayIssue(role, 'decision.record')) return null;
  const [poll, ...others] = awaitingDecision(state);
  if (!poll) return null;
  const tz = state.info?.window.timeZone ?? 'UTC';
  const board = pollView(state, poll, me);
  const gateStep = poll.gateStepId ? state.steps[poll.gateStepId] : undefined;
  const opens = gateStep
    ? Object.values(state.steps)
        .filter((s) => s.dependsOn.includes(gateStep.id))
        .map((s) => s.title)
    : [];
  return {
    board,
    status: roundState(board, tz, now),
    gate: gateStep ? { title: gateStep.title, opens, waits: gateWaitsOn(state, gateStep).map((s) => s.title) } : null,
    ponr: ponrLine(state, now, tz),
    askedAgain: askedAgainLine(state, poll),
    more: others.length,
  };
}

function askedAgainLine(state: CutoverState, poll: PollState): string | null {
  const newer = askedAgainSince(state, poll);
  return newer
    ? `Asked again since${askedAs(poll, newer)}: a GO is recorded there, in the Go/No-go tab, where the newer answers are weighed. HOLD and ROLLBACK are taken here.`
    : null;
}

function ponrLine(state: CutoverState, now: number, tz: string): DecisionPanelModel['ponr'] {
  const p = projectSchedule(state, now).pointOfNoReturn;
  if (!p) return null;
  const what = p.stepId ? `“${state.steps[p.stepId]?.title ?? ''}”` : 'by the clock';
  if (p.passed) return { text: `Point of no return passed (${what})`, tone: 'danger' };
  const left = p.minutesLeft;
  return {
    text: `Point of no return ${left <= 0 ? 'now' : `in ${span(left * MIN)}`} · ${what} at ${clockTime(p.at, tz)}`,
    tone: left <= 5 ? 'danger' : left <= 15 ? 'warn' : 'calm',
  };
}
