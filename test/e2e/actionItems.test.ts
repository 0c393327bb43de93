import type { Locator, Page } from 'playwright-core';
import type { HubClient } from '@shared/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webJoinLink } from '@shared/protocol';
import { listTemplates } from '@shared/runbook';
import { browserAvailable, crewBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, tempDir, type TestHub } from '../support/hubHarness';
import { join as joinPath } from 'node:path';
import { writeFile } from 'node:fs/promises';

/*
 * Action items made during the night, from the live screens: a note of kind "action" and a
 * step each offer one; the owner is chosen in the form, never the note's author. The items
 * go through the hub and into the archive, and the review's action table lists them.
 */

const enabled = browserAvailable() && webBuildAvailable();
const TEMPLATE = listTemplates()[0]!.plan;

let t: TestHub;
const people = crewBrowser();

beforeAll(async () => {
  if (enabled) await people.launch();
});
afterAll(async () => people.close());
afterEach(async () => {
  await people.closePeople();
  await t?.stop();
});

const join = (name: string): Promise<Page> =>
  people.open(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }), name, 'Database cutover');

/** Sam's action note on the timeline, and Lena's dialog to make it an item, open. */
async function itemFromSamsNote(): Promise<{ sre: HubClient; page: Page; line: Locator; dialog: Locator }> {
  t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 30 * 60_000);
  const sre = t.client('operator', 'Sam');
  await live(sre);
  const page = await join('Lena');
  await sre.send('note.add', { text: 'Replica lag alerting came too late', severity: 'action' }).done;
  const line = page.locator('.tl', { hasText: 'Replica lag alerting came too late' });
  await line.getByRole('button', { name: 'Make an action item' }).click();
  return { sre, page, line, dialog: page.getByRole('dialog', { name: 'Make an action item' }) };
}

describe.skipIf(!enabled)('action items during the night', () => {
  it('makes one from an action note and one from a step, and the review’s table lists both after export and open', { timeout: 90_000 }, async () => {
    // Sam raises the point; Lena makes it an item the DBA team owns.
    const { sre, page, line, dialog } = await itemFromSamsNote();
    expect(await dialog.getByText('From Sam’s note at').count()).toBe(1);
    expect(await dialog.getByLabel('Action').inputValue()).toBe('Replica lag alerting came too late');
    // Not defaulted to the note's author: the owner is a choice.
    expect(await dialog.getByLabel('Owner (a person or a role)').inputValue()).toBe('');
    await dialog.getByRole('button', { name: 'Add the action item' }).click();
    expect(await dialog.getByRole('alert').textContent()).toBe('An action item needs an owner: a person or a role');
    await dialog.getByLabel('Action').fill('Alert on replica lag at 30 s, not 5 min');
    await dialog.getByLabel('Owner (a person or a role)').fill('DBA team');
    await dialog.getByLabel('Priority').selectOption('P1');
    await dialog.getByLabel('Due').fill('2026-05-15');
    await dialog.getByLabel('Ticket link (optional)').fill('javascript:alert(1)');
    await dialog.getByRole('button', { name: 'Add the action item' }).click();
    expect(await dialog.getByRole('alert').textContent()).toBe('A ticket link is an http or https address');
    await dialog.getByLabel('Ticket link (optional)').fill('https://tracker.example/OPS-42');
    await screenshot(page, 'action-item-dialog');
    await dialog.getByRole('button', { name: 'Add the action item' }).click();
    await expect.poll(() => line.locator('.made-items').textContent()).toContain('Alert on replica lag at 30 s, not 5 min — DBA team, P1, due 2026-05-15');
    expect(await line.getByRole('button', { name: 'Make another action item' }).count()).toBe(1);
    await expect.poll(() => sre.state.actionOrder.length).toBe(1);
    const fromNote = sre.state.actions[sre.state.actionOrder[0]!]!;
    expect(fromNote).toMatchObject({
      owner: 'DBA team',
      priority: 'P1',
      due: '2026-05-15',
      ticket: 'https://tracker.example/OPS-42',
      createdBy: { name: 'Lena' },
    });
    expect(fromNote.source.kind).toBe('note');

    // From a step: a note begun on it becomes an action item instead, its words kept as the title.
    const step = page.locator('[data-step-id="snapshot"]');
    await step.getByRole('button', { name: 'Note…' }).click();
    const note = page.getByRole('dialog', { name: /^Note: / });
    await note.getByLabel('Note on this step').fill('Time the snapshot on a copy of live');
    await screenshot(page, 'action-item-from-step-note');
    await note.getByRole('button', { name: 'Make it an action item…' }).click();
    const fromStep = page.getByRole('dialog', { name: 'Make an action item' });
    expect(await fromStep.getByText('From the step “Snapshot the old database”').count()).toBe(1);
    expect(await fromStep.getByLabel('Action').inputValue()).toBe('Time the snapshot on a copy of live');
    expect(await fromStep.getByLabel('Owner (a person or a role)').inputValue()).toBe('');
    await fromStep.getByLabel('Owner (a person or a role)').fill('Platform team');
    await fromStep.getByRole('button', { name: 'Add the action item' }).click();
    await expect.poll(() => step.locator('.made-items').textContent()).toContain('Time the snapshot on a copy of live — Platform team, P2');
    // It became the item, not a note as well.
    expect(await step.locator('.step__notes').count()).toBe(0);
    await screenshot(page, 'action-items-live');

    // Exported and opened for the review: the action table has both, with their owners.
    const res = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/archive`, { headers: { authorization: `Bearer ${t.tokens.observer}` } });
    expect(res.status).toBe(200);
    const file = joinPath(await tempDir('warroom-actions-'), 'night.warroom.json');
    await writeFile(file, await res.text());
    await page.goto(`${t.hub.url}/#/review`);
    await page.getByTestId('archive-input').setInputFiles(file);
    await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
    await page.getByRole('tab', { name: 'Postmortem' }).click();
    const draft = await page.getByLabel('Postmortem text').inputValue();
    const table = draft.slice(draft.indexOf('## Action items'));
    expect(table).toContain('| Alert on replica lag at 30 s, not 5 min | DBA team | P1 | 2026-05-15 | <https://tracker.example/OPS-42> | Lena, from a note |');
    expect(table).toMatch(/\| Time the snapshot on a copy of live \| Platform team \| P2 \| – \| – \| Lena, from step “[^”]+” \|/);
    // The note became an item: it is no longer a row waiting for an owner.
    expect(table).not.toContain('**to assign**');
    // Nothing is offered again: the note was made an item of during the night (the review's list
    // of notes still waiting for one is empty), and a recorded night's timeline makes nothing.
    expect(await page.getByRole('button', { name: 'Make an action item' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Note…' }).count()).toBe(0);
  });

  it('refuses an item someone already made in the same words, says who, and keeps what was typed', { timeout: 60_000 }, async () => {
    const { sre, page, dialog } = await itemFromSamsNote();
    await dialog.getByLabel('Owner (a person or a role)').fill('DBA team');
    // Meanwhile Sam made it himself, from his own screen.
    const noteId = sre.events.flatMap((e) => (e.type === 'note.added' ? [e.payload.noteId] : [])).at(-1)!;
    await sre.send('action.add', { title: 'Replica lag alerting came too late', owner: 'SRE team', source: { kind: 'note', noteId } }).done;
    await dialog.getByRole('button', { name: 'Add the action item' }).click();

    const refusal = page.getByTestId('refusal');
    await expect
      .poll(() => refusal.allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('“Replica lag alerting came too late” is already an action item, added by Sam: change that one instead'));
    await screenshot(page, 'action-item-already-made');
    // The dialog stays with the owner Lena picked, for her to cancel or change the words.
    expect(await dialog.getByLabel('Owner (a person or a role)').inputValue()).toBe('DBA team');
    expect(sre.state.actionOrder).toHaveLength(1);
    expect(sre.state.actions[sre.state.actionOrder[0]!]!.owner).toBe('SRE team');
  });
});
