import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NAME_TOO_LONG, webJoinLink } from '@shared/protocol';
import { screenshot } from '../support/browser';
import { browserAgainstHub } from '../support/browserAgainstHub';
import { live } from '../support/hubHarness';

/* Joining from a browser when something is wrong (#16): each case says why, before the name, with a way back. */

const { enabled, browser, webHub } = browserAgainstHub();

async function fresh(): Promise<Page> {
  const page = await (await browser().newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on('pageerror', (e) => console.error(e.message));
  return page;
}

describe.skipIf(!enabled)('joining with a bad link', () => {
  it(
    'says what is wrong with a pasted link, a link without its token, a wrong token and a revoked one, and refuses a name over 80 characters',
    { timeout: 60_000 },
    async () => {
      const t = await webHub();
      const hub = t.hub.url;
      const page = await fresh();
      await page.goto(hub);
      const paste = async (text: string) => {
        await page.getByLabel('Paste the join link the lead sent you').fill(text);
        await page.getByRole('button', { name: 'Join', exact: true }).click();
        return page.getByTestId('join-error').textContent();
      };
      expect(await paste('hello there')).toBe('That is not a link. A join link looks like http://hub:7410/#/join?c=…&t=…');
      expect(await paste(`${hub}/#/join?c=${t.cutoverId}&t=`)).toBe(
        'That link has no token (its "t=" part is missing, perhaps cut off when it was copied): copy the whole link again.',
      );

      // Opened directly without its token: said at once.
      const cut = await fresh();
      await cut.goto(`${hub}/#/join?c=${t.cutoverId}`);
      expect(await cut.getByTestId('join-error').textContent()).toMatch(/^That link has no token/);

      // A wrong token: told before any name is asked, with a way back.
      const wrong = await fresh();
      await wrong.goto(webJoinLink({ hub, cutoverId: t.cutoverId, token: 'not-a-token' }));
      expect(await wrong.getByTestId('join-refused').textContent()).toBe('This invite token is not valid for this cutover');
      expect(await wrong.getByLabel('Your name, as the crew will see it').count()).toBe(0);
      await screenshot(wrong, 'join-wrong-token');
      await wrong.getByRole('link', { name: 'Back to the start' }).click();
      await wrong.getByLabel('Paste the join link the lead sent you').waitFor();

      // A revoked one says "revoked".
      const lead = t.client('lead', 'Lena');
      await live(lead);
      const observer = Object.values(lead.state.invites).find((i) => i.role === 'observer')!;
      await lead.send('invite.revoke', { inviteId: observer.id }).outcome;
      const revoked = await fresh();
      await revoked.goto(webJoinLink({ hub, cutoverId: t.cutoverId, token: t.tokens.observer }));
      expect(await revoked.getByTestId('join-refused').textContent()).toBe('The lead revoked this invite');

      // A good link asks the name; one over 80 characters is refused with a sentence, not cut.
      const dana = await fresh();
      await dana.goto(webJoinLink({ hub, cutoverId: t.cutoverId, token: t.tokens.operator }));
      await dana.getByText('You were invited to “Database cutover” as an operator.').waitFor();
      await dana.getByLabel('Your name, as the crew will see it').fill(`Dana ${'x'.repeat(80)}`);
      expect(await dana.getByRole('alert').textContent()).toBe(`${NAME_TOO_LONG} (this one has 85).`);
      expect(await dana.getByRole('button', { name: 'Join' }).isDisabled()).toBe(true);
      await dana.getByLabel('Your name, as the crew will see it').fill('Dana');
      await dana.getByRole('button', { name: 'Join' }).click();
      await dana.getByRole('heading', { name: 'Database cutover' }).waitFor();
    },
  );
});

describe.skipIf(!enabled)('joining with a name this browser knows', () => {
  it(
    'connects while the link is being checked, shows the night once the check says so, and lets go of the connection when the check refuses',
    { timeout: 60_000 },
    async () => {
      const t = await webHub();
      const lead = t.client('lead', 'Lena');
      await live(lead);
      const present = () => lead.presence.map((p) => p.name).sort();
      /**
       * Opens the operator link as `name` (a name this browser knows) with the hub's answer to
       * the link's check held back until `release`, then given by `answer`.
       */
      const joinWithCheckHeld = async (name: string, answer: (route: Route) => Promise<void>) => {
        const page = await fresh();
        await page.addInitScript({ content: `localStorage.setItem('warroom.name', ${JSON.stringify(name)})` });
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let asked!: () => void;
        const checking = new Promise<void>((resolve) => (asked = resolve));
        await page.route('**/api/cutovers/*/invite', async (route) => {
          asked();
          await held;
          await answer(route);
        });
        await page.goto(webJoinLink({ hub: t!.hub.url, cutoverId: t!.cutoverId, token: t!.tokens.operator }));
        await checking;
        return { page, release };
      };

      // The hub's answer to the check is held back: the night is on its way meanwhile.
      const dan = await joinWithCheckHeld('Dan', (route) => route.continue());
      await expect.poll(present).toEqual(['Dan', 'Lena']);
      // The socket is opened by the page's first script, before any screen is drawn: the hub
      // may list Dan before the page has drawn anything, so the gate is waited for, and while
      // the check is held it is all the page shows.
      await dan.page.getByText('Checking the link…').waitFor();
      expect(await dan.page.getByRole('heading', { name: 'Database cutover' }).count()).toBe(0);
      dan.release();
      await dan.page.getByRole('heading', { name: 'Database cutover' }).waitFor();

      // The check refuses the link (here its answer is replaced by the hub's answer for a revoked
      // invite, while the socket would take the token): the page says so, and lets the connection go.
      const sam = await joinWithCheckHeld('Sam', (route) =>
        route.fulfill({ status: 410, contentType: 'application/json', body: JSON.stringify({ error: 'The lead revoked this invite' }) }),
      );
      await expect.poll(present).toEqual(['Dan', 'Lena', 'Sam']);
      sam.release();
      expect(await sam.page.getByTestId('join-refused').textContent()).toBe('The lead revoked this invite');
      await expect.poll(present).toEqual(['Dan', 'Lena']);
    },
  );

  it(
    "opens its one connection and asks about the link once, from the page's first script, before any screen is drawn, and the screen works on both",
    { timeout: 60_000 },
    async () => {
      const t = await webHub();
      const lead = t.client('lead', 'Lena');
      await live(lead);
      const page = await fresh();
      // Every socket the page opens and every request it makes of the hub's API, with how much
      // of the screen was drawn when it did.
      await page.addInitScript({
        content: `localStorage.setItem('warroom.name', 'Dan');
          window.__sockets = [];
          window.__requests = [];
          const drawn = () => document.getElementById('root').childElementCount;
          const Native = window.WebSocket;
          window.WebSocket = class extends Native {
            constructor(url, protocols) {
              super(url, protocols);
              window.__sockets.push({ url: String(url), drawn: drawn() });
            }
          };
          const fetch = window.fetch.bind(window);
          window.fetch = (input, init) => {
            const url = String(input instanceof Request ? input.url : input);
            if (url.includes('/api/')) window.__requests.push({ url, drawn: drawn() });
            return fetch(input, init);
          };`,
      });
      await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.operator }));
      await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
      await page.getByLabel('Add a note to the timeline').fill('Replica caught up');
      await page.getByRole('button', { name: 'Add note' }).click();
      await expect.poll(() => lead.events.filter((e) => e.type === 'note.added').map((e) => e.actor.name)).toEqual(['Dan']);
      const sockets = await page.evaluate(() => (window as unknown as { __sockets: { url: string; drawn: number }[] }).__sockets);
      expect(sockets).toEqual([{ url: `${t.hub.url.replace(/^http/, 'ws')}/ws/${t.cutoverId}`, drawn: 0 }]);
      // The link's check too, whose answer the screen waits for before it shows the night.
      const requests = await page.evaluate(() => (window as unknown as { __requests: { url: string; drawn: number }[] }).__requests);
      expect(requests).toEqual([{ url: `/api/cutovers/${t.cutoverId}/invite`, drawn: 0 }]);
    },
  );

  it('keeps the page for offline use only once the night is here: installing it fetches the whole page again', { timeout: 60_000 }, async () => {
    const t = await webHub();
    const page = await fresh();
    // How many step rows were drawn each time the page registered its service worker.
    await page.addInitScript({
      content: `localStorage.setItem('warroom.name', 'Dan');
        window.__registered = [];
        const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
        navigator.serviceWorker.register = (...args) => {
          window.__registered.push(document.querySelectorAll('[data-step-id]').length);
          return register(...args);
        };`,
    });
    // What the hub sends is held back until `release`: the night is on its way, not here.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.routeWebSocket(/\/ws\//, (ws) => {
      const hub = ws.connectToServer();
      ws.onMessage((m) => hub.send(m));
      hub.onMessage(async (m) => {
        await held;
        ws.send(m);
      });
    });
    const registered = () => page.evaluate(() => (window as unknown as { __registered: number[] }).__registered);
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.operator }));
    // Idle time comes within 2 s at the latest (connection/localNight.ts whenIdle), so waiting
    // for the night was all that held it back.
    await page.waitForTimeout(2_500);
    expect(await registered()).toEqual([]);
    release();
    await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
    await expect.poll(registered).toHaveLength(1);
    expect((await registered())[0]).toBeGreaterThan(0);
  });
});
