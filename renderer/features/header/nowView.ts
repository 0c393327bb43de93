import { currentSteps, type CutoverState } from '@shared/cutover';
import { ROLLBACK_PHASE_ID } from '@shared/polls/rollbackPlan';
import { span } from '../../lib/time';
import { MIN } from '@shared/time';

export type NowItem = {
  stepId: string;
  title: string;
  owner: string;
  /** "3m in · 5m planned" while it runs, "5m planned" while it waits. */
  timing: string;
  /** Running longer than planned. */
  over: boolean;
  /** A rollback step says which forward steps it undoes. */
  undoes: string | null;
};

export type NowView = { label: 'Now' | 'Next'; items: NowItem[]; more: number };

/** Steps named in the line; more would not fit on it. */
const SHOWN = 2;

/**
 * The line under the header that names what is running now (or, between steps, what is
 * next), so it is on screen wherever the runbook is scrolled to. Nothing outside the night.
 */
export function nowView(state: CutoverState, now: number): NowView | null {
  if (state.status !== 'in_progress') return null;
  const steps = currentSteps(state);
  const first = steps[0];
  if (!first) return null;
  const items = steps.slice(0, SHOWN).map((s): NowItem => {
    const ranMs = s.startedAt === null ? null : now - s.startedAt;
    return {
      stepId: s.id,
      title: s.title,
      owner: s.owner,
      timing: ranMs === null ? `${s.plannedDurationMin}m planned` : `${span(ranMs)} in · ${s.plannedDurationMin}m planned`,
      over: ranMs !== null && ranMs > s.plannedDurationMin * MIN,
      undoes: s.phaseId === ROLLBACK_PHASE_ID && s.description !== '' ? s.description : null,
    };
  });
  return { label: first.status === 'in_progress' ? 'Now' : 'Next', items, more: steps.length - items.length };
}
