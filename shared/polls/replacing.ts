import type { CutoverState } from '../cutover/state';
import { answerKeys, type PollAnswer, type PollRound, type PollState, type ReplacedAnswer } from './schema';
import { stationLabel } from './stations';
import { voteWord } from './tally';

/**
 * In a poll answered by station, the answers other members gave for the stations this
 * member is about to answer: replacing them silently would wipe someone's NO-GO.
 */
export function othersAnswers(round: PollRound, stations: readonly string[], memberId: string): ReplacedAnswer[] {
  return stations.flatMap((station) => {
    const a = round.answers[station];
    return a && a.by.id !== memberId ? [{ station, by: a.by, vote: a.vote, comment: a.comment }] : [];
  });
}

/** "Dana already answered for DBA (NO-GO: lag 40 s)", for each author of a replaced answer. */
export function alreadyAnswered(state: CutoverState, replaced: readonly ReplacedAnswer[]): string {
  const name = (id: string) => state.members[id]?.name;
  const byAuthor = new Map<string, ReplacedAnswer[]>();
  for (const r of replaced) byAuthor.set(r.by.id, [...(byAuthor.get(r.by.id) ?? []), r]);
  return [...byAuthor.values()]
    .map((list) => {
      const first = list[0]!;
      const stations = list.map((r) => stationLabel(r.station, name)).join(', ');
      return `${first.by.name} already answered for ${stations} (${voteWord(first.vote)}${first.comment ? `: ${first.comment}` : ''})`;
    })
    .join('; ');
}

/** The refusal: "Dana already answered for DBA (NO-GO: lag 40 s); confirm to replace it". */
export function replaceQuestion(state: CutoverState, replaced: readonly ReplacedAnswer[]): string {
  const authors = new Set(replaced.map((r) => r.by.id)).size;
  return `${alreadyAnswered(state, replaced)}; confirm to replace ${authors > 1 ? 'them' : 'it'}`;
}

/**
 * The NO-GOs a GO from this member would take the place of on the board: their own, and in
 * a poll answered by station, whoever's holds a station they answer for. Such a GO must say
 * what changed: one stray click on GO would otherwise wipe a standing objection off the board.
 */
export function noGosInPlace(poll: PollState, round: PollRound, stations: readonly string[], memberId: string): PollAnswer[] {
  return [...new Set(answerKeys(poll, stations, memberId).flatMap((k) => (round.answers[k]?.vote === 'no_go' ? [round.answers[k]] : [])))];
}

/** "You answered NO-GO (lag 40 s)", "Dana answered NO-GO (lag 40 s)": what a GO would take the place of. */
export function standingNoGos(answers: readonly PollAnswer[], memberId: string): string {
  return answers.map((a) => `${a.by.id === memberId ? 'You' : a.by.name} answered NO-GO (${a.comment})`).join('; ');
}
