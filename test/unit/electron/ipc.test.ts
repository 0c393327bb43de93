import { afterEach, describe, expect, it } from 'vitest';
import { ipcContract, type MenuCommand } from '@shared/ipc/contract';
import { registrar, type InvokeEvent, type IpcMainLike } from '../../../electron/ipc/handle';
import { registerIpc } from '../../../electron/ipc';
import { push } from '../../../electron/ipc/push';
import { startDesktop, WINDOW, type TestDesktop } from './desktop';

const appUrl = 'file:///opt/Warroom/resources/app.asar/dist/renderer/index.html';
const ours: InvokeEvent = { senderFrame: { url: `${appUrl}#/start` } };

/** ipcMain as far as registering goes; `invoke` plays the renderer's side. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEvent, payload: unknown) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
  };
  const invoke = (channel: string, payload?: unknown, event: InvokeEvent = ours) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, payload);
  };
  return { ipcMain, handlers, invoke };
}

class FakeNotification {
  static supported = true;
  static shown: { title: string; body: string }[] = [];
  static isSupported = () => FakeNotification.supported;
  constructor(private readonly options: { title: string; body: string }) {}
  show(): void {
    FakeNotification.shown.push(this.options);
  }
}

let desktop: TestDesktop | undefined;
afterEach(async () => {
  await desktop?.close();
  desktop = undefined;
});

async function wired() {
  desktop = await startDesktop();
  const fake = fakeIpcMain();
  const warnings: string[] = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
  registerIpc(appUrl, desktop, {
    ipcMain: fake.ipcMain,
    Notification: FakeNotification,
    appInfo: () => ({ version: '0.1.0', platform: 'linux' }),
    warn: (m) => warnings.push(m),
  });
  return { ...fake, desktop, warnings };
}

describe('the IPC handlers', () => {
  it('answer every channel of the contract, and only those', async () => {
    const { handlers } = await wired();
    expect([...handlers.keys()].sort()).toEqual(Object.keys(ipcContract).sort());
  });

  it('refuse a frame that is not our page, whatever its URL contains', async () => {
    const { invoke, warnings } = await wired();
    for (const url of ['https://evil.example/', `https://evil.example/?q=${appUrl}`, 'file:///tmp/index.html']) {
      await expect(invoke('settings:get', undefined, { senderFrame: { url } })).rejects.toThrow(/settings:get: refused, the sender is not the Warroom window/);
    }
    await expect(invoke('hub:status', undefined, { senderFrame: null })).rejects.toThrow(/refused/);
    expect(warnings).toHaveLength(4);
  });

  it('refuse a payload outside the contract before any handler runs', async () => {
    const { invoke, desktop: d } = await wired();
    await expect(invoke('settings:set', { theme: 'purple' })).rejects.toThrow(/settings:set: refused, theme:/);
    await expect(invoke('membership:join', { link: 42 })).rejects.toThrow(/refused, link:/);
    await expect(invoke('hub:host', { host: '0.0.0.0', port: 80 })).rejects.toThrow(/refused, port:/);
    await expect(invoke('secrets:allowWeakStorage', 'yes')).rejects.toThrow(/refused/);
    await expect(invoke('app:info', { sneaky: true })).rejects.toThrow(/refused/);
    expect(d.settings.get().theme).toBe('dark');
    expect(d.hosting.status().mode).toBe('solo');
  });

  it('carry out a valid call and answer within the contract', async () => {
    const { invoke } = await wired();
    expect(await invoke('settings:set', { displayName: 'Dana', theme: 'light' })).toMatchObject({ displayName: 'Dana', theme: 'light' });
    expect(await invoke('templates:list')).toEqual([{ id: 'database-cutover', title: 'Database cutover to the cloud', windowMinutes: 120 }]);
    expect(await invoke('secrets:status')).toEqual({ backend: 'gnome_libsecret', secure: true, weakStorageAllowed: false });
    expect(await invoke('app:info')).toEqual({ version: '0.1.0', platform: 'linux' });
    expect(await invoke('hub:status')).toMatchObject({ mode: 'solo' });
  });

  it('never hand the invite token to the renderer: it gets tickets', async () => {
    const { invoke, desktop: d } = await wired();
    const created = (await invoke('cutovers:create', { title: 'Orders', window: WINDOW, source: { kind: 'template', templateId: 'database-cutover' } })) as {
      ok: true;
      membership: { cutoverId: string; hub: string };
    };
    expect(created.ok).toBe(true);
    const token = d.secrets.get(`invite:local|${created.membership.cutoverId}`)!;
    const ticket = await invoke('membership:ticket', { cutoverId: created.membership.cutoverId, hub: created.membership.hub });
    const settings = await invoke('settings:get');
    for (const answer of [created, ticket, settings]) expect(JSON.stringify(answer)).not.toContain(token);
    expect(settings).not.toHaveProperty('secrets');
    expect(ticket).toMatchObject({ ok: true, ticket: expect.any(String) });
  });

  it('show a system notification where the system has them', async () => {
    const { invoke } = await wired();
    expect(await invoke('notify:show', { title: 'Step overran', body: 'Update sequences is 15 minutes late' })).toBeUndefined();
    FakeNotification.supported = false;
    await invoke('notify:show', { title: 'Quiet', body: 'not shown' });
    expect(FakeNotification.shown).toEqual([{ title: 'Step overran', body: 'Update sequences is 15 minutes late' }]);
  });
});

describe('registrar', () => {
  it('checks a handler’s answer too: nothing outside the contract leaves', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const register = registrar(ipcMain, appUrl, () => undefined);
    register('app:info', () => ({ version: '', platform: 'linux' }));
    await expect(invoke('app:info')).rejects.toThrow();
    const leaky = { displayName: '', theme: 'dark' as const, recentCutovers: [], recentHubs: [], windowState: null, secrets: { k: 'v' } };
    register('settings:get', () => leaky);
    expect(await invoke('settings:get')).not.toHaveProperty('secrets');
  });

  it('logs a refused sender without the payload', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const warnings: string[] = [];
    registrar(ipcMain, appUrl, (m) => warnings.push(m))('membership:join', () => ({ ok: false, errors: [{ message: 'x' }] }));
    await expect(invoke('membership:join', { link: 'warroom://join?t=SECRET' }, { senderFrame: { url: 'https://evil.example/' } })).rejects.toThrow();
    expect(warnings).toEqual(['Warroom: refused membership:join from an untrusted frame']);
  });
});

describe('pushes to the renderer', () => {
  const contents = () => {
    const sent: [string, unknown][] = [];
    return { sent, send: (channel: string, ...args: unknown[]) => void sent.push([channel, args[0]]) };
  };

  it('send what the push contract allows', () => {
    const target = contents();
    push(target, 'menu:command', 'toggle-theme');
    push(target, 'join:link', { link: 'warroom://join?hub=http%3A%2F%2Fh&c=c-1&t=x' });
    expect(target.sent).toEqual([
      ['menu:command', 'toggle-theme'],
      ['join:link', { link: 'warroom://join?hub=http%3A%2F%2Fh&c=c-1&t=x' }],
    ]);
  });

  it('refuse anything else, and send nothing', () => {
    const target = contents();
    expect(() => push(target, 'menu:command', 'format-disk' as MenuCommand)).toThrow();
    expect(() => push(target, 'join:link', { link: 'x'.repeat(2001) })).toThrow();
    expect(target.sent).toEqual([]);
  });
});
