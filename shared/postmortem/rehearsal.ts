import type { RunbookPlan } from '../cutover/schema';
import { orderedSteps } from '../cutover/selectors';
import type { CutoverState, StepState } from '../cutover/state';
import { ROLLBACK_PHASE_ID } from '../polls/rollbackPlan';
import { MAX_DURATION_MIN } from '../runbook/duration';
import { buildRunbookPlan, formatRunbookError, type StepDraft } from '../runbook/plan';
import { MIN } from '../time';

/**
 * How long a step really took, in minutes: done steps that were started and ticked off at
 * different moments. A step ticked off without being started was not timed.
 */
export function measuredMinutes(step: StepState): number | null {
  if (step.status !== 'done' || step.startedAt === null || step.endedAt === null || step.endedAt <= step.startedAt) return null;
  return (step.endedAt - step.startedAt) / MIN;
}

/** The runbook phases of a night, without the way back a rollback added. */
function runbookPhases(state: CutoverState) {
  return state.phases.filter((p) => !(state.rollback && p.id === ROLLBACK_PHASE_ID));
}

/**
 * A live plan from a rehearsal: the rehearsal's runbook with every step that was measured
 * planned as long as it really took (at least a minute), times `scale`: one factor for
 * all, or one per step id (missing ids: 1). That is seed 000's lesson: staging was
 * smaller than live, so its timings are a floor to scale, not a promise. Steps that were not
 * measured keep their planned duration, unscaled.
 *
 * Planned starts are then worked out again from the dependencies, as an import does: a
 * step starts when the last thing it waits for ends, or at its own fixed start if the
 * original plan held it later than its dependencies required.
 */
export function planFromRehearsal(rehearsal: CutoverState, scale: number | Record<string, number> = 1): RunbookPlan {
  const factor = (id: string): number => {
    const f = typeof scale === 'number' ? scale : (scale[id] ?? 1);
    if (!Number.isFinite(f) || f <= 0) throw new RangeError(`The scale for step "${id}" must be a positive number, not ${f}`);
    return f;
  };
  const phases = runbookPhases(rehearsal);
  const steps = new Map(
    phases
      .flatMap((p) => p.stepIds.map((id) => rehearsal.steps[id]))
      .filter((s): s is StepState => s !== undefined)
      .map((s) => [s.id, s]),
  );
  const plannedEnd = (s: StepState) => s.plannedOffsetMin + s.plannedDurationMin;

  const drafts = phases.map((p) => ({
    title: p.title,
    steps: p.stepIds.flatMap((id): StepDraft[] => {
      const s = steps.get(id);
      if (!s) return [];
      const measured = measuredMinutes(s);
      const durationMin = measured === null ? s.plannedDurationMin : Math.min(MAX_DURATION_MIN, Math.max(1, Math.round(Math.max(1, measured) * factor(s.id))));
      // The original plan's fixed start survives only where it held the step back.
      const depsEnd = Math.max(
        0,
        ...s.dependsOn
          .map((d) => steps.get(d))
          .filter((d): d is StepState => d !== undefined)
          .map(plannedEnd),
      );
      return [
        {
          key: s.id,
          title: s.title,
          owner: s.owner,
          durationMin,
          ...(s.plannedOffsetMin > depsEnd ? { startOffsetMin: s.plannedOffsetMin } : {}),
          after: s.dependsOn.filter((d) => steps.has(d)),
          kind: s.kind,
          rollback: s.rollbackNote,
          pointOfNoReturn: s.pointOfNoReturn,
          ...(s.outageStart ? { outageStart: s.outageStart } : {}),
          ...(s.outageEnd ? { outageEnd: s.outageEnd } : {}),
          description: s.description,
        },
      ];
    }),
  }));
  if (steps.size === 0) return { phases: phases.map((p) => ({ id: p.id, title: p.title, steps: [] })) };

  const built = buildRunbookPlan({ phases: drafts });
  // The rehearsal's runbook was valid when the hub accepted it; failing here is a bug.
  if (!built.ok) throw new Error(`The rehearsal's runbook cannot be planned again: ${built.errors.map(formatRunbookError).join('; ')}`);
  // buildRunbookPlan numbers phases p1, p2…; the rehearsal's own ids are kept.
  return { phases: built.plan.phases.map((p, i) => ({ ...p, id: phases[i]?.id ?? p.id })) };
}

export type RehearsalComparison = {
  /** The live step, or null for a rehearsal step the live night did not have. */
  stepId: string | null;
  /** The rehearsal step it was matched with (by id, or else by title), or null. */
  rehearsalStepId: string | null;
  title: string;
  /** How the live night planned it. */
  plannedMin: number | null;
  rehearsalMin: number | null;
  liveMin: number | null;
  /** Live minus rehearsal, in minutes; positive: live took longer. */
  diffMin: number | null;
  /** Live over rehearsal: the scale a next plan could use for this step. */
  ratio: number | null;
};

const titleKey = (t: string) => t.trim().toLowerCase();

/**
 * The live night beside its rehearsal, step by step: matched by id, or else by the same
 * title; rehearsal steps the live night did not have come last.
 */
export function compareWithRehearsal(live: CutoverState, rehearsal: CutoverState): RehearsalComparison[] {
  const liveSteps = orderedSteps(live).filter((s) => !(live.rollback && s.phaseId === ROLLBACK_PHASE_ID));
  const rehearsalSteps = orderedSteps(rehearsal).filter((s) => !(rehearsal.rollback && s.phaseId === ROLLBACK_PHASE_ID));
  const liveIds = new Set(liveSteps.map((s) => s.id));
  const unmatched = new Map(rehearsalSteps.map((s) => [s.id, s]));
  // Ids first, for every live step, so a title match never takes a step another matches by id.
  const matched = new Map<string, StepState>();
  for (const s of liveSteps) {
    const r = unmatched.get(s.id);
    if (r) {
      matched.set(s.id, r);
      unmatched.delete(r.id);
    }
  }
  for (const s of liveSteps) {
    if (matched.has(s.id)) continue;
    const r = [...unmatched.values()].find((x) => !liveIds.has(x.id) && titleKey(x.title) === titleKey(s.title));
    if (r) {
      matched.set(s.id, r);
      unmatched.delete(r.id);
    }
  }
  const row = (l: StepState | null, r: StepState | null): RehearsalComparison => {
    const liveMin = l ? measuredMinutes(l) : null;
    const rehearsalMin = r ? measuredMinutes(r) : null;
    return {
      stepId: l?.id ?? null,
      rehearsalStepId: r?.id ?? null,
      title: l?.title ?? r?.title ?? '',
      plannedMin: l?.plannedDurationMin ?? null,
      rehearsalMin,
      liveMin,
      diffMin: liveMin !== null && rehearsalMin !== null ? liveMin - rehearsalMin : null,
      ratio: liveMin !== null && rehearsalMin !== null && rehearsalMin > 0 ? liveMin / rehearsalMin : null,
    };
  };
  return [...liveSteps.map((l) => row(l, matched.get(l.id) ?? null)), ...[...unmatched.values()].map((r) => row(null, r))];
}
