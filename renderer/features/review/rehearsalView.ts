import type { CutoverState } from '@shared/cutover';
import { measuredMinutes, type RehearsalPlan } from '@shared/postmortem';

/* The rows of "plan the live night from this rehearsal": each step's rehearsal time, how it scales, the factor and the plan it gets. */

export type PlanRow = {
  id: string;
  title: string;
  scales: 'fixed' | 'volume' | 'drain';
  rehearsalMin: number | null;
  plannedMin: number;
  liveMin: number;
  why: string;
};

export function planRows(rehearsal: CutoverState, planned: RehearsalPlan): PlanRow[] {
  const live = new Map(planned.plan.phases.flatMap((p) => p.steps.map((s) => [s.id, s.plannedDurationMin])));
  return planned.plan.phases.flatMap((p) =>
    p.steps.flatMap((s) => {
      const r = rehearsal.steps[s.id];
      if (!r) return [];
      return [
        {
          id: s.id,
          title: s.title,
          scales: r.scales ?? 'fixed',
          rehearsalMin: measuredMinutes(r),
          plannedMin: r.plannedDurationMin,
          liveMin: live.get(s.id) ?? r.plannedDurationMin,
          why: planned.why[s.id] ?? '',
        },
      ];
    }),
  );
}

/** A factor typed into a field: a positive number, or null (and the field says so). */
export const factorOf = (text: string): number | null => {
  const n = Number(text.replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) && n > 0 ? n : null;
};
