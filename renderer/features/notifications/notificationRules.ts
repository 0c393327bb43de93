import { isOwnedBy, readySteps, type CutoverState, type Member } from '../../../shared/cutover';
import type { Projection } from '../../../shared/schedule';

export type Notice = { key: string; title: string; body: string };

export const SLIP_THRESHOLDS_MIN = [10, 30] as const;
export const PONR_WARNING_MIN = 15;

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
  if (ponr && !ponr.passed && ponr.minutesLeft <= PONR_WARNING_MIN) {
    out.push({ key: `ponr:${ponr.stepId}`, title: 'Point of no return in 15 minutes', body: state.steps[ponr.stepId]?.title ?? '' });
  }
  return out;
}
