import type { PhasePlan, StepKind, StepPlan } from '../cutover/schema';
import type { CutoverState, StepState } from '../cutover/state';
import { firstStartOf } from '../steps/time';
import { MIN } from '../time';

export const ROLLBACK_PHASE_ID = 'rollback';

type Touched = StepState & { began: number };

/** Kinds of step that change nothing themselves: a go/no-go, a roll call, a check. */
const CHANGES_NOTHING: ReadonlySet<StepKind> = new Set<StepKind>(['gate', 'checkpoint', 'verification']);

/** One undo of the plan: the note to follow and the forward steps it undoes, newest first. */
type Undo = { note: string; undoes: Touched[] };

const words = (note: string): Set<string> =>
  new Set(
    note
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w !== ''),
  );

/**
 * Two notes ask for the same undo when the shorter one's words are (nearly) all in the
 * longer one and the longer adds little: "Restart the consumers on the old database" and
 * "… on the old database; it is unchanged". Notes that share a few words ("restart",
 * "old") but ask for different things stay apart.
 */
export function sameUndo(a: string, b: string): boolean {
  const [x, y] = [words(a), words(b)];
  if (x.size === 0 || y.size === 0) return false;
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / small.size >= 0.9 && shared / (large.size + small.size - shared) >= 0.6;
}

/**
 * The steps the way back has to undo, newest first: every step the night ever started that
 * has a rollback note, whatever it is now. Done, under way or failed, and also blocked
 * half-way, or reopened (its first start is kept) and not redone, or skipped after a start:
 * its change may be half made, and the way back that leaves it out leaves it in place. What
 * is not finished is undone first, then the rest from the latest finished back. A step that
 * changed nothing (a gate, a checkpoint, a check) brings its note only while nothing was
 * changed: "close the window; nothing has changed yet" is wrong, and dangerous, once a
 * task's change has to be undone.
 */
function stepsToUndo(state: CutoverState): Touched[] {
  const touched = Object.values(state.steps)
    .flatMap((s): Touched[] => {
      const began = firstStartOf(s);
      return s.rollbackNote.trim() !== '' && began !== null ? [{ ...s, began }] : [];
    })
    .sort((a, b) => (b.endedAt ?? Number.MAX_SAFE_INTEGER) - (a.endedAt ?? Number.MAX_SAFE_INTEGER) || b.began - a.began);
  const changed = touched.some((s) => s.kind === 'task');
  return changed ? touched.filter((s) => !CHANGES_NOTHING.has(s.kind)) : touched;
}

/**
 * Near-identical notes become one undo, at the place of the newest step it undoes: an undo
 * is due as soon as the latest change it reverts is reached, and doing it then reverts the
 * earlier one too. The fuller of the notes is kept, since it says all the other does.
 */
function mergeUndos(steps: readonly Touched[]): Undo[] {
  const undos: Undo[] = [];
  for (const s of steps) {
    const same = undos.find((u) => sameUndo(u.note, s.rollbackNote));
    if (!same) undos.push({ note: s.rollbackNote.trim(), undoes: [s] });
    else {
      same.undoes.push(s);
      if (s.rollbackNote.trim().length > same.note.length) same.note = s.rollbackNote.trim();
    }
  }
  return undos;
}

const quoted = (steps: readonly StepState[]): string => {
  const names = steps.map((s) => `“${s.title}”`);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
};

/**
 * `wanted`, or with a number after it, so that no rollback step takes the id of a step the
 * night already has: a runbook's own "rb-copy" was replaced by the undo of "copy", its record
 * lost. Marks the id taken.
 */
function freeId(wanted: string, taken: Set<string>): string {
  let id = wanted.slice(0, 64);
  for (let n = 2; taken.has(id); n++) id = `${wanted.slice(0, 60)}-${n}`;
  taken.add(id);
  return id;
}

/**
 * The way back, as a checklist of its own: one step per undo, each naming the forward
 * steps it undoes, in reverse order of when they happened. Timed from now, each undo
 * planned as long as the longest step it undoes.
 */
export function rollbackPhase(state: CutoverState, now: number): PhasePlan {
  const windowStart = state.info?.window.start ?? now;
  let offset = Math.max(0, (now - windowStart) / MIN);
  let previous: string | null = null;
  const taken = new Set(Object.keys(state.steps));
  const steps: StepPlan[] = mergeUndos(stepsToUndo(state)).map(({ note, undoes }) => {
    const first = undoes[0]!;
    const id = freeId(`rb-${first.id}`, taken);
    const owners = [...new Set(undoes.map((s) => s.owner).filter((o) => o !== ''))].join(', ');
    const duration = Math.max(...undoes.map((s) => s.plannedDurationMin));
    const plan: StepPlan = {
      id,
      title: note.slice(0, 200),
      description: `Undoes ${quoted(undoes)}.`.slice(0, 4000),
      owner: owners.slice(0, 80),
      plannedOffsetMin: offset,
      plannedDurationMin: duration,
      dependsOn: previous ? [previous] : [],
      kind: 'task',
      rollbackNote: '',
      pointOfNoReturn: false,
    };
    offset += duration;
    previous = id;
    return plan;
  });
  return { id: ROLLBACK_PHASE_ID, title: 'Rollback', steps };
}
