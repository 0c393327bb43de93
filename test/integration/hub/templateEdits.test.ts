import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '@shared/comms';
import { live, refusal, startTestHub, until, type TestHub } from '../../support/hubHarness';

/*
 * Two people editing one template: Cara fixes the customers' line, Lena (whose editor opened
 * before Cara saved) changes the crew's wording. Lena's save carried the whole template as her
 * editor had it, so it put the old customers' line back, unseen, and the next update to the
 * status page went out with it.
 */

let t: TestHub;
afterEach(async () => t?.stop());

describe('template edits through the hub', () => {
  it('refuses a save from an editor opened before someone else saved the template, and keeps theirs', async () => {
    t = await startTestHub();
    const lena = t.client('lead', 'Lena');
    const cara = t.client('comms', 'Cara');
    await Promise.all([live(lena), live(cara)]);
    const builtIn = DEFAULT_TEMPLATES[0]!;
    // Both open the built-in one: nothing saved yet, so each editor's base is null.
    const fixed = { ...builtIn, bannerText: 'Checkout is paused until 02:30 UTC.' };
    await cara.send('template.save', { template: fixed, base: null }).done;
    await until(lena, (l) => l.state.comms.templates[builtIn.id] !== undefined);
    expect(await refusal(lena.send('template.save', { template: { ...builtIn, text: 'We start the switch now.' }, base: null }).done)).toBe(
      `“${builtIn.title}” was changed by someone else after you opened it: its customer line now reads “Checkout is paused until 02:30 UTC.”. Your text is kept here: close the editor, open the template again, and make your change on theirs`,
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.comms.templates[builtIn.id]!.bannerText).toBe('Checkout is paused until 02:30 UTC.');
    // Opened again on Cara's version, Lena's change goes, and Cara's line with it.
    await lena.send('template.save', { template: { ...fixed, text: 'We start the switch now.' }, base: fixed }).done;
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.comms.templates[builtIn.id]).toMatchObject({
      text: 'We start the switch now.',
      bannerText: 'Checkout is paused until 02:30 UTC.',
    });
    // A client from before `base` is not held to it.
    await cara.send('template.save', { template: { ...fixed, title: 'Window opens' } }).done;
  });
  it('refuses a reset from an editor opened before someone else saved a fix, and keeps the fix', async () => {
    t = await startTestHub();
    const lena = t.client('lead', 'Lena');
    const cara = t.client('comms', 'Cara');
    await Promise.all([live(lena), live(cara)]);
    const builtIn = DEFAULT_TEMPLATES[0]!;
    const first = { ...builtIn, text: 'We start the switch now.' };
    await lena.send('template.save', { template: first, base: null }).done;
    // Lena opens it to reset it; meanwhile Cara fixes the customers' line.
    const fixed = { ...first, bannerText: 'Checkout is paused until 02:30 UTC.' };
    await cara.send('template.save', { template: fixed, base: first }).done;
    expect(await refusal(lena.send('template.remove', { templateId: builtIn.id, base: first }).done)).toBe(
      `“${builtIn.title}” was changed by someone else after you opened it: its customer line now reads “Checkout is paused until 02:30 UTC.”. Nothing was reset: open the template again to see theirs first`,
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.comms.templates[builtIn.id]!.bannerText).toBe('Checkout is paused until 02:30 UTC.');
    // Opened again on Cara's version, the reset goes.
    await lena.send('template.remove', { templateId: builtIn.id, base: fixed }).done;
    await until(lena, (l) => l.state.comms.templates[builtIn.id] === undefined);
  });
});
