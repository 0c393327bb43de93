import { applyEvent, EVENT_VERSION, HUB_ACTOR, type Actor, type CutoverEvent, type NewEvent } from '@shared/cutover';
import { LEAD, Night } from '../../support/domain';
import { SMALL_RUNBOOK } from '../../support/hubHarness';

/*
 * Nights for the Comms tab's views, folded with the real reducer. What the hub's outbox
 * records as it delivers (sending, sent, failed…) is folded in here as the hub would.
 */

export const COMMS: Actor = { id: 'm-comms', name: 'Cora', role: 'comms' };

/** Records events as `actor` would have caused them: for what no command produces (the outbox, a join). */
export function record(n: Night, actor: Actor, events: NewEvent[]): Night {
  for (const e of events) {
    const full = { v: EVENT_VERSION, seq: n.state.seq + 1, ts: n.now, actor, ...e } as CutoverEvent;
    n.events.push(full);
    n.state = applyEvent(n.state, full);
  }
  return n;
}

export const hub = (n: Night, ...events: NewEvent[]): Night => record(n, HUB_ACTOR, events);

/** The small runbook's night, with comms on the bridge as well. */
export function withComms(): Night {
  const n = new Night(SMALL_RUNBOOK);
  return record(n, COMMS, [{ type: 'member.joined', payload: { member: { ...COMMS, role: 'comms', station: '', inviteId: '' } } }]);
}

export const SLACK = { channel: '#cutover', tokenSecret: 'slack-token', threaded: false, livingStatus: true, pinStatus: false };

/** Slack set up by the lead; the night started. */
export function slackNight(): Night {
  return withComms()
    .ok(LEAD, 'comms.configure', { config: { slack: SLACK } })
    .ok(LEAD, 'cutover.start');
}

/** The id of the newest message. */
export const newest = (n: Night): string => n.state.messageOrder[n.state.messageOrder.length - 1]!;
