import { applyEvent, EVENT_VERSION, HUB_ACTOR, type Actor, type CutoverEvent, type NewEvent, type RunbookPlan } from '@shared/cutover';
import type { SampleBatch } from '@shared/metrics';
import { draftPostmortem } from '@shared/postmortem';
import type { Night } from '../../support/domain';
import { step, WINDOW_START } from '../../support/hubHarness';

/** Stop processing, switch, restart: processing is stopped from the start of a to the end of c. */
export const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('a', 'Stop event processing', 0, 10, [], { outageStart: 'event processing', outagePlannedMin: 30 }),
        step('b', 'Switch database', 10, 15, ['a']),
        step('c', 'Restart event processing', 25, 5, ['b'], { outageEnd: 'event processing' }),
      ],
    },
  ],
};

export const MIN = 60_000;
/** Minutes after 19:00 (London, 29 April), as hub time. */
export const minute = (m: number) => WINDOW_START + m * MIN;

/** What the hub records by itself (alerts, deliveries): appended and folded as the hub would. */
export function hubRecords(n: Night, news: NewEvent | NewEvent[], actor: Actor = HUB_ACTOR): Night {
  for (const e of Array.isArray(news) ? news : [news]) {
    const event = { v: EVENT_VERSION, seq: n.state.seq + 1, ts: n.now, actor, ...e } as CutoverEvent;
    n.events.push(event);
    n.state = applyEvent(n.state, event);
  }
  return n;
}

/** A series' readings from a function of the minute, one a minute from `from` to `to`, in batches of `per`. */
export function samplesOf(s: string, from: number, to: number, value: (m: number) => number, per = 60): SampleBatch[] {
  const batches: SampleBatch[] = [];
  for (let first = from; first <= to; first += per) {
    const ms = Array.from({ length: Math.min(per, to - first + 1) }, (_, i) => first + i);
    batches.push({ s, t: ms.map(minute), v: ms.map(value) });
  }
  return batches;
}

export const draftOf = (n: Night, samples?: SampleBatch[]) => draftPostmortem({ state: n.state, events: n.events, ...(samples ? { samples } : {}) });

export { section } from '../../support/markdownSections';
