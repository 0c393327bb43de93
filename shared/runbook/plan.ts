import { RunbookPlanSchema } from '../cutover/schema';
import type { RunbookPlan, StepKind } from '../cutover/schema';
import { runbookProblem } from './validate';

/**
 * A runbook as an import or a template first describes it: loose, with the ids, the
 * dependencies and the planned offsets still to be worked out. `line` is where the thing
 * was written, so every problem can point at it.
 */
export type StepDraft = {
  title: string;
  /** Becomes the step's id, so other steps can name it in `after`; otherwise s1, s2… by position. */
  key?: string;
  owner?: string;
  durationMin?: number;
  /** Earliest start, in minutes after the window opens; dependencies can push it later. */
  startOffsetMin?: number;
  /** Keys of the steps this one waits for; absent means "the step before it". */
  after?: readonly string[];
  kind?: StepKind;
  rollback?: string;
  pointOfNoReturn?: boolean;
  /** Names an outage this step begins or ends ("event processing"): planned against actual later. */
  outageStart?: string;
  outageEnd?: string;
  /** On the step that begins an outage: the length the customers were told. */
  outagePlannedMin?: number;
  /** How its length follows the data (a copy, a drain) when a plan is drawn from a rehearsal. */
  scales?: 'volume' | 'drain';
  description?: string;
  line?: number;
};
export type PhaseDraft = { title: string; steps: readonly StepDraft[]; line?: number };
export type RunbookDraft = { phases: readonly PhaseDraft[]; line?: number };

export type RunbookError = { line?: number; message: string };
export type PlanResult = { ok: true; plan: RunbookPlan } | { ok: false; errors: RunbookError[] };
/** What the Markdown and YAML imports give back; `title` is null when the text names none. */
export type ImportResult = { ok: true; title: string | null; plan: RunbookPlan } | { ok: false; errors: RunbookError[] };

/** Keys end up in ids and in comma-separated `after` lists, so they stay plain. */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** "line 7: …", the way the import dialog lists problems. */
export function formatRunbookError(e: RunbookError): string {
  return e.line === undefined ? e.message : `line ${e.line}: ${e.message}`;
}

type Placed = { id: string; draft: StepDraft; dependsOn: string[] };

/** Turns a draft into a plan: ids, sequential-by-default dependencies, offsets, validation. */
export function buildRunbookPlan(draft: RunbookDraft): PlanResult {
  const errors: RunbookError[] = [];
  const fail = (line: number | undefined, message: string): void => void errors.push(lineOf(line, message));

  const placed: Placed[] = [];
  const byId = new Map<string, Placed>();
  // Phases are told apart by their titles on the screen and in the postmortem; steps by a
  // single point of no return the rails guard. Each repeat is reported where it is written.
  const phaseAt = new Map<string, number | undefined>();
  let ponrAt: { title: string; line: number | undefined } | null = null;
  for (const phase of draft.phases) {
    const phaseTitle = phase.title.trim();
    if (!phaseTitle) fail(phase.line, 'A phase needs a title');
    else if (phaseAt.has(phaseTitle.toLowerCase())) fail(phase.line, duplicatePhase(phaseTitle, phaseAt.get(phaseTitle.toLowerCase())));
    else phaseAt.set(phaseTitle.toLowerCase(), phase.line);
    for (const step of phase.steps) {
      if (step.pointOfNoReturn && ponrAt) fail(step.line, duplicatePonr(step.title.trim(), ponrAt));
      else if (step.pointOfNoReturn) ponrAt = { title: step.title.trim(), line: step.line };
      const id = step.key ?? `s${placed.length + 1}`;
      if (!step.title.trim()) fail(step.line, 'A step needs a title');
      // The announced length belongs to the outage's first step; anywhere else nothing would read it.
      if (step.outagePlannedMin !== undefined && !step.outageStart?.trim()) fail(step.line, plannedWithoutOutage(step.title.trim()));
      if (step.key !== undefined && !KEY_PATTERN.test(step.key)) {
        fail(step.line, `"${step.key}" is not a usable key (letters, digits, "-", "_" or ".", up to 64)`);
      }
      const previous = placed[placed.length - 1];
      // Sequential unless told otherwise: a runbook is read top to bottom.
      const dependsOn = step.after ? [...step.after] : previous ? [previous.id] : [];
      const p: Placed = { id, draft: step, dependsOn };
      if (byId.has(id)) fail(step.line, `Two steps share the key "${id}"`);
      else byId.set(id, p);
      placed.push(p);
    }
  }
  if (placed.length === 0) fail(draft.line, 'The runbook has no steps');

  for (const p of placed) {
    for (const d of new Set(p.dependsOn)) {
      // A default dependency on itself only comes from a duplicate key, reported above.
      if (d === p.id) {
        if (p.draft.after) fail(p.draft.line, `Step "${p.draft.title}" waits for itself`);
      } else if (!byId.has(d)) fail(p.draft.line, `Step "${p.draft.title}" waits for "${d}", which is not a step in this runbook`);
    }
  }
  if (errors.length) return { ok: false, errors };

  const { offsets, cycle, cycleLine } = computeOffsets(placed, byId);
  let next = 0;
  const candidate = {
    phases: draft.phases.map((phase, i) => ({
      id: `p${i + 1}`,
      title: phase.title.trim(),
      steps: phase.steps.map(() => {
        const p = placed[next++] as Placed;
        const s = p.draft;
        return {
          id: p.id,
          title: s.title.trim(),
          description: s.description?.trim() ?? '',
          owner: s.owner?.trim() ?? '',
          plannedOffsetMin: offsets.get(p.id) ?? 0,
          plannedDurationMin: s.durationMin ?? 0,
          dependsOn: [...new Set(p.dependsOn)],
          kind: s.kind ?? 'task',
          rollbackNote: s.rollback?.trim() ?? '',
          pointOfNoReturn: s.pointOfNoReturn ?? false,
          ...(s.outageStart?.trim() ? { outageStart: s.outageStart.trim() } : {}),
          ...(s.outageEnd?.trim() ? { outageEnd: s.outageEnd.trim() } : {}),
          ...(s.outagePlannedMin !== undefined ? { outagePlannedMin: s.outagePlannedMin } : {}),
          ...(s.scales ? { scales: s.scales } : {}),
        };
      }),
    })),
  };

  // The circle is found while placing steps in time; validate.ts words it the same way
  // the hub will when it refuses the runbook, and the step that closed it gives the line.
  if (cycle) return { ok: false, errors: [lineOf(cycleLine, runbookProblem(candidate) ?? 'The steps wait for each other in a circle')] };

  const parsed = RunbookPlanSchema.safeParse(candidate);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const [, pi, , si] = issue.path;
        const phase = typeof pi === 'number' ? draft.phases[pi] : undefined;
        const step = typeof si === 'number' ? phase?.steps[si] : undefined;
        const field = step ? issue.path[4] : issue.path[2];
        const where = step ? `Step "${step.title.trim()}"` : phase ? `Phase "${phase.title.trim()}"` : 'The runbook';
        const line = step?.line ?? phase?.line ?? draft.line;
        return lineOf(line, `${where}${field === undefined ? '' : ` (${String(field)})`}: ${issue.message}`);
      }),
    };
  }
  const problem = runbookProblem(parsed.data);
  if (problem) return { ok: false, errors: [lineOf(draft.line, problem)] };
  return { ok: true, plan: parsed.data };
}

const duplicatePhase = (title: string, firstLine: number | undefined): string =>
  `Two phases are called "${title}"${firstLine === undefined ? '' : ` (the first on line ${firstLine})`}; give each phase its own title`;

const plannedWithoutOutage = (title: string): string =>
  `"${title}" says how long an outage was announced for, but begins no outage: name the outage it begins (outage-start), or move the length to the step that does`;

const duplicatePonr = (title: string, first: { title: string; line: number | undefined }): string =>
  `"${title}" is marked as the point of no return, but "${first.title}"${first.line === undefined ? '' : ` (line ${first.line})`} already is; a runbook has one`;

const lineOf = (line: number | undefined, message: string): RunbookError => (line === undefined ? { message } : { line, message });

type Placement = { offsets: Map<string, number>; cycle: boolean; cycleLine: number | undefined };

/** Planned start = the later of the explicit start and the end of everything waited for. */
function computeOffsets(placed: readonly Placed[], byId: ReadonlyMap<string, Placed>): Placement {
  const result: Placement = { offsets: new Map(), cycle: false, cycleLine: undefined };
  const visiting = new Set<string>();
  const place = (p: Placed): number => {
    const known = result.offsets.get(p.id);
    if (known !== undefined) return known;
    if (visiting.has(p.id)) {
      if (!result.cycle) result.cycleLine = p.draft.line;
      result.cycle = true;
      return 0;
    }
    visiting.add(p.id);
    let start = p.draft.startOffsetMin ?? 0;
    for (const d of p.dependsOn) {
      const dep = byId.get(d);
      if (dep) start = Math.max(start, place(dep) + (dep.draft.durationMin ?? 0));
    }
    visiting.delete(p.id);
    result.offsets.set(p.id, start);
    return start;
  };
  for (const p of placed) place(p);
  return result;
}
