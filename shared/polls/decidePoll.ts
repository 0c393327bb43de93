import { evidenceOf, gateChecks } from '../checks/rails';
import { checkOf, checksOfStep, checkWords, passing } from '../checks/state';
import { accept, refuse, type DecideContext, type Decision } from '../core/decision';
import { words } from '../core/words';
import type { CommandTable } from '../core/tables';
import type { CommandOf } from '../cutover/commands';
import { EVENT_VERSION, type NewEvent } from '../cutover/events';
import { rollbackUnderWay } from '../cutover/rails';
import { isEnded } from '../cutover/schema';
import type { CutoverState, StepState } from '../cutover/state';
import { againstGo, againstGoRefusal, gateWaitsOn, nothingAgainst } from './against';
import { applyAnswered } from './applyPoll';
import { askedAgainSince } from './awaiting';
import { decidedMeanwhile } from './meanwhile';
import { noGosInPlace, othersAnswers, replaceQuestion, standingNoGos } from './replacing';
import { rollbackPhase } from './rollbackPlan';
import { answersByPerson, beingAsked, currentRound, isOpen, type PollState, type ReplacedAnswer } from './schema';
import { stationsOf } from './stations';
import { pollTally } from './tally';

/* Go/no-go: who may answer, when a poll closes, and what a decision does to the night. */

type OnPoll = 'poll.answer' | 'poll.close' | 'poll.repoll' | 'poll.check';

const ended = (state: CutoverState): Decision | null =>
  isEnded(state.status) ? refuse('precondition', `The cutover is ${state.status.replace('_', ' ')}; polls and decisions are closed`) : null;

/** The checks every command on an existing poll starts with, then the command's own. */
const onPoll =
  <T extends OnPoll>(f: (state: CutoverState, command: CommandOf<T>, ctx: DecideContext, poll: PollState) => Decision) =>
  (state: CutoverState, command: CommandOf<T>, ctx: DecideContext): Decision => {
    const closed = ended(state);
    if (closed) return closed;
    const poll = state.polls[command.payload.pollId];
    if (!poll) return refuse('not_found', `There is no poll "${command.payload.pollId}"`);
    return f(state, command, ctx, poll);
  };

/** The polls still taking answers: not closed, and not past a deadline the hub's tick has yet to record. */
const openPolls = (state: CutoverState, now: number): PollState[] =>
  state.pollOrder.flatMap((id) => {
    const p = state.polls[id];
    return p && isOpen(p) && (p.deadline === null || now < p.deadline) ? [p] : [];
  });

function decideOpen(state: CutoverState, command: CommandOf<'poll.open'>, ctx: DecideContext): Decision {
  const closed = ended(state);
  if (closed) return closed;
  const { question, stations, gateStepId, deadline, conditions, answerBy, requireChecks } = command.payload;
  if (new Set(stations).size !== stations.length) return refuse('precondition', 'A station is listed twice');
  if (deadline !== undefined && deadline <= ctx.now) return refuse('precondition', 'The deadline has already passed');
  const asked = openPolls(state, ctx.now);
  if (gateStepId !== undefined) {
    const gate = state.steps[gateStepId];
    if (!gate) return refuse('not_found', `There is no step "${gateStepId}"`);
    if (gate.kind !== 'gate') return refuse('precondition', `“${gate.title}” is not a gate step`);
    if (gate.status === 'done') return refuse('precondition', `The gate “${gate.title}” has already been passed`);
    // One question before a gate at a time: a second poll (a double click on Open, two leads at
    // once) would split the crew's answers between two boards, and a GO on either passes it.
    const asking = asked.find((p) => p.gateStepId === gateStepId);
    if (asking) return refuse('precondition', `The gate “${gate.title}” already has a poll open: “${asking.question}”`);
  }
  const same = asked.find((p) => p.question.trim() === question.trim() && p.gateStepId === (gateStepId ?? null));
  if (same) return refuse('precondition', `A poll asking “${same.question}” is already open`);
  const checkIds = conditions.flatMap((c) => (typeof c === 'string' ? [] : [c.checkId]));
  const unknown = checkIds.find((id) => !checkOf(state, id));
  if (unknown) return refuse('not_found', `There is no check "${unknown}" to bind a condition to`);
  if (requireChecks) {
    const waiting = gateChecks(state, checkIds, gateStepId).filter((c) => !passing(c));
    if (waiting.length > 0) return refuse('precondition', `This poll opens once its checks pass; not yet: ${waiting.map(checkWords).join(', ')}`);
  }
  return accept({
    type: 'poll.opened',
    payload: { pollId: ctx.newId(), question, stations, conditions, answerBy, ...(gateStepId ? { gateStepId } : {}), ...(deadline ? { deadline } : {}) },
  });
}

const decideAnswer = onPoll<'poll.answer'>((state, command, ctx, poll) => {
  const round = currentRound(poll);
  if (!isOpen(poll)) return refuse('precondition', `The poll “${poll.question}” is closed; answers are no longer taken`);
  // Past its deadline the poll is closed, whether or not the hub's tick has recorded it yet.
  if (poll.deadline !== null && ctx.now >= poll.deadline)
    return refuse('precondition', `The poll “${poll.question}” closed at its deadline; answers are no longer taken`);
  const member = state.members[ctx.actor.id];
  const mine = member ? stationsOf(member, poll.stations) : [];
  if (mine.length === 0) return refuse('forbidden', `You are not one of the stations this poll asks (${poll.stations.map((s) => s.split(':')[1]).join(', ')})`);
  const { vote, comment, replace, replacing } = command.payload;
  const unseen = roundUnseen(poll, command.payload.round);
  if (unseen) return refuse('precondition', `${unseen}: look at it again, then answer`);
  const replaces = answersByPerson(poll) ? [] : othersAnswers(round, mine, ctx.actor.id);
  if (replaces.length > 0 && !replace) return refuse('precondition', replaceQuestion(state, replaces));
  // Confirmed over one answer, while another took its place (Dave's NO-GO came in as Dana's GO
  // was on the prompt): that one was never shown, so it is asked about, not replaced.
  if (replace && replacing && !sameReplaced(replaces, replacing))
    return refuse('precondition', `The answer you were replacing has changed since: ${replaceQuestion(state, replaces)}`);
  const overNoGo = vote === 'go' && comment === '' ? noGosInPlace(poll, round, mine, ctx.actor.id) : [];
  if (overNoGo.length > 0) return refuse('precondition', `${standingNoGos(overNoGo, ctx.actor.id)}: a GO in its place needs a note saying what changed`);
  const answered = {
    type: 'poll.answered',
    payload: { pollId: poll.id, round: round.round, stations: mine, vote, comment, ...(replaces.length ? { replaces } : {}) },
  } satisfies NewEvent;
  // Whether this answer completes the round is read from the state it leads to, by the same rule the boards show.
  const after = applyAnswered(state, { v: EVENT_VERSION, seq: state.seq + 1, ts: ctx.now, actor: ctx.actor, ...answered });
  const complete = pollTally(after, after.polls[poll.id] ?? poll).waitingStations.length === 0;
  return accept(
    answered,
    ...(complete ? [{ type: 'poll.closed', payload: { pollId: poll.id, round: round.round, reason: 'complete' } } satisfies NewEvent] : []),
  );
});

const decideClose = onPoll<'poll.close'>((_state, command, _ctx, poll) => {
  if (!isOpen(poll)) return refuse('precondition', `The poll “${poll.question}” is already closed`);
  const unseen = roundUnseen(poll, command.payload.round);
  if (unseen) return refuse('precondition', `${unseen}: look at it again before closing it`);
  return accept({ type: 'poll.closed', payload: { pollId: poll.id, round: currentRound(poll).round, reason: 'closed_by_lead' } });
});

const decideRepoll = onPoll<'poll.repoll'>((_state, command, _ctx, poll) => {
  const round = currentRound(poll);
  // Pressed on an older round (queued offline, or another lead asked again first): the newer
  // round's answers would be closed away unseen, and the crew asked a third time.
  const unseen = roundUnseen(poll, command.payload.round);
  if (unseen) return refuse('precondition', `${unseen}: look at the new round before asking again`);
  if (beingAsked(poll)) return refuse('precondition', `Round ${round.round} of “${poll.question}” has no answers yet: it is being asked now`);
  const events: NewEvent[] = [];
  if (isOpen(poll)) events.push({ type: 'poll.closed', payload: { pollId: poll.id, round: round.round, reason: 'repolled' } });
  events.push({ type: 'poll.reopened', payload: { pollId: poll.id, round: round.round + 1 } });
  return accept(...events);
});

const decideCheck = onPoll<'poll.check'>((_state, command, _ctx, poll) => {
  const { index, met, was } = command.payload;
  const condition = poll.conditions[index];
  if (!condition) return refuse('not_found', 'The poll has no such condition');
  // Sent as the mark to set, not a toggle: one queued offline while someone else changed it would set it back unseen.
  if (was !== undefined && condition.met !== was)
    return refuse(
      'precondition',
      `“${condition.text}” was marked ${condition.met === null ? 'unchecked' : condition.met ? 'met' : 'not met'}${condition.by ? ` by ${condition.by}` : ''} since your screen showed it: look again`,
    );
  return accept({ type: 'poll.conditionChecked', payload: { pollId: poll.id, index, met } });
});

/**
 * "“Switch DNS?” was asked again (round 2) since your screen showed round 1", or null: a
 * command meant for one round, queued or sent as the lead put the question again, is not
 * counted in a round whose question its sender never saw.
 */
function roundUnseen(poll: PollState, shown: number | undefined): string | null {
  const now = currentRound(poll).round;
  return shown === undefined || shown === now ? null : `“${poll.question}” was asked again (round ${now}) since your screen showed round ${shown}`;
}

function decideRecord(state: CutoverState, command: CommandOf<'decision.record'>, ctx: DecideContext): Decision {
  const closed = ended(state);
  if (closed) return closed;
  if (state.status !== 'in_progress') return refuse('precondition', 'The night has not started: there is nothing to decide yet');
  const { pollId, decision, rationale, override, after, round: shown } = command.payload;
  const poll = pollId ? state.polls[pollId] : undefined;
  if (pollId && !poll) return refuse('not_found', `There is no poll "${pollId}"`);
  // Decided on round 1 while the lead asked again: a GO would close round 2, which nobody has
  // answered yet, with nothing against it, and clear the point of no return. A HOLD or a
  // ROLLBACK clears nothing, and is not made to wait at such a moment.
  const unseen = poll && decision === 'go' ? roundUnseen(poll, shown) : null;
  if (unseen) return refuse('precondition', `${unseen}: look at the new round, then decide`);
  if (decision === 'rollback' && state.rollback) return refuse('precondition', 'Rollback is already under way');
  // The way forward is shut while the night goes back (ponrClearance): a GO would be recorded and change nothing.
  const goingBack = decision === 'go' ? rollbackUnderWay(state) : null;
  if (goingBack) return refuse('precondition', `${goingBack} is under way: a GO does not undo it. Work the way back, and end the night as rolled back`);
  // One decision a round: a second (two approvers at once, a retry) would be recorded after the
  // first unseen, and a GO meant for the round would overturn a HOLD made on it a moment before.
  const round = poll && currentRound(poll);
  const decided = round?.closeReason === 'decided' ? state.decisions.findLast((d) => d.pollId === poll!.id) : undefined;
  if (poll && round && decided)
    return refuse(
      'precondition',
      `Round ${round.round} of “${poll.question}” is already decided: ${decided.decision.toUpperCase()} by ${decided.by.name}. Poll again to decide again`,
    );
  // A decision made from a screen that had not shown the last one: a GO a moment after another
  // approver's HOLD (no poll between them) would clear the point of no return over it unseen.
  const meanwhile = decidedMeanwhile(state, after);
  if (meanwhile) return refuse('precondition', meanwhile);
  // A GO while a poll is open is a GO on that poll: what stands against it is weighed there, not stepped around.
  // A GO on an older board while the question was put again since would pass over the newer answers unweighed.
  const newer = decision === 'go' && poll ? askedAgainSince(state, poll) : null;
  if (poll && newer) return refuse('precondition', askedAgainRefusal(poll, newer));
  const open = decision === 'go' && !pollId ? state.pollOrder.map((id) => state.polls[id]).filter((p): p is PollState => p !== undefined && isOpen(p)) : [];
  if (open.length > 0) return refuse('precondition', openPollRefusal(open));
  const gate = poll?.gateStepId ? state.steps[poll.gateStepId] : undefined;
  // A GO passes the gate; not while what the gate waits on is undone (unless its start was forced past it, on the record).
  const gateWaits = decision === 'go' && gate ? gateWaitsOn(state, gate) : [];
  if (gate && gateWaits.length > 0) return refuse('precondition', gateWaitsRefusal(gate, gateWaits));
  // A GO while the evidence says no (a condition, a NO-GO standing) is the approver's to make,
  // but never past it unseen: it is an override, with its reason and what it went over.
  const against = decision === 'go' && poll ? againstGo(state, poll, ctx.now) : null;
  if (against && !nothingAgainst(against) && !override) return refuse('precondition', againstGoRefusal(against));
  const overridden =
    against && !nothingAgainst(against) && override
      ? { override: { reason: override, unmet: against.conditionTexts, ...(against.noGos.length > 0 ? { noGos: against.noGos } : {}) } }
      : {};
  const decisionId = ctx.newId();
  const events: NewEvent[] = [{ type: 'decision.recorded', payload: { decisionId, decision, rationale, ...(pollId ? { pollId } : {}), ...overridden } }];
  if (poll && isOpen(poll)) events.push({ type: 'poll.closed', payload: { pollId: poll.id, round: currentRound(poll).round, reason: 'decided' } });
  // A gate completes only through a GO: this is the one path that ticks it off.
  // It carries what its own checks said as it passed, as a verification step's Done does.
  if (decision === 'go' && gate && gate.status !== 'done') {
    const evidence = evidenceOf(checksOfStep(state, gate.id), ctx.now);
    events.push({ type: 'step.completed', payload: { stepId: gate.id, note: `GO: ${rationale}`, ...(evidence.length > 0 ? { evidence } : {}) } });
  }
  if (decision === 'rollback') events.push({ type: 'rollback.started', payload: { decisionId, phase: rollbackPhase(state, ctx.now) } });
  return accept(...events);
}

/** Whether the answers a prompt showed being replaced are the ones that stand (the same stations, people and votes). */
function sameReplaced(standing: readonly ReplacedAnswer[], shown: readonly { station: string; by: string; vote: string }[]): boolean {
  const key = (station: string, by: string, vote: string) => `${station}\u0000${by}\u0000${vote}`;
  const a = new Set(standing.map((r) => key(r.station, r.by.id, r.vote)));
  return a.size === shown.length && shown.every((r) => a.has(key(r.station, r.by, r.vote)));
}

/** "“Switch?” was asked again since, as “Switch now?” (Lena): …" */
function askedAgainRefusal(poll: PollState, newer: PollState): string {
  const as = newer.question.trim() === poll.question.trim() ? '' : `, as “${newer.question}”`;
  return `“${poll.question}” was asked again since${as} (${newer.openedBy.name}), and that round is not decided: record the GO there, where the crew’s newer answers are weighed`;
}

/** "The poll “Switch?” is open: record the GO on it, …" */
function openPollRefusal(open: PollState[]): string {
  const names = open.map((p) => `“${p.question}”`).join(', ');
  return open.length === 1
    ? `The poll ${names} is open: record the GO on it, where its answers and conditions are weighed`
    : `Polls ${names} are open: record the GO on one of them, where its answers and conditions are weighed`;
}

/** "The gate “Go/no-go” still waits on “Stop cron jobs” (pending): a GO cannot pass it yet. …" */
function gateWaitsRefusal(gate: StepState, waiting: StepState[]): string {
  const list = waiting.map((w) => `“${w.title}” (${words(w.status)})`).join(', ');
  return `The gate “${gate.title}” still waits on ${list}: a GO cannot pass it yet. Record the GO once ${waiting.length > 1 ? 'they are' : 'it is'} done, or HOLD`;
}

export const pollCommands = {
  'poll.open': decideOpen,
  'poll.answer': decideAnswer,
  'poll.close': decideClose,
  'poll.repoll': decideRepoll,
  'poll.check': decideCheck,
  'decision.record': decideRecord,
} satisfies CommandTable;
