import { isEnded, type Actor } from './schema';
import type { CutoverState, MemberState, PonrOverride, StepState } from './state';
import { MIN } from '../time';

/*
 * The rails at the moments that cannot be undone: who may work a step, when the point of
 * no return may be crossed, and what ending the night leaves behind. `decide` enforces
 * them; screens read the same functions to say why a button is not there.
 */

/** How long after the night ended the lead may still reopen it (a slip of the hand). */
export const REOPEN_GRACE_MS = 30 * MIN;

/** The word typed to cross the point of no return without a GO. */
export const PONR_CONFIRM_WORD = 'CROSS';

const SETTLED: ReadonlySet<StepState['status']> = new Set(['done', 'skipped', 'failed']);

/** Steps still pending, blocked or running, in runbook order: what ending now leaves undone. */
export function unsettledSteps(state: CutoverState): StepState[] {
  return state.phases.flatMap((p) => p.stepIds.map((id) => state.steps[id]).filter((s): s is StepState => s !== undefined && !SETTLED.has(s.status)));
}

export function unmetDependencies(state: CutoverState, step: StepState): StepState[] {
  // A loop, not map and filter: every screen asks this of every pending step at each event.
  const unmet: StepState[] = [];
  for (const id of step.dependsOn) {
    const d = state.steps[id];
    if (d !== undefined && d.status !== 'done' && d.status !== 'skipped') unmet.push(d);
  }
  return unmet;
}

/**
 * Whether this person may start, complete, skip, fail or block this step: the lead and
 * operators any step (they are the night's hands), anyone else the steps they own, by
 * role, station or name.
 */
export function mayWorkStep(actor: Pick<Actor, 'role'>, member: Pick<MemberState, 'name' | 'station'> | undefined, step: Pick<StepState, 'owner'>): boolean {
  if (actor.role === 'lead' || actor.role === 'operator') return true;
  if (actor.role === 'observer' || actor.role === 'system' || !member) return false;
  return isOwnedBy(step, { name: member.name, station: member.station, role: actor.role });
}

/** Does this step belong to this person: by name, station or role? */
export function isOwnedBy(step: Pick<StepState, 'owner'>, who: { name: string; station: string; role: string }): boolean {
  const owner = step.owner.trim().toLowerCase();
  if (!owner) return false;
  const is = (w: string) => w.trim().toLowerCase() === owner;
  return is(who.name) || is(who.station) || is(who.role);
}

export type PonrClearance = { clear: true; by: 'not_ponr' | 'go' | 'override' } | { clear: false; reason: string; why: string };

/** The answer for every step that is not the point of no return: one object, asked of each row at each event. */
const NOT_PONR: PonrClearance = Object.freeze({ clear: true, by: 'not_ponr' });

/**
 * Whether the point of no return at this step may be crossed: by a GO recorded after the last
 * step it waits on (directly or through another) was done, and not followed by HOLD or
 * ROLLBACK; or by an override that no HOLD or ROLLBACK has followed either.
 */
export function ponrClearance(state: CutoverState, step: StepState): PonrClearance {
  if (!step.pointOfNoReturn) return NOT_PONR;
  // Going back: neither the GO before the ROLLBACK nor an override opens the way forward
  // while the crew works the rollback (the countdown to it is gone from the screens too).
  if (rollingBack(state)) return { clear: false, why: ROLLING_BACK, reason: `“${step.title}” is the point of no return and ${ROLLING_BACK}` };
  if (standingOverride(state, step)) return { clear: true, by: 'override' };
  // Its own dependencies first; then what they wait on, which a reopen can undo after the GO.
  const direct = unmetDependencies(state, step);
  const waiting = direct.length > 0 ? direct : unmetAncestors(state, step);
  const doneAt = lastDependencyDoneAt(state, step);
  const last = state.decisions[state.decisions.length - 1];
  const askedAgain = last?.decision === 'go' ? pollAskedSince(state, last.at) : null;
  if (waiting.length === 0 && last?.decision === 'go' && last.at >= doneAt && !askedAgain) return { clear: true, by: 'go' };
  const why =
    waiting.length > 0
      ? `it still waits on ${waiting.map((w) => `“${w.title}”`).join(', ')}`
      : askedAgain
        ? `the poll “${askedAgain}” was asked again after the GO and is not decided`
        : last && last.decision !== 'go' && last.at >= doneAt
          ? `the last decision was ${last.decision.toUpperCase()}`
          : 'no GO was recorded after its dependencies were done';
  return {
    clear: false,
    why,
    reason: `“${step.title}” is the point of no return and ${why}. It needs the approver’s GO, or an explicit override to cross it without one`,
  };
}

const ROLLING_BACK = 'a ROLLBACK is under way: the night is going back, not across it';
/** Whether the night is working its way back (ROLLBACK decided, the outcome not yet recorded). */
export const rollingBack = (state: Pick<CutoverState, 'rollback' | 'status'>): boolean => state.rollback !== null && state.status === 'in_progress';

/** "ROLLBACK, decided by Chris,", while the night is rolling back; null otherwise: what refusals name. */
export function rollbackUnderWay(state: Pick<CutoverState, 'rollback' | 'status' | 'decisions'>): string | null {
  if (!rollingBack(state)) return null;
  const decision = state.decisions.find((d) => d.id === state.rollback!.decisionId);
  return decision ? `ROLLBACK, decided by ${decision.by.name},` : 'A ROLLBACK';
}

/**
 * The question of a poll opened (or asked again) after the last decision, or null. The lead
 * asking the crew again puts the GO in question: the point of no return waits for the
 * approver's word on the new round, also once the round has closed (all answered, or its
 * deadline) with nobody deciding it.
 */
function pollAskedSince(state: CutoverState, lastAt: number): string | null {
  for (const id of state.pollOrder) {
    const poll = state.polls[id];
    const round = poll?.rounds[poll.rounds.length - 1];
    if (!poll || !round) continue;
    // By count where kept (a re-poll can share the GO's millisecond), by time in older snapshots.
    const after = round.decisionsBefore !== undefined ? round.decisionsBefore >= state.decisions.length : round.openedAt > lastAt;
    if (after) return poll.question;
  }
  return null;
}

/**
 * Whether the night has gone past this point of no return: started (even if blocked since),
 * done, or skipped. What is crossed stays crossed: it is not reopened, nor overridden again.
 */
export const ponrCrossed = (step: Pick<StepState, 'startedAt' | 'status'>): boolean =>
  step.startedAt !== null || step.status === 'done' || step.status === 'skipped';

/**
 * A point of no return this step comes after (directly or through other steps) that the night
 * has not crossed yet, nearest first; null when there is none. A forced start bypasses the
 * order of the runbook, never this: starting a step beyond it would cross it unseen, with no
 * GO, no override and no moment on the record when the night went past it.
 */
export function uncrossedPonrBefore(state: CutoverState, step: StepState): StepState | null {
  return ancestors(state, step).find((d) => d.pointOfNoReturn && !ponrCrossed(d)) ?? null;
}

/** "“Drop the old primary” comes after the point of no return “Switch writes”, …" */
export const ponrAheadRefusal = (step: Pick<StepState, 'title'>, ponr: Pick<StepState, 'title'>): string =>
  `“${step.title}” comes after the point of no return “${ponr.title}”, which the night has not crossed: starting it early would cross it unseen. Cross “${ponr.title}” first, with the approver’s GO or an override`;

/**
 * The last override recorded for this step, unless a HOLD or ROLLBACK came after it: the
 * approver's later word closes the rail again, as it closes a GO.
 */
function standingOverride(state: CutoverState, step: StepState): PonrOverride | null {
  let override: PonrOverride | undefined;
  for (const o of state.overrides) if (o.stepId === step.id) override = o;
  if (!override) return null;
  // The decisions recorded after it; by time alone in snapshots written before the count was kept.
  const before = override.decisionsBefore;
  const at = override.at;
  const later = before === undefined ? state.decisions.filter((d) => d.at > at) : state.decisions.slice(before);
  return later.some((d) => d.decision !== 'go') ? null : override;
}

/** Every step this one waits on through others, not done or skipped, nearest first. */
function unmetAncestors(state: CutoverState, step: StepState): StepState[] {
  return ancestors(state, step).filter((d) => d.status !== 'done' && d.status !== 'skipped');
}

/** The steps this one waits on, directly or through another, nearest first. */
function ancestors(state: CutoverState, step: StepState): StepState[] {
  const seen = new Set<string>([step.id]);
  const found: StepState[] = [];
  const queue = [...step.dependsOn];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const d = state.steps[id];
    if (seen.has(id) || !d) continue;
    seen.add(id);
    found.push(d);
    queue.push(...d.dependsOn);
  }
  return found;
}

/**
 * Once the night is under way, an edit cannot take the point of no return off a step: one
 * unticked box would let it start without the approver's GO, and the timeline would show only
 * "edited". Crossing it without a GO is an override, with its reason on the record. Null when
 * `changes` may be made; the runbook editor reads the same sentence to say why the box is fixed.
 */
export function ponrRemovalRefusal(
  state: Pick<CutoverState, 'status'>,
  step: Pick<StepState, 'title' | 'pointOfNoReturn'>,
  changes: { pointOfNoReturn?: boolean | undefined },
): string | null {
  if (!step.pointOfNoReturn || changes.pointOfNoReturn !== false || state.status === 'draft' || state.status === 'scheduled') return null;
  return `“${step.title}” is the point of no return, and the night has started: it stays one. It is crossed with the approver’s GO, or with an override and its reason`;
}

/**
 * Why a change to the plan mid-night would clear a point of no return that is shut, or null.
 * Taking "Verify copy" out of what "Switch writes" waits on, while it still runs, cleared the
 * switch on the GO recorded before it: the night could cross on a GO given while the
 * verification was still to come, and the timeline said only "edited". A GO (or an override)
 * after the change clears it, as for a step that was redone.
 */
export function ponrClearedByEdit(state: CutoverState, next: CutoverState): string | null {
  if (state.status === 'draft' || state.status === 'scheduled') return null;
  for (const step of Object.values(state.steps)) {
    if (!step.pointOfNoReturn || ponrCrossed(step)) continue;
    const before = ponrClearance(state, step);
    const after = next.steps[step.id];
    if (before.clear || !after || !ponrClearance(next, after).clear) continue;
    return `This change would clear the point of no return “${step.title}”, which is shut because ${before.why}: the night would cross it on a GO given before. Ask the approver for a GO after this change, or skip what it no longer waits on, with a reason`;
  }
  return null;
}

/** When the last step it waits on, directly or through another, was done (a reopened one counts when redone). */
const lastDependencyDoneAt = (state: CutoverState, step: StepState): number => Math.max(0, ...ancestors(state, step).map((d) => d.endedAt ?? 0));

/** Who may cross the point of no return without a GO on this cutover. */
export const mayOverridePonr = (state: CutoverState, role: Actor['role']): boolean =>
  role === 'approver' || (role === 'lead' && state.info?.leadMayCrossPonr === true);

/** Whether the lead may still reopen an ended night at `now`, or why not. */
export function reopenProblem(state: Pick<CutoverState, 'status' | 'endedAt'>, now: number): string | null {
  if (!isEnded(state.status)) return 'The night has not ended';
  if (state.endedAt !== null && now - state.endedAt > REOPEN_GRACE_MS) {
    return `The night ended more than ${REOPEN_GRACE_MS / MIN} minutes ago; it is part of the record now`;
  }
  return null;
}
