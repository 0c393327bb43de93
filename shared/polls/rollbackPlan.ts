import type { PhasePlan, StepPlan } from '../cutover/schema';
import type { CutoverState, StepState } from '../cutover/state';

export const ROLLBACK_PHASE_ID = 'rollback';

/**
 * The way back, as a checklist of its own: every step that was done (or under way) and
 * has a rollback note, undone in reverse order of when it happened. Timed from now, with
 * each undo planned as long as the step it undoes.
 */
export function rollbackPhase(state: CutoverState, now: number): PhasePlan {
  const touched = Object.values(state.steps)
    .filter((s): s is StepState & { startedAt: number } => s.rollbackNote.trim() !== '' && s.startedAt !== null && (s.status === 'done' || s.status === 'in_progress' || s.status === 'failed'))
    // What is still under way is undone first, then the rest from the latest finished back.
    .sort((a, b) => (b.endedAt ?? Number.MAX_SAFE_INTEGER) - (a.endedAt ?? Number.MAX_SAFE_INTEGER) || b.startedAt - a.startedAt);
  const windowStart = state.info?.window.start ?? now;
  let offset = Math.max(0, (now - windowStart) / 60_000);
  let previous: string | null = null;
  const steps: StepPlan[] = touched.map((s) => {
    const id = `rb-${s.id}`.slice(0, 64);
    const plan: StepPlan = {
      id,
      title: s.rollbackNote.slice(0, 200),
      description: `Undoes “${s.title}”.`,
      owner: s.owner,
      plannedOffsetMin: offset,
      plannedDurationMin: s.plannedDurationMin,
      dependsOn: previous ? [previous] : [],
      kind: 'task',
      rollbackNote: '',
      pointOfNoReturn: false,
    };
    offset += s.plannedDurationMin;
    previous = id;
    return plan;
  });
  return { id: ROLLBACK_PHASE_ID, title: 'Rollback', steps };
}
