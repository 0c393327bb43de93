import { actionEvents } from '../actions/apply';
import { checkEvents } from '../checks/apply';
import { commsEvents } from '../comms/applyComms';
import { bulkFold, madeHere } from '../core/bulkFold';
import type { AllEvents, EventHandler } from '../core/tables';
import { crewEvents } from '../crew/apply';
import { seriesEvents } from '../metrics/applySeries';
import { pollEvents } from '../polls/applyPoll';
import { stepEvents } from '../steps/apply';
import type { CutoverEvent, EventOf, EventType } from './events';
import { lifecycleEvents } from './lifecycle';
import { emptyCutoverState, type CutoverState } from './state';

/*
 * Each slice folds its own events; this is where they meet. `AllEvents` makes an event
 * that no slice folds a type error here.
 */
const eventTable = {
  ...lifecycleEvents,
  ...stepEvents,
  ...crewEvents,
  ...pollEvents,
  ...seriesEvents,
  ...commsEvents,
  ...checkEvents,
  ...actionEvents,
} satisfies AllEvents;

/**
 * Folds one event into the state. Events are facts already checked by `decide`, so this
 * never refuses; it must stay pure and deterministic, because the hub and every client
 * run it and must agree.
 */
export function applyEvent(state: CutoverState, event: CutoverEvent): CutoverState {
  const next = applyWith(event.type, event, state);
  return { ...next, seq: event.seq };
}

/*
 * The same table as a Map: an object with this many keys, dotted ones at that, is a
 * dictionary to V8, and looking a handler up in it was a tenth of folding a long night.
 */
const handlers = new Map(Object.entries(eventTable as AllEvents));

// The type is passed apart from the event so that TypeScript pairs the handler with it.
function applyWith<T extends EventType>(type: T, event: EventOf<T>, state: CutoverState): CutoverState {
  const handler = handlers.get(type) as EventHandler<T>;
  return handler(state, event);
}

/**
 * Folds many events, as applying each in turn would. The states in between are seen by no
 * one, so the state is copied when the fold first changes it and then written in place: it
 * takes each seq, and lists and records made in this fold grow in place (core/bulkFold.ts).
 */
export function foldEvents(events: Iterable<CutoverEvent>, from: CutoverState = emptyCutoverState()): CutoverState {
  return bulkFold(() => {
    let s = from;
    let made: CutoverState | null = null;
    for (const e of events) {
      const next = applyWith(e.type, e, s);
      if (next !== s || s === made) {
        // A state the handler has just made, or ours written in place: no one else holds it.
        s = made = madeHere(next);
        s.seq = e.seq;
      } else s = made = madeHere({ ...s, seq: e.seq }); // `from`, which an event left as it was
    }
    return s;
  });
}
