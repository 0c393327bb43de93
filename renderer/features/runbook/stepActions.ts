import { ponrCrossed, type StepState } from '@shared/cutover';

export type StepAction = 'start' | 'force' | 'complete' | 'completeWithNote' | 'skip' | 'fail' | 'block' | 'reopen' | 'note' | 'override';

/**
 * Which buttons a step offers, given its status, what it waits on and who is looking.
 * `operate` is for this step: its owner, an operator or the lead (see mayWorkStep).
 */
export type StepPermissions = { operate: boolean; lead: boolean; note: boolean };

/**
 * A point of no return not yet cleared by a GO, and whether this person may override it.
 * `ahead`: the step comes after one not crossed yet, so it is not started early (the hub refuses it).
 */
export type PonrGate = { closed: boolean; mayOverride: boolean; ahead?: boolean };
const OPEN: PonrGate = { closed: false, mayOverride: false };

/**
 * `checksFail`: a check bound to the step does not pass. The hub refuses a plain Done then, so
 * it is not offered: the row's checks offer "Complete anyway…", with the reason it asks for.
 */
export function availableActions(
  step: StepState,
  waiting: boolean,
  may: StepPermissions,
  running: boolean,
  ponr: PonrGate = OPEN,
  checksFail = false,
): StepAction[] {
  const note: StepAction[] = may.note ? ['note'] : [];
  if (!running) return note;
  // Nothing crosses a closed point of no return by a slip: only the explicit override is offered.
  if (ponr.closed)
    return [...(ponr.mayOverride ? (['override'] as const) : []), ...(may.operate && step.status === 'pending' ? (['block'] as const) : []), ...note];
  if (!may.operate) return note;
  const offered = statusActions(step, waiting, may.lead).filter((a) => (a !== 'complete' || !checksFail) && (a !== 'force' || !ponr.ahead));
  // A gate is passed only by the approver's GO: no one ticks it off or skips it.
  const gated = step.kind === 'gate' ? offered.filter((a) => a !== 'complete' && a !== 'skip') : offered;
  return [...gated, ...note];
}

function statusActions(step: StepState, waiting: boolean, canLead: boolean): StepAction[] {
  switch (step.status) {
    case 'pending':
      // The point of no return is started, never ticked off unstarted: the night shows when it was crossed.
      if (waiting) return ['force', 'skip'];
      return step.pointOfNoReturn ? ['start', 'skip', 'block'] : ['start', 'complete', 'skip', 'block'];
    case 'blocked':
      return waiting ? ['force', 'skip', 'fail'] : ['start', 'skip', 'fail'];
    case 'in_progress':
      return ['complete', 'fail', 'block'];
    default:
      // A point of no return the night has crossed stays crossed: the hub refuses to reopen it
      // (decideReopen), so neither the button nor x offers it.
      return canLead && !(step.pointOfNoReturn && ponrCrossed(step)) ? ['reopen'] : [];
  }
}

export const ACTION_LABEL: Record<StepAction, string> = {
  start: 'Start',
  force: 'Start anyway…',
  complete: 'Done',
  completeWithNote: 'Done with note…',
  skip: 'Skip…',
  fail: 'Fail…',
  block: 'Blocked…',
  reopen: 'Reopen…',
  note: 'Note…',
  override: 'Cross without a GO…',
};
