import { isOwnedBy, readySteps, type CutoverState, type Member } from '@shared/cutover';
import { currentRound, pollsAwaiting } from '@shared/polls';
import type { AlertKind } from '@shared/metrics';
import type { Projection } from '@shared/schedule';
import { ponrCleared, PONR_WARNINGS_MIN } from '../header';

export type Notice = { key: string; title: string; body: string };

export const SLIP_THRESHOLDS_MIN = [10, 30] as const;

const BAD_LAG: ReadonlySet<AlertKind> = new Set(['warning', 'critical', 'not_draining', 'down']);
const LAG_TITLES: Partial<Record<AlertKind, string>> = {
  warning: 'Lag at warning level',
  critical: 'Lag critical',
  not_draining: 'A backlog is not draining',
  down: 'A lag source is down',
};

/**
 * What deserves a desktop notification now. Each notice has a key; the caller shows a key
 * once, so a notification fires when something becomes true, not every time it is checked.
 */
export function currentNotices(state: CutoverState, p: Projection, me: Member | null): Notice[] {
  if (state.status !== 'in_progress') return [];
  const out: Notice[] = [];
  if (me) {
    for (const s of readySteps(state)) {
      if (isOwnedBy(s, me)) out.push({ key: `ready:${s.id}:${s.statusReason ?? ''}`, title: 'Your step is ready', body: s.title });
    }
  }
  for (const t of SLIP_THRESHOLDS_MIN) {
    if (p.slipMin >= t) out.push({ key: `slip:${t}`, title: `The night is ${t} minutes late`, body: `Projected end slips by ${Math.round(p.slipMin)} min.` });
  }
  const ponr = p.pointOfNoReturn;
  if (ponr && !ponr.passed && !ponrCleared(state, ponr)) {
    for (const m of PONR_WARNINGS_MIN) {
      if (ponr.minutesLeft <= m)
        out.push({
          key: `ponr:${m}`,
          title: `Point of no return in ${m} minutes, with no GO`,
          body: ponr.stepId ? (state.steps[ponr.stepId]?.title ?? '') : 'by the clock',
        });
    }
  }
  // A backlog getting worse, or a source gone, is news to everyone on the night.
  for (const id of state.seriesOrder) {
    const status = state.seriesStatus[id];
    if (status?.lastKind && BAD_LAG.has(status.lastKind) && status.message) {
      out.push({ key: `lag:${id}:${status.at}`, title: LAG_TITLES[status.lastKind] ?? 'Lag', body: status.message });
    }
  }
  // Whoever a poll asks hears that it waits on their answer: the gate waits on it, and the
  // board that asks is a tab they may not have open.
  if (me) {
    for (const poll of pollsAwaiting(state, me))
      out.push({ key: `asked:${poll.id}:${currentRound(poll).round}`, title: 'Your go/no-go answer is asked', body: poll.question });
  }
  // The approver hears when a poll has every answer and waits for a decision.
  if (me?.role === 'approver') {
    for (const id of state.pollOrder) {
      const poll = state.polls[id];
      const round = poll?.rounds[poll.rounds.length - 1];
      if (!poll || round?.closeReason !== 'complete') continue;
      const decided = state.decisions.some((d) => d.pollId === id && d.at >= round.closedAt!);
      if (!decided) out.push({ key: `poll:${id}:${round.round}`, title: 'A go/no-go poll is complete', body: `${poll.question}: your decision` });
    }
  }
  return out;
}
