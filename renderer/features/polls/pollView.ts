import { mayIssue, type CutoverState, type Member, type Role } from '@shared/cutover';
import {
  answerKeys,
  answersByPerson,
  beingAsked,
  currentRound,
  isOpen,
  myStations,
  noGosInPlace,
  othersAnswers,
  pollTally,
  stationLabel,
  tallyLine,
  type DecisionRecord,
  type PollAnswer,
  type PollState,
  type ReplacedAnswer,
  type TallyRow,
} from '@shared/polls';
import { clockTime, span } from '../../lib/time';

export const CLOSE_WORDS: Record<string, string> = {
  complete: 'every station answered',
  deadline: 'deadline reached',
  closed_by_lead: 'closed by the lead',
  decided: 'decided',
  repolled: 'asked again',
};

/** A row of the board with its stations as people read them. */
export type BoardRow = TallyRow & { labels: string[] };

export type PollModel = {
  poll: PollState;
  open: boolean;
  round: number;
  openedAt: number;
  closeReason: string | null;
  byPerson: boolean;
  rows: BoardRow[];
  /** "3 GO · 1 NO-GO · 2 waiting" */
  summary: string;
  noGo: number;
  /** The stations I answer for in this poll (empty: I do not vote here). */
  mine: string[];
  /** By station: answers of others that my answer would replace (I confirm first). */
  replacing: ReplacedAnswer[];
  /** My own answer standing in this round, if I gave one. */
  myAnswer: PollAnswer | null;
  /** The NO-GOs a GO of mine would take the place of: such a GO says what changed. */
  noGosInPlace: PollAnswer[];
  decided: DecisionRecord | null;
  /** The lead may ask again: the round is undecided, or the approver said HOLD. */
  mayRepoll: boolean;
};

const roleOf = (state: CutoverState, me: Member | null): Role => (me ? (state.members[me.id]?.role ?? me.role) : 'observer');

/** A poll as its board shows it: every answer with its reason, who is waiting, the counts. */
export function pollView(state: CutoverState, poll: PollState, me: Member | null): PollModel {
  const round = currentRound(poll);
  const tally = pollTally(state, poll, round);
  const name = (id: string) => state.members[id]?.name;
  const role = roleOf(state, me);
  const mine = me ? myStations(state, me, poll) : [];
  const decided = tally.decision;
  return {
    poll,
    open: isOpen(poll),
    round: round.round,
    openedAt: round.openedAt,
    closeReason: round.closeReason,
    byPerson: answersByPerson(poll),
    rows: tally.rows.map((r) => ({ ...r, labels: r.stations.map((s) => stationLabel(s, name)) })),
    summary: tallyLine(tally),
    noGo: tally.noGo,
    mine,
    replacing: me && !answersByPerson(poll) ? othersAnswers(round, mine, me.id) : [],
    myAnswer: me ? ownAnswer(poll, round.answers, mine, me.id) : null,
    noGosInPlace: me ? noGosInPlace(poll, round, mine, me.id) : [],
    decided,
    mayRepoll: mayIssue(role, 'poll.repoll') && state.status === 'in_progress' && (decided === null || decided.decision === 'hold') && !beingAsked(poll),
  };
}

/** The answer this member gave that stands: theirs by person, or one of their stations' if they gave it. */
function ownAnswer(poll: PollState, answers: Record<string, PollAnswer>, mine: string[], memberId: string): PollAnswer | null {
  return (
    answerKeys(poll, mine, memberId)
      .map((k) => answers[k])
      .find((a) => a?.by.id === memberId) ?? null
  );
}

/** " as “Switch DNS now?”": how a poll asked again since (askedAgainSince) put it; nothing in the same words. */
export const askedAs = (poll: PollState, newer: PollState): string => (newer.question.trim() === poll.question.trim() ? '' : ` as “${newer.question}”`);

/** "Open · round 2 since 21:04 · closes in 3m", or how the round closed. */
export function roundState(v: PollModel, tz: string, now: number): string {
  const since = `round ${v.round} since ${clockTime(v.openedAt, tz)}`;
  if (!v.open) return `Closed · ${CLOSE_WORDS[v.closeReason ?? ''] ?? ''} · ${since}`;
  const deadline = v.poll.deadline;
  return `Open · ${since}${deadline !== null ? ` · closes in ${span(Math.max(0, deadline - now))}` : ''}`;
}

/** The stations a lead can ask: every role, every crew function seen, every member. */
export function stationChoices(state: CutoverState): { key: string; label: string }[] {
  const roles = (['lead', 'operator', 'approver', 'comms'] as const).map((r) => ({ key: `role:${r}`, label: `Role: ${r}` }));
  const stations = [
    ...new Set(
      Object.values(state.members)
        .map((m) => m.station)
        .filter(Boolean),
    ),
  ]
    .sort()
    .map((s) => ({ key: `station:${s}`, label: `Station: ${s}` }));
  const members = Object.values(state.members)
    .filter((m) => m.role !== 'observer')
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => ({ key: `member:${m.id}`, label: `Person: ${m.name}` }));
  return [...stations, ...roles, ...members];
}

/** The roles a go/no-go asks: those who do the work and the one who decides. */
const POLLED_ROLES: readonly Role[] = ['operator', 'approver'];

/**
 * What a new poll starts with ticked: everyone on shift in the polled roles, by their
 * station when they have one ("DBA"), else by their role, so the lead only unticks.
 */
export function defaultStations(state: CutoverState): string[] {
  const keys = Object.values(state.members)
    .filter((m) => m.onShift && POLLED_ROLES.includes(m.role))
    .map((m) => (m.station.trim() ? `station:${m.station.trim()}` : `role:${m.role}`));
  return [...new Set(keys)];
}
