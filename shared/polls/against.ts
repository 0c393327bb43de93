import { checkStanding, conditionWords, unmetConditions } from '../checks/rails';
import type { CheckState } from '../checks/schema';
import { checksOfStep, passesNow } from '../checks/state';
import { unmetDependencies } from '../cutover/rails';
import type { CutoverState, StepState } from '../cutover/state';
import type { PollState } from './schema';
import { stationLabel } from './stations';
import { pollTally } from './tally';

/*
 * What stands against a GO on a poll: conditions that say no, and NO-GOs standing in its
 * round. The approver may still decide GO, but never past them unseen: the hub takes such a
 * GO only with an override reason, and records what it went over (decidePoll.ts).
 */

/**
 * What a gate still waits on, which a GO on its poll cannot pass (decidePoll.ts refuses it;
 * the approver's decision panel says it first): none once it is done, or once its start was
 * forced past them, on the record.
 */
export function gateWaitsOn(state: CutoverState, gate: StepState): StepState[] {
  return gate.status === 'done' || gate.forcedReason !== null ? [] : unmetDependencies(state, gate);
}

export type AgainstGo = {
  /** The conditions, as a refusal names them: “lag under 5 s” (7, not below 5). */
  conditions: string[];
  /** Their texts as they stood, for the record. */
  conditionTexts: string[];
  /** "Sam (SRE): queue not drained", one per NO-GO standing in the poll's round. */
  noGos: string[];
};

export function againstGo(state: CutoverState, poll: PollState, now: number): AgainstGo {
  const unmet = unmetConditions(state, poll, now);
  // A check bound to the gate itself says as much as a condition: a GO passes the gate.
  const gateFailing = unpassedGateChecks(state, poll, now);
  const name = (id: string) => state.members[id]?.name;
  const noGos = pollTally(state, poll)
    .rows.filter((r) => r.vote === 'no_go')
    .map((r) => {
      const where = r.stations.map((s) => stationLabel(s, name)).filter((l) => l !== r.who);
      return `${r.who ?? 'someone'}${where.length > 0 ? ` (${where.join(', ')})` : ''}: ${r.reason}`;
    });
  return {
    conditions: [...unmet.map((c) => conditionWords(state, c, now)), ...gateFailing.map((c) => gateCheckWords(c, now))],
    conditionTexts: [...unmet.map((c) => c.text), ...gateFailing.map((c) => `check “${c.config.name}”`)],
    noGos,
  };
}

/**
 * The checks bound to the poll's gate, other than its conditions' own, that do not pass now.
 * A GO on the poll ticks the gate off: a failing check on it ("site answers": HTTP 503) passed
 * unweighed would let the night through the gate on what the gate's own check says is not so.
 */
const unpassedGateChecks = (state: CutoverState, poll: PollState, now: number): CheckState[] => gateOwnChecks(state, poll).filter((c) => !passesNow(c, now));

/** The checks bound to the poll's gate that none of its conditions names: shown and weighed beside them. */
export function gateOwnChecks(state: CutoverState, poll: PollState): CheckState[] {
  if (!poll.gateStepId) return [];
  const asConditions = new Set(poll.conditions.flatMap((c) => c.checkId ?? []));
  return checksOfStep(state, poll.gateStepId).filter((c) => !asConditions.has(c.config.id));
}

/** "the gate’s check “site answers” (HTTP 503)", or "(last passed 40m ago: not read since)". */
function gateCheckWords(c: CheckState, now: number): string {
  return `the gate’s check “${c.config.name}” (${checkStanding(c, now)})`;
}

export const nothingAgainst = (a: AgainstGo): boolean => a.conditions.length === 0 && a.noGos.length === 0;

/**
 * The refusal of a GO without an override: "Not every condition is met: …", "A NO-GO stands:
 * Sam (SRE): …", then what the override must say.
 */
export function againstGoRefusal(a: AgainstGo): string {
  const parts = [
    ...(a.conditions.length > 0 ? [`Not every condition is met: ${a.conditions.join(', ')}`] : []),
    ...(a.noGos.length > 0 ? [`${a.noGos.length === 1 ? 'A NO-GO stands' : `${a.noGos.length} NO-GOs stand`}: ${a.noGos.join('; ')}`] : []),
  ];
  const over = a.noGos.length === 0 ? 'an unmet condition' : a.conditions.length + a.noGos.length > 1 ? 'them' : 'it';
  return `${parts.join('. ')}. A GO over ${over} needs an override reason`;
}

/** "GO over an unmet condition (“a”, “b”)", "GO over the NO-GO of Sam (SRE): …": an override as the record says it. */
export function overrideWords(o: { unmet: readonly string[]; noGos?: readonly string[] }): string {
  const parts = [
    ...(o.unmet.length > 0 ? [`an unmet condition (${o.unmet.map((u) => `“${u}”`).join(', ')})`] : []),
    ...(o.noGos && o.noGos.length > 0 ? [`${o.noGos.length === 1 ? 'the NO-GO' : 'the NO-GOs'} of ${o.noGos.join('; ')}`] : []),
  ];
  return `GO over ${parts.join(' and ')}`;
}
