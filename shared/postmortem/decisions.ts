import { overrideWords } from '../polls/against';
import { currentRound, type DecisionRecord, type PollAnswer, type PollCondition, type PollRound, type PollState } from '../polls/schema';
import { stationLabel } from '../polls/stations';
import { pollTally, voteWord } from '../polls/tally';
import { because, list, notesAsWritten, oneLine, plural, when, who, type Ctx } from './context';

/*
 * "## Decisions": every go/no-go poll with its rounds, each station's final vote and
 * comment, and the decision with who and why; then decisions taken without a poll and
 * notes marked as decisions.
 */

const CLOSE = {
  complete: 'everyone answered',
  deadline: 'deadline reached',
  closed_by_lead: 'closed by the lead',
  decided: 'decided',
  repolled: 'asked again',
} as const;

export function decisions(ctx: Ctx): string {
  const { state, events } = ctx;
  const name = (id: string) => state.members[id]?.name;
  const blocks: string[] = [];
  for (const pollId of state.pollOrder) {
    const poll = state.polls[pollId];
    if (poll) blocks.push(pollBlock(ctx, poll, name));
  }
  const loose = state.decisions.filter((d) => d.pollId === null || !state.polls[d.pollId]);
  const decisionNotes = notesAsWritten(events).filter((n) => n.severity === 'decision');
  if (loose.length || decisionNotes.length || state.overrides.length) {
    const items = [
      ...loose.map((d) => decisionLine(ctx, d)),
      ...state.overrides.map(
        (o) =>
          `OVERRIDE at ${when(ctx, o.at)} by ${who(o.by.name)}: the point of no return at “${oneLine(state.steps[o.stepId]?.title ?? o.stepId)}” crossed without a GO: ${oneLine(o.reason)}`,
      ),
      ...decisionNotes.map((n) => `Noted at ${when(ctx, n.at)} by ${who(n.by.name)}: ${oneLine(n.text)}`),
    ];
    blocks.push(`#### ${state.pollOrder.length ? 'Other decisions' : 'Decisions without a poll'}\n\n${list(items, '')}`);
  }
  return blocks.length ? blocks.join('\n\n') : 'No go/no-go polls or decisions were recorded.';
}

/**
 * "GO at 01:10 by Ann: Counts match. GO over the NO-GO of Dave (DBA): lag 40 s, overridden:
 * Vendor confirmed the lag is the replica's own": a GO that went over what said no carries
 * what it went over and the approver's reason, wherever the record names it; read without
 * them, the night's most questioned call reads as a clean GO.
 */
export const decisionLine = (ctx: Ctx, d: DecisionRecord): string =>
  `${d.decision.toUpperCase()} at ${when(ctx, d.at)} by ${who(d.by.name)}: ${oneLine(d.rationale)}${overrideTail(d.override)}`;

/** ". GO over an unmet condition (“…”), overridden: <reason>", or nothing for a decision that overrode nothing. */
export const overrideTail = (o: DecisionRecord['override']): string => (o ? `. ${oneLine(overrideWords(o))}, overridden: ${oneLine(o.reason)}` : '');

function pollBlock(ctx: Ctx, poll: PollState, name: (id: string) => string | undefined): string {
  const { state } = ctx;
  const gate = poll.gateStepId ? state.steps[poll.gateStepId] : undefined;
  const intro = `Opened at ${when(ctx, pollOpenedAt(poll))} by ${who(poll.openedBy.name)}${gate ? ` for the gate “${oneLine(gate.title)}”` : ''}; ${plural(poll.rounds.length, 'round')}.`;
  const items = poll.rounds.flatMap((r) => {
    const changes = changedAnswers(ctx, r, name);
    return [roundLine(ctx, poll, r, name), ...(changes.length ? [`Round ${r.round}, answers changed: ${changes.join('; ')}`] : [])];
  });
  if (poll.conditions.length) {
    // A condition bound to a check is never ticked: it stood on the check's result at the poll's (last) decision.
    const decision = state.decisions.findLast((x) => x.pollId === poll.id);
    const at = decision ? decidedAt(ctx, decision.id) : Infinity;
    const ticked = (c: PollCondition) => (c.met === null ? 'not checked' : `${c.met ? 'met' : 'not met'}${c.by ? `, checked by ${c.by}` : ''}`);
    items.push(`Conditions: ${poll.conditions.map((c) => `${oneLine(c.text)} (${c.checkId ? checkResultBefore(ctx, c.checkId, at) : ticked(c)})`).join('; ')}`);
  }
  for (const d of state.decisions.filter((x) => x.pollId === poll.id)) {
    items.push(`Decision: ${decisionLine(ctx, d)}`);
  }
  if (!state.decisions.some((x) => x.pollId === poll.id)) items.push('No decision was recorded on this poll.');
  return `#### ${oneLine(poll.question)}\n\n${intro}\n\n${list(items, '')}`;
}

/**
 * Votes that were overridden in a round, in the order they happened: someone changing their
 * own answer ("Dan from NO-GO to GO at 19:13"), or answering for a station over someone
 * else ("Chris’s GO replaced Dan’s NO-GO for DBA at 19:14"). The round's line keeps only
 * the final answers; the record keeps who changed what.
 */
function changedAnswers(ctx: Ctx, r: PollRound, name: (id: string) => string | undefined): string[] {
  const out: string[] = [];
  const last = new Map<string, PollAnswer>();
  for (const a of r.history ?? []) {
    const before = last.get(a.by.id);
    if (before && before.vote !== a.vote) {
      out.push(`${who(a.by.name)} from ${voteWord(before.vote)} to ${voteWord(a.vote)} at ${when(ctx, a.at)}${because(a.comment)}`);
    }
    for (const rep of a.replaced ?? []) {
      out.push(
        `${who(a.by.name)}’s ${voteWord(a.vote)} replaced ${who(rep.by.name)}’s ${voteWord(rep.vote)} for ${oneLine(stationLabel(rep.station, name))} at ${when(ctx, a.at)}`,
      );
    }
    last.set(a.by.id, a);
  }
  return out;
}

/** The seq of a decision's event: what the record held before it is what it was made on. */
const decidedAt = (ctx: Ctx, decisionId: string): number =>
  ctx.events.find((e) => e.type === 'decision.recorded' && e.payload.decisionId === decisionId)?.seq ?? Infinity;

/**
 * "passed: Replication lag 1, below 5 at 19:05": a check's last result recorded before `seq`,
 * as the state held it then (a removal, or a redefinition reading something else, drops it).
 */
function checkResultBefore(ctx: Ctx, checkId: string, seq: number): string {
  let last: { pass: boolean; words: string; at: number } | null = null;
  let spec: string | null = null;
  for (const e of ctx.events) {
    if (e.seq >= seq) break;
    if (e.type === 'check.defined' && e.payload.check.id === checkId) {
      const next = JSON.stringify(e.payload.check.spec);
      if (spec !== next) last = null;
      spec = next;
    } else if (e.type === 'check.removed' && e.payload.checkId === checkId) {
      last = null;
      spec = null;
    } else if (e.type === 'check.evaluated' && e.payload.checkId === checkId) {
      last = { pass: e.payload.pass, words: e.payload.error ?? e.payload.summary, at: e.ts };
    }
  }
  return last ? `${last.pass ? 'passed' : 'did not pass'}: ${oneLine(last.words)} at ${when(ctx, last.at)}` : 'not checked';
}

const pollOpenedAt = (poll: PollState) => poll.rounds[0]?.openedAt ?? currentRound(poll).openedAt;

function roundLine(ctx: Ctx, poll: PollState, r: PollRound, name: (id: string) => string | undefined): string {
  const closed = r.closedAt === null ? 'still open' : `closed at ${when(ctx, r.closedAt)}${r.closeReason ? `, ${CLOSE[r.closeReason]}` : ''}`;
  // Read through the tally: a poll answered by person may hold several answers per station.
  const rows = pollTally(ctx.state, poll, r).rows;
  const votes = poll.stations.map((key) => {
    const station = stationLabel(key, name);
    const covering = rows.filter((row) => row.stations.includes(key));
    const answers = covering.flatMap((row) =>
      row.vote ? [`${voteWord(row.vote)} (${who(row.who ?? '')}${oneLine(row.reason) ? `: ${oneLine(row.reason)}` : ''})`] : [],
    );
    if (answers.length === 0) return `${station}: no answer`;
    const silent = covering.filter((row) => row.vote === null && row.who !== null).map((row) => who(row.who ?? ''));
    return `${station}: ${answers.join(', ')}${silent.length ? `, no answer from ${silent.join(', ')}` : ''}`;
  });
  return `Round ${r.round} (opened at ${when(ctx, r.openedAt)}, ${closed}): ${votes.join('; ')}`;
}
