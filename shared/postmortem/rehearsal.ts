import type { RunbookPlan } from '../cutover/schema';
import { orderedSteps } from '../cutover/selectors';
import type { CutoverState, StepState } from '../cutover/state';
import { ROLLBACK_PHASE_ID } from '../polls/rollbackPlan';
import { MAX_DURATION_MIN } from '../runbook/duration';
import { buildRunbookPlan, formatRunbookError, type StepDraft } from '../runbook/plan';
import type { CutoverEvent } from '../cutover/events';
import type { SampleBatch } from '../metrics/schema';
import { firstStartOf } from '../steps/time';
import { MIN } from '../time';
import { forecastDrain, rehearsalDrainRates, type DrainForecast } from './drainPlan';
import { runbookPhases } from './plannedVsActual';

/**
 * How long a step really took, in minutes: done steps that were started and ticked off at
 * different moments, from the first start (a step that failed and was redone took both tries).
 * A step ticked off without being started was not timed.
 */
export function measuredMinutes(step: StepState): number | null {
  const start = firstStartOf(step);
  if (step.status !== 'done' || start === null || step.endedAt === null || step.endedAt <= start) return null;
  return (step.endedAt - start) / MIN;
}

export type RehearsalPlanOptions = {
  /**
   * Live data over the rehearsal's (3: live holds three times the data). Scales the steps
   * marked `scales: 'volume'` (copies, index builds) and the arrivals a drain works off; fixed
   * steps (a restart, a DNS switch) take as long whatever the data.
   */
  volumeRatio?: number;
  /** Steps the lead plans from the rehearsal even where the plan had given them more time (default: the plan's slack is kept). */
  dropSlack?: readonly string[];
  /** The rehearsal's events and samples: a drain step is timed from its queue's rates (drainPlan.ts). */
  record?: { events: readonly CutoverEvent[]; samples: readonly SampleBatch[] };
};

export type RehearsalPlan = {
  plan: RunbookPlan;
  /** Why each step got its length, for the screen: "measured 10 min × 3 (volume)", "kept the plan's 20 min". */
  why: Record<string, string>;
  /** How the drain step was timed, or why it could not be. */
  drain: DrainForecast | null;
};

const positive = (what: string, f: number): number => {
  if (!Number.isFinite(f) || f <= 0) throw new RangeError(`The ${what} must be a positive number, not ${f}`);
  return f;
};

/**
 * A live plan from a rehearsal: the rehearsal's runbook with every measured step planned as
 * long as it really took (at least a minute), times the lead's factor for it (`scale`: one
 * for all, or one per step id, missing ids 1), times the data-volume ratio when the step is
 * volume-bound. A step the plan gave more time than the rehearsal needed keeps its planned
 * length (its slack), unless the lead drops it. A drain step's length comes from the
 * rehearsal's queue: its arrival and drain rates, the live arrivals (volume ratio) and the
 * live plan's stop length (drainPlan.ts). Steps that were not measured keep their planned
 * duration. That is seed 000's lesson: staging was smaller than live, so its timings are a
 * floor to scale, not a promise.
 *
 * Planned starts are then worked out again from the dependencies, as an import does: a
 * step starts when the last thing it waits for ends, or at its own fixed start if the
 * original plan held it later than its dependencies required.
 */
export function planFromRehearsal(rehearsal: CutoverState, scale: number | Record<string, number> = 1, options: RehearsalPlanOptions = {}): RunbookPlan {
  return planLiveFromRehearsal(rehearsal, scale, options).plan;
}

export function planLiveFromRehearsal(rehearsal: CutoverState, scale: number | Record<string, number> = 1, options: RehearsalPlanOptions = {}): RehearsalPlan {
  const factor = (id: string): number => positive(`scale for step "${id}"`, typeof scale === 'number' ? scale : (scale[id] ?? 1));
  const volumeRatio = positive('data-volume ratio', options.volumeRatio ?? 1);
  const dropSlack = new Set(options.dropSlack ?? []);
  const phases = runbookPhases(rehearsal);
  const steps = new Map(
    phases
      .flatMap((p) => p.stepIds.map((id) => rehearsal.steps[id]))
      .filter((s): s is StepState => s !== undefined)
      .map((s) => [s.id, s]),
  );
  const plannedEnd = (s: StepState) => s.plannedOffsetMin + s.plannedDurationMin;
  const why: Record<string, string> = {};
  const clamp = (m: number) => Math.min(MAX_DURATION_MIN, Math.max(1, Math.round(m)));

  /** A step's length before the drain is known; the drain's waits for the stop it follows. */
  const lengthOf = (s: StepState): number => {
    const measured = measuredMinutes(s);
    if (measured === null) {
      why[s.id] = `not measured: the plan's ${Math.round(s.plannedDurationMin)} min`;
      return s.plannedDurationMin;
    }
    const f = factor(s.id);
    const volume = s.scales === 'volume' ? volumeRatio : 1;
    const scaled = Math.max(1, measured) * f * volume;
    const parts = [`measured ${Math.round(measured)} min`, ...(f !== 1 ? [`× ${f}`] : []), ...(volume !== 1 ? [`× ${volume} (data volume)`] : [])];
    if (s.plannedDurationMin > scaled && !dropSlack.has(s.id)) {
      why[s.id] = `${parts.join(' ')}; kept the plan's ${Math.round(s.plannedDurationMin)} min`;
      return s.plannedDurationMin;
    }
    why[s.id] = parts.join(' ');
    return clamp(scaled);
  };

  const durations = new Map<string, number>();
  for (const s of steps.values()) durations.set(s.id, s.scales === 'drain' ? s.plannedDurationMin : lengthOf(s));

  // The drain: the live stop is the plan's span from the step that begins the outage to the one that ends it.
  let drain: DrainForecast | null = null;
  const drainStep = [...steps.values()].find((s) => s.scales === 'drain');
  if (drainStep) {
    const rates = options.record ? rehearsalDrainRates(rehearsal, options.record.events, options.record.samples) : null;
    const stop = rates ? liveStopMin(steps, durations, rates.outage) : null;
    drain = options.record ? forecastDrain(rates, volumeRatio, stop ?? 0) : null;
    if (drain?.ok) {
      const f = factor(drainStep.id);
      durations.set(drainStep.id, clamp(drain.drainMin * f));
      why[drainStep.id] =
        `${Math.round(drain.liveBacklog)} queued over a ${Math.round(stop ?? 0)} min stop, drained at ${Math.round(drain.rates.processingPerMin - drain.liveArrivalPerMin)} a minute` +
        (f !== 1 ? ` × ${f}` : '');
    } else {
      durations.set(drainStep.id, lengthOf(drainStep));
      if (drain && !drain.ok) why[drainStep.id] = `${why[drainStep.id]} (${drain.reason})`;
    }
  }

  const drafts = phases.map((p) => ({
    title: p.title,
    steps: p.stepIds.flatMap((id): StepDraft[] => {
      const s = steps.get(id);
      if (!s) return [];
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
          durationMin: durations.get(s.id) ?? s.plannedDurationMin,
          ...(s.plannedOffsetMin > depsEnd ? { startOffsetMin: s.plannedOffsetMin } : {}),
          after: s.dependsOn.filter((d) => steps.has(d)),
          kind: s.kind,
          rollback: s.rollbackNote,
          pointOfNoReturn: s.pointOfNoReturn,
          ...(s.outageStart ? { outageStart: s.outageStart } : {}),
          ...(s.outageEnd ? { outageEnd: s.outageEnd } : {}),
          ...(s.outagePlannedMin !== undefined ? { outagePlannedMin: s.outagePlannedMin } : {}),
          ...(s.scales ? { scales: s.scales } : {}),
          description: s.description,
        },
      ];
    }),
  }));
  if (steps.size === 0) return { plan: { phases: phases.map((p) => ({ id: p.id, title: p.title, steps: [] })) }, why, drain };

  const built = buildRunbookPlan({ phases: drafts });
  // The rehearsal's runbook was valid when the hub accepted it; failing here is a bug.
  if (!built.ok) throw new Error(`The rehearsal's runbook cannot be planned again: ${built.errors.map(formatRunbookError).join('; ')}`);
  // buildRunbookPlan numbers phases p1, p2…; the rehearsal's own ids are kept.
  return { plan: { phases: built.plan.phases.map((p, i) => ({ ...p, id: phases[i]?.id ?? p.id })) }, why, drain };
}

/**
 * The live plan's stop: from the start of the step that begins the outage to the end of the
 * one that ends it, along the longest chain of dependencies between them, with the new lengths.
 */
function liveStopMin(steps: ReadonlyMap<string, StepState>, durations: ReadonlyMap<string, number>, outage: string): number | null {
  const key = outage.trim().toLowerCase();
  const all = [...steps.values()];
  const first = all.find((s) => s.outageStart?.trim().toLowerCase() === key);
  const last = all.find((s) => s.outageEnd?.trim().toLowerCase() === key) ?? first;
  if (!first || !last) return null;
  const memo = new Map<string, number | null>();
  // The longest path from `first`'s start to the end of `id`, or null when `id` does not follow `first`.
  const reach = (id: string): number | null => {
    if (memo.has(id)) return memo.get(id)!;
    memo.set(id, null);
    const s = steps.get(id);
    if (!s) return null;
    const own = durations.get(id) ?? s.plannedDurationMin;
    if (id === first.id) {
      memo.set(id, own);
      return own;
    }
    const before = s.dependsOn.map(reach).filter((x): x is number => x !== null);
    const r = before.length ? Math.max(...before) + own : null;
    memo.set(id, r);
    return r;
  };
  return reach(last.id);
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
