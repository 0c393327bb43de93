import type { CutoverState, MemberState } from '../cutover/state';
import {
  answersByPerson,
  currentRound,
  personKey,
  type DecisionRecord,
  type PollAnswer,
  type PollRound,
  type PollState,
  type ReplacedAnswer,
  type Vote,
} from './schema';
import { stationsOf } from './stations';

/** One line of a poll's board: an answer, or someone (or some station) still waiting. */
export type TallyRow = {
  /** The answer's key (`member:<id>` or a station key); `waiting:<…>` for a row still waiting. */
  key: string;
  /** Who answered, or who is awaited; null for a station nobody on shift covers yet. */
  who: string | null;
  memberId: string | null;
  /** The station keys this row stands for. */
  stations: string[];
  /** Null: still waiting. */
  vote: Vote | null;
  reason: string;
  at: number | null;
  /** Answers of others this one replaced (station polls). */
  replaced: ReplacedAnswer[];
};

export type PollTally = {
  round: number;
  openedAt: number;
  closedAt: number | null;
  go: number;
  noGo: number;
  waiting: number;
  rows: TallyRow[];
  /** Station keys not yet answered: the round completes when there are none. */
  waitingStations: string[];
  /** The latest decision recorded on this round, if any. */
  decision: DecisionRecord | null;
};

export const voteWord = (v: Vote): string => (v === 'go' ? 'GO' : 'NO-GO');

/** "3 GO · 1 NO-GO · 2 waiting", what a board and the decision panel say first; once the round is closed, nobody waits any more: "1 no answer". */
export const tallyLine = (t: Pick<PollTally, 'go' | 'noGo' | 'waiting'> & { closedAt?: number | null }): string =>
  `${t.go} GO · ${t.noGo} NO-GO · ${t.waiting} ${t.closedAt != null ? 'no answer' : 'waiting'}`;

/**
 * Where a poll's round stands: each answer with its reason, who is still waiting, and the
 * counts. By person, a station is answered once every member on shift who covers it has
 * answered (and at least one has); by station, once anyone has.
 */
export function pollTally(state: CutoverState, poll: PollState, round: PollRound = currentRound(poll)): PollTally {
  const { rows, waitingStations } = answersByPerson(poll) ? personRows(state, poll, round) : stationRows(poll, round);
  const decisions = roundDecisions(state, poll, round);
  return {
    round: round.round,
    openedAt: round.openedAt,
    closedAt: round.closedAt,
    go: rows.filter((r) => r.vote === 'go').length,
    noGo: rows.filter((r) => r.vote === 'no_go').length,
    waiting: rows.filter((r) => r.vote === null).length,
    rows,
    waitingStations,
    decision: decisions[decisions.length - 1] ?? null,
  };
}

/** Stations that have not answered in the current round (by person: someone in them has not). */
export const missingStations = (state: CutoverState, poll: PollState): string[] => pollTally(state, poll).waitingStations;

/** The decisions recorded on this poll while this round was its latest, oldest first. */
export function roundDecisions(state: CutoverState, poll: PollState, round: PollRound = currentRound(poll)): DecisionRecord[] {
  const next = poll.rounds[poll.rounds.indexOf(round) + 1];
  const within =
    round.decisionsBefore === undefined
      ? state.decisions.filter((d) => d.at >= round.openedAt && (!next || d.at < next.openedAt))
      : state.decisions.slice(round.decisionsBefore, next?.decisionsBefore);
  return within.filter((d) => d.pollId === poll.id);
}

/**
 * Who must answer a station in a poll by person: members on shift who may answer and cover
 * it (someone who handed over is not waited for), and who had joined before the round closed.
 */
const answerersOf = (state: CutoverState, station: string, round: PollRound): MemberState[] =>
  Object.values(state.members).filter(
    (m) => m.onShift && m.role !== 'observer' && m.joinedAt <= (round.closedAt ?? Infinity) && stationsOf(m, [station]).length > 0,
  );

function personRows(state: CutoverState, poll: PollState, round: PollRound): { rows: TallyRow[]; waitingStations: string[] } {
  const rows: TallyRow[] = [];
  const waitingStations: string[] = [];
  const seen = new Set<string>();
  const add = (row: TallyRow) => {
    if (seen.has(row.key)) return;
    seen.add(row.key);
    rows.push(row);
  };
  for (const station of poll.stations) {
    const answers = Object.entries(round.answers).filter(([, a]) => a.stations.includes(station));
    const awaited = answerersOf(state, station, round).filter((m) => !round.answers[personKey(m.id)]);
    if (answers.length === 0 || awaited.length > 0) waitingStations.push(station);
    for (const [key, a] of answers) add(answerRow(key, a));
    for (const m of awaited) add(waitingRow(`waiting:${personKey(m.id)}`, m.name, m.id, stationsOf(m, poll.stations)));
    if (answers.length === 0 && awaited.length === 0) add(waitingRow(`waiting:${station}`, null, null, [station]));
  }
  return { rows, waitingStations };
}

function stationRows(poll: PollState, round: PollRound): { rows: TallyRow[]; waitingStations: string[] } {
  const rows = poll.stations.map((station) => {
    const a = round.answers[station];
    return a ? { ...answerRow(station, a), stations: [station] } : waitingRow(`waiting:${station}`, null, null, [station]);
  });
  return { rows, waitingStations: poll.stations.filter((s) => !round.answers[s]) };
}

const answerRow = (key: string, a: PollAnswer): TallyRow => ({
  key,
  who: a.by.name,
  memberId: a.by.id,
  stations: a.stations,
  vote: a.vote,
  reason: a.comment,
  at: a.at,
  replaced: a.replaced ?? [],
});

const waitingRow = (key: string, who: string | null, memberId: string | null, stations: string[]): TallyRow => ({
  key,
  who,
  memberId,
  stations,
  vote: null,
  reason: '',
  at: null,
  replaced: [],
});
