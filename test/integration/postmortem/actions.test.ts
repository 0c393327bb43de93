import { afterEach, describe, expect, it } from 'vitest';
import { decodeArchive, encodeArchive } from '@shared/archive';
import { actionItems } from '@shared/actions';
import { CommandRejected } from '@shared/client';
import { draftPostmortem } from '@shared/postmortem';
import { exportArchive } from '../../../electron/hub/transport/archiveRoute';
import { live, startTestHub, until, type TestHub } from '../../support/hubHarness';
import { section } from '../../support/markdownSections';

/*
 * Action items are their own slice: through the real hub, an item needs an owner, takes only
 * an http(s) ticket and a real date, can be made from a note or a step, and is edited and
 * removed as a fact of the record. Refusals are sentences; nothing half-written is kept.
 */

let t: TestHub;
afterEach(async () => t?.stop());

const reason = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    return e instanceof CommandRejected ? e.message : String(e);
  }
};

describe('action items through the hub', () => {
  it('are added from a note with an owner, edited, done and removed; bad input is refused with a sentence', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Dan');
    const observer = t.client('observer', 'Olive');
    await Promise.all([lead, dba, observer].map(live));
    await lead.send('cutover.start', {}).done;
    await dba.send('note.add', { text: 'Time the sequence update on a copy of live', severity: 'action' }).done;
    const noteId = dba.events.flatMap((e) => (e.type === 'note.added' ? [e.payload.noteId] : [])).at(-1)!;

    const base = { title: 'Time the sequence update on a copy of live', owner: 'DBA team', source: { kind: 'note' as const, noteId } };
    expect(await reason(lead.send('action.add', { ...base, owner: '' }).done)).toMatch(/needs an owner: a person or a role/);
    expect(await reason(lead.send('action.add', { ...base, ticket: 'javascript:alert(1)' }).done)).toMatch(/ticket link is an http or https address/);
    expect(await reason(lead.send('action.add', { ...base, due: '2026-02-30' }).done)).toMatch(/not a day of the calendar/);
    expect(await reason(lead.send('action.add', { ...base, source: { kind: 'step', stepId: 'nope' } }).done)).toBe('There is no such step');
    expect(await reason(observer.send('action.add', base).done)).toBe('An observer may not add action items');
    expect(actionItems(lead.state)).toEqual([]);

    await dba.send('action.add', { ...base, priority: 'P1', due: '2026-05-13', ticket: 'https://tickets.example.com/OPS-7' }).done;
    const [item] = actionItems(lead.state);
    expect(item).toMatchObject({ ...base, priority: 'P1', due: '2026-05-13', ticket: 'https://tickets.example.com/OPS-7', done: false });
    expect(item!.createdBy.name).toBe('Dan');
    await lead.send('action.edit', { actionId: item!.id, owner: 'Platform team', due: null }).done;
    expect(await reason(lead.send('action.edit', { actionId: item!.id, owner: 'Platform team' }).done)).toBe('Nothing about this action item would change');
    await until(observer, () => actionItems(observer.state)[0]?.owner === 'Platform team');
    expect(actionItems(observer.state)[0]).toMatchObject({ owner: 'Platform team', due: null });

    // In the draft: the item once, with its owner; the note it came from is not listed again.
    const md = draftPostmortem({ state: lead.state, events: lead.events });
    expect(section(md, 'Action items').split('\n').slice(2)).toEqual([
      '| Time the sequence update on a copy of live | Platform team | P1 | – | <https://tickets.example.com/OPS-7> | Dan, from a note |',
    ]);

    await lead.send('action.edit', { actionId: item!.id, done: true }).done;
    expect(draftPostmortem({ state: lead.state, events: lead.events })).toContain('| Time the sequence update on a copy of live (done) |');
    expect(await reason(dba.send('action.remove', { actionId: item!.id }).done)).toBe('An operator may not remove action items');
    await lead.send('action.remove', { actionId: item!.id }).done;
    expect(actionItems(lead.state)).toEqual([]);
    // With the item gone, the note is back in the table, its owner to assign.
    expect(section(draftPostmortem({ state: lead.state, events: lead.events }), 'Action items')).toContain('**to assign**');
  });
});

describe('the archive with the review (version 2)', () => {
  it('are added once when two people make the same one at once, and the second hears who made it', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Dan');
    await Promise.all([lead, dba].map(live));
    await lead.send('cutover.start', {}).done;
    await dba.send('note.add', { text: 'The drain took until morning', severity: 'action' }).done;
    const noteId = dba.events.flatMap((e) => (e.type === 'note.added' ? [e.payload.noteId] : [])).at(-1)!;
    const source = { kind: 'note' as const, noteId };

    // Both on the wire together, in the same words but for case and spacing.
    const [first, second] = await Promise.all([
      reason(lead.send('action.add', { title: 'Rehearse the drain on a copy of live', owner: 'SRE team', source }).done),
      reason(dba.send('action.add', { title: '  rehearse the drain  on a copy of live', owner: 'DBA team', source }).done),
    ]);
    const results = [first, second].sort();
    expect(results[0]).toBe('accepted');
    expect(results[1]).toMatch(/^“(R|r)ehearse the drain +on a copy of live” is already an action item, added by (Lena|Dan): change that one instead$/);
    await until(lead, () => actionItems(lead.state).length === 1);
    expect(actionItems(dba.state)).toHaveLength(1);
    expect(lead.events.filter((e) => e.type === 'action.added')).toHaveLength(1);

    // Other words are another item; renaming it to the first one's words is refused the same.
    await dba.send('action.add', { title: 'Alert on the drain taking over an hour', owner: 'DBA team', source }).done;
    expect(actionItems(dba.state)).toHaveLength(2);
    const alert = actionItems(dba.state).find((a) => a.title.startsWith('Alert'))!;
    expect(await reason(dba.send('action.edit', { actionId: alert.id, title: 'Rehearse the drain on a copy of live' }).done)).toMatch(
      /^“(R|r)ehearse the drain +on a copy of live” is already an action item, added by (Lena|Dan): change that one instead$/,
    );
    // An item may still have its own title's case changed.
    await dba.send('action.edit', { actionId: alert.id, title: 'Alert on the drain taking over an HOUR' }).done;
  });

  it('carries the edited postmortem and the action items added afterwards; without them it stays version 1', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const plain = (await exportArchive(t.hub, t.cutoverId))!.text;
    expect(JSON.parse(plain.slice(0, plain.indexOf(',"body"')) + '}').version).toBe(1);
    const opened = await decodeArchive(plain);
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.archive.review).toBeNull();

    const review = {
      postmortem: '# Postmortem: Database cutover\n\n## Summary\n\nEdited by the team.\n',
      actions: [
        {
          id: 'a-review-1',
          title: 'Rehearse on a copy of live',
          owner: 'DBA team',
          priority: 'P1' as const,
          due: '2026-05-20',
          ticket: null,
          source: { kind: 'review' as const },
          createdBy: { id: 'review', name: 'Lena', role: 'lead' as const },
          createdAt: 1,
          done: false,
        },
      ],
      editedAt: 2,
      editedBy: 'Lena',
    };
    const text = await encodeArchive({ events: opened.archive.events, samples: [], exportedAt: 3, review });
    expect(JSON.parse(text.slice(0, text.indexOf(',"body"')) + '}').version).toBe(2);
    const again = await decodeArchive(text);
    if (!again.ok) throw new Error(again.error);
    expect(again.archive.review).toEqual(review);
    // The review's items join the night's own in the draft.
    const md = draftPostmortem({ state: again.state, events: again.archive.events, actions: again.archive.review!.actions });
    expect(section(md, 'Action items')).toContain('| Rehearse on a copy of live | DBA team | P1 | 2026-05-20 | – | Lena |');

    // A review that is not valid is refused with a sentence, both ways.
    await expect(
      encodeArchive({ events: opened.archive.events, exportedAt: 3, review: { ...review, actions: [{ ...review.actions[0]!, ticket: 'javascript:x' }] } }),
    ).rejects.toThrow(/Cannot write this archive: its review is not valid \(actions\.0\.ticket: A ticket link is an http or https address\)/);
  });
});
