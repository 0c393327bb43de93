import {
  applyEvent,
  decide,
  EVENT_VERSION,
  HUB_ACTOR,
  type Actor,
  type Command,
  type CutoverEvent,
  type CutoverState,
  type NewEvent,
  type RunbookPlan,
  emptyCutoverState,
  parseCommand,
} from '@shared/cutover';
import { SMALL_RUNBOOK, WINDOW_START } from './hubHarness';

export const LEAD: Actor = { id: 'm-lead', name: 'Lena', role: 'lead' };
export const DBA: Actor = { id: 'm-dba', name: 'Dan', role: 'operator' };
export const CTO: Actor = { id: 'm-cto', name: 'Chris', role: 'approver' };
export const OBSERVER: Actor = { id: 'm-obs', name: 'Olive', role: 'observer' };
export const SRE: Actor = { id: 'm-sre', name: 'Sam', role: 'operator' };

/**
 * A hub in miniature for domain tests: decide, then fold, with a clock the test moves.
 * The real hub does exactly this around its journal.
 */
export class Night {
  state: CutoverState = emptyCutoverState();
  events: CutoverEvent[] = [];
  now = WINDOW_START;
  private ids = 0;

  constructor(runbook: RunbookPlan = SMALL_RUNBOOK) {
    this.record(HUB_ACTOR, [
      {
        type: 'cutover.created',
        payload: {
          cutover: {
            id: 'c-1',
            title: 'Night',
            window: { start: WINDOW_START, end: WINDOW_START + 120 * 60_000, timeZone: 'Europe/London' },
            isRehearsal: false,
            pointOfNoReturnAt: null,
          },
          runbook,
        },
      },
    ]);
    for (const a of [LEAD, DBA, SRE, CTO, OBSERVER]) {
      const station = a === DBA ? 'DBA' : a === SRE ? 'SRE' : '';
      this.record(a, [{ type: 'member.joined', payload: { member: { ...a, role: a.role as 'lead', station, inviteId: '' } } }]);
    }
  }

  at(minutesAfterWindowStart: number): this {
    this.now = WINDOW_START + minutesAfterWindowStart * 60_000;
    return this;
  }

  /** Runs a command as the hub does (parse, then decide); returns the refusal reason, or null. */
  run(actor: Actor, type: Command['type'], payload: unknown = {}): string | null {
    const parsed = parseCommand({ id: `cmd-${++this.ids}`, type, payload });
    if (!parsed.ok) return parsed.reason;
    return this.decideParsed(actor, parsed.command);
  }

  /** Decides a command as given, skipping the schema: for rules that hold before any parsing. */
  decideParsed(actor: Actor, command: Command): string | null {
    const d = decide(this.state, command, { actor, now: this.now, newId: () => `n${this.ids}` });
    if (!d.ok) return d.reason;
    this.record(actor, d.events);
    return null;
  }

  /** Like run, but a refusal fails the test with its reason. */
  ok(actor: Actor, type: Command['type'], payload: unknown = {}): this {
    const r = this.run(actor, type, payload);
    if (r) throw new Error(`${type} refused: ${r}`);
    return this;
  }

  /** Records what the hub itself observes (an integration's events), as the hub does. */
  observed(news: NewEvent[]): this {
    this.record(HUB_ACTOR, news);
    return this;
  }

  private record(actor: Actor, news: NewEvent[]): void {
    for (const n of news) {
      const e = { v: EVENT_VERSION, seq: this.state.seq + 1, ts: this.now, actor, ...n } as CutoverEvent;
      this.events.push(e);
      this.state = applyEvent(this.state, e);
    }
  }
}
