import type { Command } from '../cutover/commands';
import type { Decision, DecideContext } from '../cutover/decide';
import { EVENT_VERSION, type CutoverEvent, type NewEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import { applyPollEvent } from './applyPoll';
import { othersAnswers, replaceQuestion } from './replacing';
import { rollbackPhase } from './rollbackPlan';
import { answersByPerson, currentRound, isOpen } from './schema';
import { stationsOf } from './stations';
import { pollTally } from './tally';

type PollCommand = Extract<Command, { type: 'poll.open' | 'poll.answer' | 'poll.close' | 'poll.repoll' | 'poll.check' | 'decision.record' }>;
type Answered = Extract<NewEvent, { type: 'poll.answered' }>;

const accept = (...events: NewEvent[]): Decision => ({ ok: true, events });
const refuse = (reason: string, code: 'precondition' | 'not_found' | 'forbidden' = 'precondition'): Decision => ({ ok: false, code, reason });

/** Go/no-go: who may answer, when a poll closes, and what a decision does to the night. */
export function decidePoll(state: CutoverState, command: PollCommand, ctx: DecideContext): Decision {
  const ended = state.status === 'completed' || state.status === 'rolled_back' || state.status === 'aborted';
  if (ended) return refuse(`The cutover is ${state.status.replace('_', ' ')}; polls and decisions are closed`);

  if (command.type === 'poll.open') {
    const { question, stations, gateStepId, deadline, conditions, answerBy } = command.payload;
    if (new Set(stations).size !== stations.length) return refuse('A station is listed twice');
    if (deadline !== undefined && deadline <= ctx.now) return refuse('The deadline has already passed');
    if (gateStepId !== undefined) {
      const gate = state.steps[gateStepId];
      if (!gate) return refuse(`There is no step "${gateStepId}"`, 'not_found');
      if (gate.kind !== 'gate') return refuse(`“${gate.title}” is not a gate step`);
      if (gate.status === 'done') return refuse(`The gate “${gate.title}” has already been passed`);
    }
    return accept({ type: 'poll.opened', payload: { pollId: ctx.newId(), question, stations, conditions, answerBy, ...(gateStepId ? { gateStepId } : {}), ...(deadline ? { deadline } : {}) } });
  }

  if (command.type === 'decision.record') return decide(state, command, ctx);

  const poll = state.polls[command.payload.pollId];
  if (!poll) return refuse(`There is no poll "${command.payload.pollId}"`, 'not_found');
  const round = currentRound(poll);

  switch (command.type) {
    case 'poll.answer': {
      if (!isOpen(poll)) return refuse(`The poll “${poll.question}” is closed; answers are no longer taken`);
      const member = state.members[ctx.actor.id];
      const mine = member ? stationsOf(member, poll.stations) : [];
      if (mine.length === 0) return refuse(`You are not one of the stations this poll asks (${poll.stations.map((s) => s.split(':')[1]).join(', ')})`, 'forbidden');
      const { vote, comment, replace } = command.payload;
      const replaces = answersByPerson(poll) ? [] : othersAnswers(round, mine, ctx.actor.id);
      if (replaces.length > 0 && !replace) return refuse(replaceQuestion(state, replaces));
      const answered: Answered = { type: 'poll.answered', payload: { pollId: poll.id, round: round.round, stations: mine, vote, comment, ...(replaces.length ? { replaces } : {}) } };
      // Whether this answer completes the round is read from the state it leads to, by the same rule the boards show.
      const after = applyPollEvent(state, { v: EVENT_VERSION, seq: state.seq + 1, ts: ctx.now, actor: ctx.actor, ...answered } satisfies CutoverEvent);
      const complete = pollTally(after, after.polls[poll.id] ?? poll).waitingStations.length === 0;
      return accept(answered, ...(complete ? [{ type: 'poll.closed', payload: { pollId: poll.id, round: round.round, reason: 'complete' } } satisfies NewEvent] : []));
    }
    case 'poll.close':
      if (!isOpen(poll)) return refuse(`The poll “${poll.question}” is already closed`);
      return accept({ type: 'poll.closed', payload: { pollId: poll.id, round: round.round, reason: 'closed_by_lead' } });
    case 'poll.repoll': {
      const events: NewEvent[] = [];
      if (isOpen(poll)) events.push({ type: 'poll.closed', payload: { pollId: poll.id, round: round.round, reason: 'repolled' } });
      events.push({ type: 'poll.reopened', payload: { pollId: poll.id, round: round.round + 1 } });
      return accept(...events);
    }
    case 'poll.check':
      if (command.payload.index >= poll.conditions.length) return refuse('The poll has no such condition', 'not_found');
      return accept({ type: 'poll.conditionChecked', payload: command.payload });
  }
}

function decide(state: CutoverState, command: Extract<PollCommand, { type: 'decision.record' }>, ctx: DecideContext): Decision {
  if (state.status !== 'in_progress') return refuse('The night has not started: there is nothing to decide yet');
  const { pollId, decision, rationale } = command.payload;
  const poll = pollId ? state.polls[pollId] : undefined;
  if (pollId && !poll) return refuse(`There is no poll "${pollId}"`, 'not_found');
  if (decision === 'rollback' && state.rollback) return refuse('Rollback is already under way');
  const decisionId = ctx.newId();
  const events: NewEvent[] = [{ type: 'decision.recorded', payload: { decisionId, decision, rationale, ...(pollId ? { pollId } : {}) } }];
  if (poll && isOpen(poll)) events.push({ type: 'poll.closed', payload: { pollId: poll.id, round: currentRound(poll).round, reason: 'decided' } });
  const gate = poll?.gateStepId ? state.steps[poll.gateStepId] : undefined;
  // A gate completes only through a GO: this is the one path that ticks it off.
  if (decision === 'go' && gate && gate.status !== 'done') events.push({ type: 'step.completed', payload: { stepId: gate.id, note: `GO: ${rationale}` } });
  if (decision === 'rollback') events.push({ type: 'rollback.started', payload: { decisionId, phase: rollbackPhase(state, ctx.now) } });
  return accept(...events);
}
