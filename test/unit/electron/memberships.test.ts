import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, desktopJoinLink, webJoinLink } from '@shared/protocol';
import { inviteKey, localInviteKey } from '../../../electron/secrets';
import { startTestHub, type TestHub } from '../../support/hubHarness';
import { connectWithTicket, startDesktop, WINDOW, type TestDesktop } from './desktop';

let desktop: TestDesktop | undefined;
let remote: TestHub | undefined;
afterEach(async () => {
  await desktop?.close();
  await remote?.stop();
  desktop = remote = undefined;
});

const fromTemplate = {
  title: 'Move the orders database',
  window: WINDOW,
  isRehearsal: false,
  source: { kind: 'template' as const, templateId: 'database-cutover' },
};

async function welcomeWith(hub: string, cutoverId: string, ticket: string, name = 'Dana') {
  const socket = await connectWithTicket(hub, cutoverId, ticket);
  socket.send({ t: 'hello', protocol: 1, name, since: 0 });
  const welcome = await socket.next('welcome');
  socket.ws.close();
  return welcome;
}

describe('a new cutover on the desktop’s own hub', () => {
  it('is created from a template, with this desktop as its lead, and remembered', async () => {
    desktop = await startDesktop();
    const result = await desktop.memberships.create(fromTemplate);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { membership: session } = result;
    expect(session).toMatchObject({ title: 'Move the orders database', role: 'lead', hub: desktop.hosting.local()!.url });
    expect(desktop.settings.get().recentCutovers[0]).toMatchObject({ cutoverId: session.cutoverId, role: 'lead' });
    const held = desktop.hosting.local()!.hub.registry.get(session.cutoverId)!;
    expect(held.runtime.state.info?.title).toBe('Move the orders database');
    // Only the lead's invite exists: the others are minted when someone is invited.
    expect(held.invites.list().map((i) => i.role)).toEqual(['lead']);
  });

  it('keeps the lead token encrypted: the settings file never holds it in plaintext', async () => {
    desktop = await startDesktop();
    const result = await desktop.memberships.create(fromTemplate);
    if (!result.ok) throw new Error('not created');
    const token = desktop.secrets.get(localInviteKey(result.membership.cutoverId))!;
    expect(token).toMatch(/^[\w-]{32}$/);
    const text = await desktop.settingsText();
    expect(text).toContain(localInviteKey(result.membership.cutoverId));
    expect(text).not.toContain(token);
  });

  it('connects with a ticket that works once, on a real socket', async () => {
    desktop = await startDesktop();
    const result = await desktop.memberships.create(fromTemplate);
    if (!result.ok) throw new Error('not created');
    const { cutoverId, hub } = result.membership;
    const ticket = await desktop.memberships.ticket({ cutoverId, hub });
    if (!ticket.ok) throw new Error(ticket.reason);
    expect((await welcomeWith(hub, cutoverId, ticket.ticket)).member).toMatchObject({ name: 'Dana', role: 'lead' });
    const replay = await connectWithTicket(hub, cutoverId, ticket.ticket);
    expect((await replay.closedWith()).code).toBe(CloseCode.ticketInvalid);
  });

  it('reports every problem of an imported Markdown runbook with its line, and creates nothing', async () => {
    desktop = await startDesktop();
    const text = ['# Orders', '## Stop', '- [ ] Stop consumers (DBA, 15x)', '- [ ] Switch {#s} after: nowhere'].join('\n');
    const result = await desktop.memberships.create({ ...fromTemplate, source: { kind: 'markdown', text } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual({ line: 3, message: '"15x" is not a duration (try 15m, 1h or 1h30m)' });
    expect(result.errors.every((e) => typeof e.line === 'number')).toBe(true);
    expect(desktop.hosting.local()!.hub.registry.list()).toHaveLength(0);
  });

  it('accepts an imported YAML runbook, and refuses an unknown template by name', async () => {
    desktop = await startDesktop();
    const yaml = ['title: Orders', 'phases:', '  - title: Switch', '    steps:', '      - title: Stop consumers', '        duration: 15m'].join('\n');
    expect((await desktop.memberships.create({ ...fromTemplate, source: { kind: 'yaml', text: yaml } })).ok).toBe(true);
    const missing = await desktop.memberships.create({ ...fromTemplate, source: { kind: 'template', templateId: 'nope' } });
    expect(missing).toEqual({ ok: false, errors: [{ message: 'There is no template "nope"' }] });
  });

  it('is not created at all where the token could not be kept (no keyring, not allowed)', async () => {
    desktop = await startDesktop({ backend: 'basic_text' });
    const refused = await desktop.memberships.create(fromTemplate);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors[0]!.message).toMatch(/no keyring/);
    expect(desktop.hosting.local()!.hub.registry.list()).toHaveLength(0);
    desktop.secrets.allowWeakStorage(true);
    expect((await desktop.memberships.create(fromTemplate)).ok).toBe(true);
  });

  it('reopens from the recent list at the hub’s new address after a restart', async () => {
    desktop = await startDesktop();
    const result = await desktop.memberships.create(fromTemplate);
    if (!result.ok) throw new Error('not created');
    const before = result.membership;
    await desktop.hosting.close();
    await desktop.hosting.startSolo(); // a new launch: another free port
    const after = desktop.hosting.local()!.url;
    expect(after).not.toBe(before.hub);

    const stale = await desktop.memberships.ticket({ cutoverId: before.cutoverId, hub: before.hub });
    expect(stale).toEqual({ ok: false, refused: true, reason: `Warroom’s own hub now listens at ${after}; open the cutover again from the start screen.` });
    const reopened = await desktop.memberships.open({ cutoverId: before.cutoverId, hub: before.hub });
    expect(reopened).toEqual({ ok: true, membership: { ...before, hub: after } });
    expect(desktop.settings.get().recentCutovers.filter((r) => r.cutoverId === before.cutoverId)).toEqual([expect.objectContaining({ hub: after })]);
    const ticket = await desktop.memberships.ticket({ cutoverId: before.cutoverId, hub: after });
    if (!ticket.ok) throw new Error(ticket.reason);
    expect((await welcomeWith(after, before.cutoverId, ticket.ticket)).member.role).toBe('lead');
  });
});

describe('joining a cutover on another hub by link', () => {
  it('checks the token with that hub over HTTP, keeps it encrypted, and learns the role', async () => {
    remote = await startTestHub();
    desktop = await startDesktop();
    const link = webJoinLink({ hub: remote.hub.url, cutoverId: remote.cutoverId, token: remote.tokens.operator });
    const result = await desktop.memberships.join(link);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.membership).toEqual({ cutoverId: remote.cutoverId, hub: remote.hub.url, title: 'Database cutover', role: 'operator' });
    expect(desktop.settings.get().recentHubs).toEqual([remote.hub.url]);
    expect(await desktop.settingsText()).not.toContain(remote.tokens.operator);
    expect(desktop.secrets.get(inviteKey(remote.hub.url, remote.cutoverId))).toBe(remote.tokens.operator);

    const ticket = await desktop.memberships.ticket({ cutoverId: remote.cutoverId, hub: remote.hub.url });
    if (!ticket.ok) throw new Error(ticket.reason);
    expect((await welcomeWith(remote.hub.url, remote.cutoverId, ticket.ticket, 'Ravi')).member).toMatchObject({ name: 'Ravi', role: 'operator' });
  });

  it('refuses a wrong token with the hub’s reason, and keeps nothing', async () => {
    remote = await startTestHub();
    desktop = await startDesktop();
    const link = desktopJoinLink({ hub: remote.hub.url, cutoverId: remote.cutoverId, token: 'guessed-token' });
    expect(await desktop.memberships.join(link)).toEqual({ ok: false, errors: [{ message: 'This invite token is not valid for this cutover' }] });
    expect(desktop.settings.get().recentCutovers).toEqual([]);
    expect(desktop.secrets.has(inviteKey(remote.hub.url, remote.cutoverId))).toBe(false);
  });

  it('tells "try again" from "stop trying" when asking for a ticket', async () => {
    remote = await startTestHub();
    desktop = await startDesktop();
    const target = { cutoverId: remote.cutoverId, hub: remote.hub.url };
    expect(await desktop.memberships.ticket(target)).toMatchObject({ ok: false, refused: true, reason: expect.stringMatching(/join it again/) });
    expect((await desktop.memberships.join(desktopJoinLink({ ...target, token: remote.tokens.observer }))).ok).toBe(true);
    await remote.hub.close();
    const down = await desktop.memberships.ticket(target);
    expect(down).toMatchObject({ ok: false, refused: false, reason: expect.stringMatching(/Could not reach the hub .*ECONNREFUSED/) });
  });

  it('reopens a joined cutover from the recent list, and only one it holds a token for', async () => {
    remote = await startTestHub();
    desktop = await startDesktop();
    await desktop.memberships.join(webJoinLink({ hub: remote.hub.url, cutoverId: remote.cutoverId, token: remote.tokens.approver }));
    const opened = await desktop.memberships.open({ cutoverId: remote.cutoverId, hub: `${remote.hub.url}/` });
    expect(opened).toMatchObject({ ok: true, membership: { role: 'approver', hub: remote.hub.url } });
    const elsewhere = desktop.memberships.open({ cutoverId: remote.cutoverId, hub: 'http://other.example:7410' });
    expect(elsewhere.ok).toBe(false);
  });

  it('refuses what is not a join link', async () => {
    desktop = await startDesktop();
    const result = await desktop.memberships.join('https://example.com/#/runbook');
    expect(result.ok).toBe(false);
  });
});

describe('a link for a cutover this desktop already holds an invite for', () => {
  it('on its own hub: a different token is not kept unasked, the lead token and the recent entry stay', async () => {
    desktop = await startDesktop();
    const created = await desktop.memberships.create(fromTemplate);
    if (!created.ok) throw new Error('not created');
    const { cutoverId, hub } = created.membership;
    const leadToken = desktop.secrets.get(localInviteKey(cutoverId))!;
    const forDba = await desktop.hosting.local()!.hub.issueInvite(cutoverId, 'operator', { station: 'DBA', singleUse: true });
    const link = desktopJoinLink({ hub, cutoverId, token: forDba!.token });

    const asked = await desktop.memberships.join(link);
    expect(asked).toMatchObject({ ok: false, replace: { held: 'lead', offered: 'operator' } });
    expect(desktop.secrets.get(localInviteKey(cutoverId))).toBe(leadToken);
    expect(desktop.settings.get().recentCutovers).toEqual([expect.objectContaining({ cutoverId, role: 'lead' })]);

    // Chosen: the link's token is kept, and the recent entry says what this desktop now is.
    const replaced = await desktop.memberships.join(link, { replace: true });
    expect(replaced).toMatchObject({ ok: true, membership: { cutoverId, role: 'operator' } });
    expect(desktop.secrets.get(localInviteKey(cutoverId))).toBe(forDba!.token);
    expect(desktop.settings.get().recentCutovers).toEqual([expect.objectContaining({ cutoverId, role: 'operator' })]);
  });

  it('on another hub: the approver token stays through an observer link until replacing is chosen', async () => {
    remote = await startTestHub();
    desktop = await startDesktop();
    const target = { hub: remote.hub.url, cutoverId: remote.cutoverId };
    expect((await desktop.memberships.join(webJoinLink({ ...target, token: remote.tokens.approver }))).ok).toBe(true);
    const observerLink = desktopJoinLink({ ...target, token: remote.tokens.observer });

    const asked = await desktop.memberships.join(observerLink);
    expect(asked).toMatchObject({ ok: false, replace: { held: 'approver', offered: 'observer' } });
    if (!asked.ok) expect(asked.errors[0]!.message).toMatch(/already in this cutover as approver.*for an observer/);
    expect(desktop.secrets.get(inviteKey(remote.hub.url, remote.cutoverId))).toBe(remote.tokens.approver);
    expect(desktop.settings.get().recentCutovers).toEqual([expect.objectContaining({ cutoverId: remote.cutoverId, role: 'approver' })]);
    const ticket = await desktop.memberships.ticket(target);
    if (!ticket.ok) throw new Error(ticket.reason);
    expect((await welcomeWith(remote.hub.url, remote.cutoverId, ticket.ticket)).member.role).toBe('approver');

    expect(await desktop.memberships.join(observerLink, { replace: true })).toMatchObject({ ok: true, membership: { role: 'observer' } });
    expect(desktop.secrets.get(inviteKey(remote.hub.url, remote.cutoverId))).toBe(remote.tokens.observer);
    expect(desktop.settings.get().recentCutovers).toEqual([expect.objectContaining({ cutoverId: remote.cutoverId, role: 'observer' })]);
  });

  it('joins plainly by the same token again, on either hub', async () => {
    remote = await startTestHub();
    desktop = await startDesktop();
    const link = desktopJoinLink({ hub: remote.hub.url, cutoverId: remote.cutoverId, token: remote.tokens.approver });
    expect((await desktop.memberships.join(link)).ok).toBe(true);
    expect(await desktop.memberships.join(link)).toMatchObject({ ok: true, membership: { role: 'approver' } });

    const created = await desktop.memberships.create(fromTemplate);
    if (!created.ok) throw new Error('not created');
    const { cutoverId, hub } = created.membership;
    const again = desktopJoinLink({ hub, cutoverId, token: desktop.secrets.get(localInviteKey(cutoverId))! });
    expect(await desktop.memberships.join(again)).toMatchObject({ ok: true, membership: { cutoverId, role: 'lead' } });
  });

  it('still says why a link is refused before asking anything', async () => {
    remote = await startTestHub();
    desktop = await startDesktop();
    const target = { hub: remote.hub.url, cutoverId: remote.cutoverId };
    await desktop.memberships.join(webJoinLink({ ...target, token: remote.tokens.approver }));
    const wrong = await desktop.memberships.join(desktopJoinLink({ ...target, token: 'guessed-token' }));
    expect(wrong).toEqual({ ok: false, errors: [{ message: 'This invite token is not valid for this cutover' }] });
    expect(desktop.secrets.get(inviteKey(remote.hub.url, remote.cutoverId))).toBe(remote.tokens.approver);
  });
});
