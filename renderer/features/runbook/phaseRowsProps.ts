import type { ActionItem } from '@shared/actions';
import { samePhase, type PhaseModel } from './runbookView';
import type { StepAction, StepPermissions } from './stepActions';

/** Shared by every row without an action item: the same array, so memoised rows stay as they are. */
export const NO_ITEMS: readonly ActionItem[] = [];

export type PhaseRowsProps = {
  phase: PhaseModel;
  /** The selected step, when it is one of this phase's; null otherwise. */
  selected: string | null;
  /** Steps with checks bound to them, and those among them with one that does not pass. */
  checked: ReadonlySet<string>;
  unverified: ReadonlySet<string>;
  /** Steps with a command of this person's on its way to the hub. */
  sendingFor: ReadonlySet<string>;
  madeFrom: ReadonlyMap<string, readonly ActionItem[]>;
  rollingBack: boolean;
  mayOverride: boolean;
  may: StepPermissions;
  running: boolean;
  onAction: (stepId: string, action: StepAction) => void;
  onSelect: (stepId: string) => void;
};

/** The props that say something of each step, by its id: a phase reads its own steps' entries only. */
const PER_STEP: ReadonlySet<keyof PhaseRowsProps> = new Set(['checked', 'unverified', 'sendingFor', 'madeFrom'] as const);

/**
 * The same phase as drawn: its model the same in every field shown (samePhase), its own steps'
 * entries in the per-step sets and maps the same, and every other prop the same object. The
 * sets are made anew for the whole runbook (a click makes a new set of steps being sent).
 * Compared whole, as they were, one step's "sending…" drew every phase again: ten phases and
 * 200 rows compared, twice per click in the window that clicked.
 */
export function samePhaseRows(a: PhaseRowsProps, b: PhaseRowsProps): boolean {
  for (const k of Object.keys(a) as (keyof PhaseRowsProps)[]) if (k !== 'phase' && !PER_STEP.has(k) && a[k] !== b[k]) return false;
  if (!samePhase(a.phase, b.phase)) return false;
  for (const { step } of b.phase.rows) {
    const id = step.id;
    if (a.checked.has(id) !== b.checked.has(id) || a.unverified.has(id) !== b.unverified.has(id) || a.sendingFor.has(id) !== b.sendingFor.has(id)) return false;
    if ((a.madeFrom.get(id) ?? NO_ITEMS) !== (b.madeFrom.get(id) ?? NO_ITEMS)) return false;
  }
  return true;
}
