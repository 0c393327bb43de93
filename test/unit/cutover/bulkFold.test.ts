import { describe, expect, it } from 'vitest';
import { applyEvent, EVENT_VERSION, emptyCutoverState, foldEvents, HUB_ACTOR, type CutoverEvent, type CutoverState, type NewEvent } from '@shared/cutover';
import { DBA, LEAD } from '../../support/domain';
import { SMALL_RUNBOOK, WINDOW_START } from '../../support/hubHarness';

/*
 * foldEvents grows a step's notes in place and sets the seq of states it made itself
 * (shared/core/bulkFold.ts), so that folding a long night is not quadratic. That must be
 * invisible: the same state as applying each event in turn, and nothing it was handed, or
 * handed back before, ever changes.
 */

const STEPS = ['a', 'b', 'c', 'd'];

function night(count: number): CutoverEvent[] {
  const events: CutoverEvent[] = [];
  const push = (n: NewEvent, actor = DBA) =>
    events.push({ v: EVENT_VERSION, seq: events.length + 1, ts: WINDOW_START + events.length * 1000, actor, ...n } as CutoverEvent);
  push(
    {
      type: 'cutover.created',
      payload: {
        cutover: {
          id: 'c-1',
          title: 'Night',
          window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' },
          isRehearsal: false,
          pointOfNoReturnAt: null,
        },
        runbook: SMALL_RUNBOOK,
      },
    },
    HUB_ACTOR,
  );
  push({ type: 'member.joined', payload: { member: { id: DBA.id, name: DBA.name, role: 'operator', station: 'DBA', inviteId: '' } } }, DBA);
  push({ type: 'member.joined', payload: { member: { id: LEAD.id, name: LEAD.name, role: 'lead', station: '', inviteId: '' } } }, LEAD);
  for (let i = 0; events.length < count; i++) {
    const stepId = STEPS[i % STEPS.length]!;
    const kind = i % 8;
    if (kind < 3) push({ type: 'step.noted', payload: { stepId, noteId: `n${i}`, text: `note ${i}` } });
    else if (kind === 3) push({ type: 'note.added', payload: { noteId: `t${i}`, text: `timeline ${i}`, severity: 'info' } }, LEAD);
    else if (kind === 4) push({ type: 'step.started', payload: { stepId } });
    else if (kind === 5) push({ type: 'step.completed', payload: { stepId, note: `done ${i}` } });
    else if (kind === 6) push({ type: 'step.reopened', payload: { stepId, reason: `again ${i}` } });
    else {
      const member = i % 16 === 7 ? DBA : LEAD;
      push({ type: 'member.shiftChanged', payload: { memberId: member.id, onShift: i % 3 === 0, ...(i % 5 === 0 ? { handover: `over ${i}` } : {}) } }, member);
    }
  }
  return events;
}

const oneByOne = (events: CutoverEvent[], from: CutoverState = emptyCutoverState()) => events.reduce(applyEvent, from);

describe('folding many events at once', () => {
  it('gives the state that applying each event in turn gives', () => {
    const events = night(3000);
    const folded = foldEvents(events);
    expect(folded).toEqual(oneByOne(events));
    expect(folded.seq).toBe(3000);
    expect(folded.steps.a!.notes.length).toBeGreaterThan(300);
  });

  it('never changes the state it starts from, nor a state it handed back before', () => {
    const events = night(2000);
    const checkpoint = foldEvents(events.slice(0, 1000));
    const asItWas = structuredClone(checkpoint);
    const notesBefore = checkpoint.steps.b!.notes;
    const lengthBefore = notesBefore.length;
    const lenaBefore = checkpoint.members[LEAD.id]!;
    const lenaAsShe = structuredClone(lenaBefore);

    const end = foldEvents(events.slice(1000), checkpoint);
    expect(checkpoint).toEqual(asItWas);
    expect(notesBefore).toHaveLength(lengthBefore);
    expect(lenaBefore).toEqual(lenaAsShe);
    expect(end.members[LEAD.id]!.shiftChangedAt).toBeGreaterThan(lenaAsShe.shiftChangedAt);
    expect(end).toEqual(oneByOne(events));

    // Applying one more event to a folded state copies, as everywhere outside a fold.
    const endNotes = end.steps.b!.notes;
    const endLength = endNotes.length;
    const next = applyEvent(end, {
      v: EVENT_VERSION,
      seq: end.seq + 1,
      ts: WINDOW_START,
      actor: DBA,
      type: 'step.noted',
      payload: { stepId: 'b', noteId: 'x', text: 'one more' },
    });
    expect(endNotes).toHaveLength(endLength);
    expect(next.steps.b!.notes).toHaveLength(endLength + 1);
    expect(end.seq).toBe(2000);
  });
});
