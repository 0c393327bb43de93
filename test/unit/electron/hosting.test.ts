import { createServer, type Server } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJoinLink } from '@shared/protocol';
import { startDesktop, WINDOW, type TestDesktop } from './desktop';

const desktops: TestDesktop[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(desktops.splice(0).map((d) => d.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function desktop(...args: Parameters<typeof startDesktop>): Promise<TestDesktop> {
  const d = await startDesktop(...args);
  desktops.push(d);
  return d;
}

/** Listens on a free port and keeps it, so the hub finds it taken. */
async function occupy(host: string, port = 0): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
  return (server.address() as { port: number }).port;
}

async function freePort(host = '127.0.0.1'): Promise<number> {
  const port = await occupy(host);
  await new Promise((r) => servers.pop()!.close(r));
  return port;
}

const healthy = async (url: string) => (await fetch(`${url}/healthz`)).ok;

const withCutover = async (d: TestDesktop) => {
  const r = await d.memberships.create({ title: 'Orders', window: WINDOW, isRehearsal: false, source: { kind: 'template', templateId: 'database-cutover' } });
  if (!r.ok) throw new Error('not created');
  return r.membership.cutoverId;
};

describe('the built-in hub', () => {
  it('starts solo, on loopback only', async () => {
    const d = await desktop();
    const status = d.hosting.status();
    expect(status).toMatchObject({ mode: 'solo', error: null });
    expect(status.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await healthy(status.url!)).toBe(true);
  });

  it('hosts for the team on the chosen address, with the same cutovers, and goes back to solo', async () => {
    const d = await desktop();
    const cutoverId = await withCutover(d);
    const port = await freePort('127.0.0.2');
    const team = await d.hosting.host({ host: '127.0.0.2', port });
    expect(team).toEqual({ mode: 'team', url: `http://127.0.0.2:${port}`, error: null });
    expect(await healthy(team.url!)).toBe(true);
    expect(d.hosting.local()).toMatchObject({ url: `http://127.0.0.2:${port}` });
    expect(d.hosting.local()!.hub.registry.get(cutoverId)).toBeDefined();
    const solo = await d.hosting.solo();
    expect(solo).toMatchObject({ mode: 'solo', error: null });
    expect(solo.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await expect(fetch(`${team.url}/healthz`)).rejects.toThrow();
  });

  it('says so when the port is taken, and stays solo without a restart', async () => {
    const d = await desktop();
    const before = d.hosting.status().url;
    const taken = await occupy('127.0.0.1');
    const status = await d.hosting.host({ host: '127.0.0.1', port: taken });
    expect(status).toEqual({
      mode: 'solo',
      url: before,
      error: `Port ${taken} is already in use on 127.0.0.1: another program (or another hub) listens there. Choose another port. The hub stays solo: only this computer can connect.`,
    });
    expect(await healthy(before!)).toBe(true);
  });

  it('says so when the address is not this computer’s', async () => {
    const d = await desktop();
    const status = await d.hosting.host({ host: '192.0.2.55', port: 7410 });
    expect(status.mode).toBe('solo');
    expect(status.error).toMatch(/^192\.0\.2\.55 is not an address of this computer/);
  });

  it('falls back to solo when the port is taken between the check and the start', async () => {
    const d = await desktop({ hosting: { probe: async () => undefined } });
    const cutoverId = await withCutover(d);
    const taken = await occupy('127.0.0.1');
    const status = await d.hosting.host({ host: '127.0.0.1', port: taken });
    expect(status.mode).toBe('solo');
    expect(status.error).toMatch(/^Port \d+ is already in use/);
    expect(await healthy(status.url!)).toBe(true);
    expect(d.hosting.local()!.hub.registry.get(cutoverId)).toBeDefined();
  });

  it('runs one switch at a time, so two clicks never start two hubs', async () => {
    const d = await desktop();
    const [a, b] = await Promise.all([freePort('127.0.0.2'), freePort('127.0.0.3')]);
    const [first, second] = await Promise.all([d.hosting.host({ host: '127.0.0.2', port: a }), d.hosting.host({ host: '127.0.0.3', port: b })]);
    expect(first.url).toBe(`http://127.0.0.2:${a}`);
    expect(second.url).toBe(`http://127.0.0.3:${b}`);
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow();
    expect(await healthy(second.url!)).toBe(true);
  });
});

describe('copying an invite', () => {
  it('is refused in solo, where nobody else could use the link', async () => {
    const d = await desktop();
    const cutoverId = await withCutover(d);
    const result = await d.hosting.copyInvite({ cutoverId, role: 'operator', station: 'DBA', kind: 'web' });
    expect(result).toEqual({ copied: false, reason: expect.stringMatching(/host for the team first/) });
    expect(d.clipboard.text).toBe('');
  });

  it('puts a link on the clipboard that another desktop joins with, over the network', async () => {
    const host = await desktop();
    const cutoverId = await withCutover(host);
    const port = await freePort('127.0.0.2');
    await host.hosting.host({ host: '127.0.0.2', port });
    expect(await host.hosting.copyInvite({ cutoverId, role: 'operator', station: 'DBA', kind: 'desktop' })).toEqual({ copied: true, reason: null });
    expect(host.clipboard.text).toMatch(/^warroom:\/\/join\?hub=http%3A%2F%2F127\.0\.0\.2%3A\d+&c=c-[0-9a-f]+&t=/);

    const crew = await desktop();
    const joined = await crew.memberships.join(host.clipboard.text);
    expect(joined).toEqual({ ok: true, membership: { cutoverId, hub: `http://127.0.0.2:${port}`, title: 'Orders', role: 'operator' } });
    const invite = host.hosting
      .local()!
      .hub.registry.get(cutoverId)!
      .invites.list()
      .find((i) => i.role === 'operator');
    expect(invite?.station).toBe('DBA');
    // Minted for the one person it is sent to: nobody else comes in by it, under any name.
    expect(host.hosting.local()!.hub.registry.get(cutoverId)!.runtime.state.invites[invite!.id]?.singleUse).toBe(true);
  });

  it('uses a LAN address when hosting on every interface', async () => {
    const interfaces = (): NodeJS.Dict<NetworkInterfaceInfo[]> => ({
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '00:00:00:00:00:00', cidr: '127.0.0.1/8' }],
      wlan0: [
        { address: 'fe80::1', family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '02:00:00:00:00:01', cidr: 'fe80::1/64', scopeid: 2 },
        { address: '169.254.10.10', family: 'IPv4', internal: false, netmask: '255.255.0.0', mac: '02:00:00:00:00:01', cidr: '169.254.10.10/16' },
      ],
      eth0: [{ address: '192.168.1.23', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '02:00:00:00:00:02', cidr: '192.168.1.23/24' }],
    });
    const d = await desktop({ hosting: { networkInterfaces: interfaces } });
    const cutoverId = await withCutover(d);
    const port = await freePort('0.0.0.0');
    const status = await d.hosting.host({ host: '0.0.0.0', port });
    expect(status).toEqual({ mode: 'team', url: `http://192.168.1.23:${port}`, error: null });
    // This desktop's own window keeps using loopback.
    expect(d.hosting.local()!.url).toBe(`http://127.0.0.1:${port}`);
    expect(await healthy(d.hosting.local()!.url)).toBe(true);
    await d.hosting.copyInvite({ cutoverId, role: 'approver', station: '', kind: 'web' });
    expect(parseJoinLink(d.clipboard.text)).toMatchObject({ hub: `http://192.168.1.23:${port}`, cutoverId });
    expect(d.clipboard.text.startsWith(`http://192.168.1.23:${port}/#/join?`)).toBe(true);
  });

  it('says so when every interface is chosen but none is reachable, and for a cutover it does not hold', async () => {
    const d = await desktop();
    const port = await freePort('0.0.0.0');
    const status = await d.hosting.host({ host: '0.0.0.0', port });
    expect(status).toMatchObject({ mode: 'team', error: expect.stringMatching(/no network address the crew could reach/) });
    const result = await d.hosting.copyInvite({ cutoverId: 'c-elsewhere', role: 'observer', station: '', kind: 'web' });
    expect(result.copied).toBe(false);
  });
});
