import { describe, expect, it } from 'vitest';
import { actionItems } from '@shared/actions';
import { describeEvent } from '../../../renderer/features/timeline/timelineView';
import { emptyActionForm, itemLine, itemsFrom, ownerSuggestions, parseActionForm } from '../../../renderer/features/actions/actionForm';
import { DBA, LEAD, Night, SRE } from '../../support/domain';

/* The action-item form of the live screens, as data: what it starts with, suggests and sends. */

describe('the action-item form', () => {
  it('starts with the note’s words and no owner: whoever wrote the note is not made its owner', () => {
    const form = emptyActionForm('Alert on replica lag before the switch');
    expect(form).toEqual({ title: 'Alert on replica lag before the switch', owner: '', priority: 'P2', due: '', ticket: '' });
    expect(parseActionForm(form)).toEqual({ ok: false, error: 'An action item needs an owner: a person or a role' });
  });

  it('sends the fields the hub takes, and says in a sentence what is wrong', () => {
    const form = {
      ...emptyActionForm('Alert on replica lag'),
      owner: ' DBA ',
      priority: 'P1' as const,
      due: '2026-05-06',
      ticket: ' https://tracker.example/OPS-12 ',
    };
    expect(parseActionForm(form)).toEqual({
      ok: true,
      fields: { title: 'Alert on replica lag', owner: 'DBA', priority: 'P1', due: '2026-05-06', ticket: 'https://tracker.example/OPS-12' },
    });
    expect(parseActionForm({ ...form, due: '', ticket: '' })).toMatchObject({ ok: true, fields: { due: null, ticket: null } });
    expect(parseActionForm({ ...form, ticket: 'javascript:alert(1)' })).toEqual({ ok: false, error: 'A ticket link is an http or https address' });
    expect(parseActionForm({ ...form, due: '2026-02-30' })).toEqual({ ok: false, error: 'This due date is not a day of the calendar' });
    expect(parseActionForm({ ...form, title: '  ' })).toEqual({ ok: false, error: 'An action item needs a title' });
  });

  it('suggests the night’s stations and step owners first, then the crew by name', () => {
    const n = new Night();
    expect(ownerSuggestions(n.state)).toEqual(['DBA', 'SRE', 'Chris', 'Dan', 'Lena', 'Olive', 'Sam']);
  });

  it('finds the items made from a note or a step, and offers the note’s id on its timeline line', () => {
    const n = new Night().ok(LEAD, 'cutover.start').ok(SRE, 'note.add', { text: 'Page the DBA earlier next time', severity: 'action' });
    const note = n.events.at(-1)!;
    const entry = describeEvent(note, n.state);
    expect(entry).toMatchObject({ tone: 'action', noteId: note.type === 'note.added' ? note.payload.noteId : '' });
    n.ok(LEAD, 'action.add', { title: 'Page the DBA at T-15', owner: 'Incident commander', priority: 'P1', source: { kind: 'note', noteId: entry.noteId } });
    n.ok(DBA, 'action.add', { title: 'Time the sequence update on a copy', owner: 'DBA', source: { kind: 'step', stepId: 'a' } });
    const items = actionItems(n.state);
    expect(itemsFrom(items, { kind: 'note', noteId: entry.noteId! }).map(itemLine)).toEqual(['Page the DBA at T-15 — Incident commander, P1']);
    expect(itemsFrom(items, { kind: 'step', stepId: 'a' }).map(itemLine)).toEqual(['Time the sequence update on a copy — DBA, P2']);
    expect(itemsFrom(items, { kind: 'step', stepId: 'b' })).toEqual([]);
  });
});
