import { mayIssue, type CutoverState, type Member } from '../../../shared/cutover';
import { currentRound, isOpen, stationLabel, stationsOf, type PollAnswer, type PollState } from '../../../shared/polls';

export type StationRow = { key: string; label: string; answer: PollAnswer | null };

export type PollModel = {
  poll: PollState;
  open: boolean;
  round: number;
  closeReason: string | null;
  rows: StationRow[];
  missing: string[];
  /** The stations I answer for in this poll (empty: I do not vote here). */
  mine: string[];
  goCount: number;
  noGoCount: number;
  decided: { decision: string; rationale: string; by: string } | null;
};

/** A poll as its board shows it: each station, its answer, and who is still missing. */
export function pollView(state: CutoverState, poll: PollState, me: Member | null): PollModel {
  const round = currentRound(poll);
  const name = (id: string) => state.members[id]?.name;
  const rows = poll.stations.map((key) => ({ key, label: stationLabel(key, name), answer: round.answers[key] ?? null }));
  const decision = [...state.decisions].reverse().find((d) => d.pollId === poll.id && d.at >= round.openedAt);
  const role = me ? (state.members[me.id]?.role ?? me.role) : 'observer';
  return {
    poll,
    open: isOpen(poll),
    round: round.round,
    closeReason: round.closeReason,
    rows,
    missing: rows.filter((r) => !r.answer).map((r) => r.label),
    mine: me && mayIssue(role, 'poll.answer') ? stationsOf({ ...me, role }, poll.stations) : [],
    goCount: rows.filter((r) => r.answer?.vote === 'go').length,
    noGoCount: rows.filter((r) => r.answer?.vote === 'no_go').length,
    decided: decision ? { decision: decision.decision, rationale: decision.rationale, by: decision.by.name } : null,
  };
}

/** The stations a lead can ask: every role, every crew function seen, every member. */
export function stationChoices(state: CutoverState): { key: string; label: string }[] {
  const roles = (['lead', 'operator', 'approver', 'comms'] as const).map((r) => ({ key: `role:${r}`, label: `Role: ${r}` }));
  const stations = [...new Set(Object.values(state.members).map((m) => m.station).filter(Boolean))].sort().map((s) => ({ key: `station:${s}`, label: `Station: ${s}` }));
  const members = Object.values(state.members)
    .filter((m) => m.role !== 'observer')
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => ({ key: `member:${m.id}`, label: `Person: ${m.name}` }));
  return [...stations, ...roles, ...members];
}
