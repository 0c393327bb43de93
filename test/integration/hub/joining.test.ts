import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import { CloseCode, NAME_TOO_LONG } from '@shared/protocol';
import { live, nodeClient, refusal, startTestHub, until, waitFor, type TestHub } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';

/*
 * Joining as a person would (#16): a link is checked before a name is asked, a name too long
 * is refused with a sentence, a link meant for one person lets in one, and the lead copies
 * a live invite's link again from the hub's vault.
 */

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const KEY = Buffer.alloc(32, 7);
const check = (hubUrl: string, cutoverId: string, token: string) =>
  fetch(`${hubUrl}/api/cutovers/${cutoverId}/invite`, { headers: { authorization: `Bearer ${token}` } });
const copyLink = (hubUrl: string, cutoverId: string, inviteId: string, token: string) =>
  fetch(`${hubUrl}/api/cutovers/${cutoverId}/invites/${inviteId}/link`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

/** An invite the lead creates, with its id and token. */
async function invite(lead: HubClient, payload: { role: 'operator'; station: string; label?: string; singleUse?: boolean }) {
  const { result } = await lead.send('invite.create', payload).outcome;
  return result as { inviteId: string; token: string };
}

describe('before the name is asked', () => {
  it('tells what a link opens, a wrong one and a revoked one apart', async () => {
    t = await startTestHub();
    const res = await check(t.hub.url, t.cutoverId, t.tokens.operator);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ title: 'Database cutover', role: 'operator', station: '', label: 'operator' });
    const wrong = await check(t.hub.url, t.cutoverId, 'guessed');
    expect([wrong.status, await wrong.json()]).toEqual([401, { error: 'This invite token is not valid for this cutover' }]);
    // An unknown cutover answers as a wrong token does: no route says which ids exist.
    expect((await check(t.hub.url, 'c-nothere', t.tokens.operator)).status).toBe(401);

    const lead = t.client('lead', 'Lena');
    await live(lead);
    const observer = Object.values(lead.state.invites).find((i) => i.role === 'observer')!;
    await lead.send('invite.revoke', { inviteId: observer.id }).outcome;
    const revoked = await check(t.hub.url, t.cutoverId, t.tokens.observer);
    expect([revoked.status, await revoked.json()]).toEqual([410, { error: 'The lead revoked this invite' }]);
  });

  it('refuses a name over 80 characters with a sentence, and records no member', async () => {
    t = await startTestHub();
    const raw = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.operator);
    raw.send({ t: 'hello', protocol: 1, name: `Dana ${'x'.repeat(80)}`, since: 0 });
    expect(await raw.closedWith()).toEqual({ code: CloseCode.badHello, reason: NAME_TOO_LONG });
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.members).toEqual({});
  });
});

describe('invites the lead hands out', () => {
  it('lets one person in by a single-use link, again on every reconnect, and nobody else', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const { token, inviteId } = await invite(lead, { role: 'operator', station: 'DBA', label: 'Omar, DBA', singleUse: true });
    await until(lead, (c) => c.state.invites[inviteId]?.singleUse === true, 5000, 'the invite');
    expect(lead.state.invites[inviteId]).toMatchObject({ label: 'Omar, DBA', station: 'DBA', role: 'operator' });

    const omar = nodeClient(t.hub.url, t.cutoverId, token, 'Omar');
    omar.start();
    await live(omar);
    omar.stop();
    const again = nodeClient(t.hub.url, t.cutoverId, token, 'omar ');
    again.start();
    await live(again);
    again.stop();

    const sam = await RawSocket.open(t.hub.url, t.cutoverId, token);
    sam.send({ t: 'hello', protocol: 1, name: 'Sam', since: 0 });
    expect(await sam.closedWith()).toEqual({
      code: CloseCode.unauthorized,
      reason: 'This link was for one person and Omar joined with it: ask the lead for your own',
    });
    expect(Object.values(t.hub.registry.get(t.cutoverId)!.runtime.state.members).map((m) => m.name)).toEqual(['Lena', 'Omar']);
  });

  it('gives the lead a live invite’s link again from the vault, only the lead, and not once it is revoked or used', async () => {
    t = await startTestHub({ secretsKey: KEY });
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const dba = await invite(lead, { role: 'operator', station: 'DBA', label: 'Omar, DBA' });
    const again = await copyLink(t.hub.url, t.cutoverId, dba.inviteId, t.tokens.lead);
    expect([again.status, await again.json()]).toEqual([200, { token: dba.token }]);
    // The hub's own role links too.
    const operatorInvite = Object.values(lead.state.invites).find((i) => i.role === 'operator' && i.label === 'operator')!;
    expect(await (await copyLink(t.hub.url, t.cutoverId, operatorInvite.id, t.tokens.lead)).json()).toEqual({ token: t.tokens.operator });

    // Not for anyone else; not in plaintext on disk.
    const operator = await copyLink(t.hub.url, t.cutoverId, dba.inviteId, t.tokens.operator);
    expect([operator.status, await operator.json()]).toEqual([403, { error: 'Only the lead may copy an invite’s link again' }]);
    expect((await readFile(join(t.dir, 'secrets.enc'))).includes(Buffer.from(dba.token))).toBe(false);

    await lead.send('invite.revoke', { inviteId: dba.inviteId }).outcome;
    const revoked = await copyLink(t.hub.url, t.cutoverId, dba.inviteId, t.tokens.lead);
    expect([revoked.status, await revoked.json()]).toEqual([410, { error: 'This invite is revoked' }]);
    // Forgotten once the revocation is durable: what cannot be shown again is not kept.
    await waitFor(() => t!.hub.registry.get(t!.cutoverId)!.links.token(dba.inviteId) === undefined, 'the revoked link forgotten');

    const once = await invite(lead, { role: 'operator', station: 'SRE', singleUse: true });
    const sam = nodeClient(t.hub.url, t.cutoverId, once.token, 'Sam');
    sam.start();
    await live(sam);
    sam.stop();
    const used = await copyLink(t.hub.url, t.cutoverId, once.inviteId, t.tokens.lead);
    expect([used.status, await used.json()]).toEqual([410, { error: 'This link was for one person, who has joined: it lets nobody else in' }]);
  });

  it('says a link cannot be shown again on a hub with no secrets key', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const dba = await invite(lead, { role: 'operator', station: 'DBA' });
    const res = await copyLink(t.hub.url, t.cutoverId, dba.inviteId, t.tokens.lead);
    expect([res.status, await res.json()]).toEqual([404, { error: 'This hub kept no copy of that link (it has no WARROOM_SECRETS_KEY): create a new invite' }]);
  });
});

describe('a role on a shared link', () => {
  // Anyone who holds a shared link joins by it under any name, and the same name is the same
  // member: a role given to one of them goes to all who hold it, one taken is taken from nobody.
  it('lets someone the lead took a role from come back under another name only as an observer', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const sam = t.client('operator', 'Sam');
    await Promise.all([live(lead), live(sam)]);
    await lead.send('cutover.start', {}).done;
    await lead.send('member.setRole', { memberId: sam.member!.id, role: 'observer' }).done;
    sam.stop();

    // The same link, another name: on the old hub this was an operator again.
    const samAgain = t.client('operator', 'Sam R');
    await live(samAgain);
    expect(samAgain.member!.role).toBe('observer');
    expect(await refusal(samAgain.send('step.start', { stepId: 'a' }).done)).toBe('An observer may not start a step');
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.a!.status).toBe('pending');
    // The lead gives a newcomer their role, up to the link's; a link of one's own is not narrowed.
    await lead.send('member.setRole', { memberId: samAgain.member!.id, role: 'operator' }).done;
    const omar = await t.personal(lead, 'operator', 'Omar');
    await live(omar);
    expect(omar.member!.role).toBe('operator');
  });

  it('refuses a role wider than a shared link’s to someone who came in by it, and gives it to someone with a link of their own', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const dana = t.client('operator', 'Dana');
    await Promise.all([live(lead), live(dana)]);
    expect(await refusal(lead.send('member.setRole', { memberId: dana.member!.id, role: 'approver' }).done)).toBe(
      'Dana came in by the shared link “operator”, and anyone who holds it can join under that name: as an approver, so would they. Send Dana a link of their own (an invite for one person, as approver)',
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.members[dana.member!.id]!.role).toBe('operator');
    // Anyone on the operators' link typing "dana" is still only an operator.
    const notDana = t.client('operator', 'dana');
    await live(notDana);
    expect(notDana.member).toMatchObject({ id: dana.member!.id, role: 'operator' });

    const dana2 = await t.personal(lead, 'operator', 'Dana');
    await live(dana2);
    await lead.send('member.setRole', { memberId: dana2.member!.id, role: 'approver' }).done;
    await until(lead, (c) => c.state.members[dana2.member!.id]?.role === 'approver');
    // Once the shared link is revoked nobody comes in by it, under any name: the rule has nothing to keep.
    const shared = dana.member!.inviteId!;
    await lead.send('invite.revoke', { inviteId: shared }).done;
    await lead.send('member.setRole', { memberId: dana.member!.id, role: 'approver' }).done;
  });
});

describe('a link revoked while its holder is still catching up', () => {
  // Revoking cuts the holders in the fan-out at once; one still reading a long night's
  // catch-up was not in it yet, reached `synced`, and had their next command recorded.
  it('cuts the holder with 4410 and records nothing they send', { timeout: 60_000 }, async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const dana = await invite(lead, { role: 'operator', station: 'DBA' });
    // Some 8 MB of notes: a reader that does not read makes the hub's catch-up wait on its socket.
    const text = 'n'.repeat(3990);
    await Promise.all(Array.from({ length: 2000 }, (_, i) => lead.send('note.add', { text: `${i} ${text}`, severity: 'info' }).done));

    const raw = await RawSocket.open(t.hub.url, t.cutoverId, dana.token);
    raw.ws.pause();
    raw.send({ t: 'hello', protocol: 1, name: 'Dana', since: 0 });
    await waitFor(() => !!Object.values(lead.state.members).find((m) => m.name === 'Dana'), 'Dana joined');
    await lead.send('invite.revoke', { inviteId: dana.inviteId }).done;
    // While her catch-up waits, she sends a command: it must not be applied.
    raw.send({ t: 'command', id: 'after-revoke', type: 'note.add', payload: { text: 'Still here', severity: 'info' } });
    const seq = lead.state.seq;
    raw.ws.resume();

    expect((await raw.closedWith(20_000)).code).toBe(CloseCode.revoked);
    expect(raw.messages.filter((m) => m.t === 'ack' || m.t === 'synced')).toEqual([]);
    // Nothing after the revocation: her note is not in the journal.
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.seq).toBe(seq);
  });
});
