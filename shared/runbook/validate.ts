import type { RunbookPlan } from '../cutover/schema';

type StepLike = { id: string; title: string; dependsOn: readonly string[]; pointOfNoReturn?: boolean };

/**
 * Checks ids are unique, phases have titles of their own, dependencies exist and form no
 * cycle, and at most one step is the point of no return. Returns the problem, or null.
 */
export function runbookProblem(plan: RunbookPlan): string | null {
  const phaseIds = new Set<string>();
  const phaseTitles = new Set<string>();
  for (const p of plan.phases) {
    if (phaseIds.has(p.id)) return `Two phases share the id "${p.id}"`;
    phaseIds.add(p.id);
    const title = p.title.trim().toLowerCase();
    if (phaseTitles.has(title)) return `Two phases are called "${p.title.trim()}"; give each phase its own title`;
    phaseTitles.add(title);
  }
  return stepsProblem(plan.phases.flatMap((p) => p.steps));
}

/** The same checks on the steps alone: what an added or edited step must keep true. */
export function stepsProblem(steps: readonly StepLike[]): string | null {
  const byId = new Map<string, StepLike>();
  let ponr: StepLike | null = null;
  for (const s of steps) {
    if (byId.has(s.id)) return `Two steps share the id "${s.id}"`;
    byId.set(s.id, s);
    if (s.pointOfNoReturn && ponr) return `“${ponr.title}” and “${s.title}” would both be the point of no return; a runbook has one`;
    if (s.pointOfNoReturn) ponr = s;
  }
  for (const s of steps) {
    for (const d of s.dependsOn) {
      if (d === s.id) return `Step "${s.title}" depends on itself`;
      if (!byId.has(d)) return `Step "${s.title}" depends on "${d}", which is not in the runbook`;
    }
  }
  const cycle = findCycle(byId);
  return cycle ? `These steps depend on each other in a circle: ${cycle.map((id) => byId.get(id)?.title ?? id).join(' → ')}` : null;
}

function findCycle(byId: Map<string, StepLike>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    const seen = state.get(id);
    if (seen === 'done') return null;
    if (seen === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const d of byId.get(id)?.dependsOn ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of byId.keys()) {
    const c = visit(id);
    if (c) return c;
  }
  return null;
}
