import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcContract } from '@shared/ipc/contract';
import type { WarroomApi } from '../../../electron/preload';

/*
 * The preload runs only inside Electron's renderer; here its two Electron parts are
 * stand-ins that record what the preload does with them: what it exposes, what it invokes,
 * and what a subscriber receives.
 */
const bridge = vi.hoisted(() => {
  type Forward = (event: unknown, payload: unknown) => void;
  const listeners = new Map<string, Set<Forward>>();
  return {
    exposed: new Map<string, unknown>(),
    invoked: [] as [string, unknown][],
    listeners,
    emit: (channel: string, payload: unknown) => {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'the event object' }, payload);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => bridge.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => {
      bridge.invoked.push([channel, input]);
      return Promise.resolve(null);
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      if (!bridge.listeners.has(channel)) bridge.listeners.set(channel, new Set());
      bridge.listeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => bridge.listeners.get(channel)?.delete(listener),
  },
}));

let api: WarroomApi;
beforeAll(async () => {
  await import('../../../electron/preload');
  api = bridge.exposed.get('warroom') as WarroomApi;
});

describe('the preload bridge', () => {
  it('exposes one object, window.warroom, with named verbs and no ipcRenderer', () => {
    expect([...bridge.exposed.keys()]).toEqual(['warroom']);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|invoke|send/i);
  });

  it('has a verb for every channel of the contract', async () => {
    bridge.invoked.length = 0;
    await Promise.all([
      api.app.info(),
      api.settings.get(),
      api.settings.set({ theme: 'light' }),
      api.secrets.status(),
      api.secrets.allowWeakStorage(true),
      api.templates.list(),
      api.cutovers.create({ title: 'T', window: { start: 1, end: 2, timeZone: 'UTC' }, source: { kind: 'template', templateId: 'database-cutover' } }),
      api.membership.join({ link: 'warroom://join' }),
      api.membership.open({ cutoverId: 'c-1', hub: 'http://h' }),
      api.membership.ticket({ cutoverId: 'c-1', hub: 'http://h' }),
      api.hub.status(),
      api.hub.host({ host: '0.0.0.0', port: 7410 }),
      api.hub.solo(),
      api.hub.copyInvite({ cutoverId: 'c-1', role: 'operator', kind: 'web' }),
      api.notify({ title: 'T', body: 'B' }),
      api.archive.export({ cutoverId: 'c-1', hub: 'http://h' }),
      api.archive.open(),
      api.postmortem.pdf({ html: '<p>x</p>' }),
      api.draft.load({ archive: '/home/dana/night.warroom.json' }),
      api.draft.save({ archive: '/home/dana/night.warroom.json', draft: { checksum: 'c', text: 't', actions: [], savedAt: 1 } }),
      api.draft.discard({ archive: '/home/dana/night.warroom.json' }),
    ]);
    expect(bridge.invoked.map(([c]) => c).sort()).toEqual(Object.keys(ipcContract).sort());
    expect(bridge.invoked).toContainEqual(['secrets:allowWeakStorage', true]);
  });

  it('hands subscribers the payload only, never Electron’s event, and unsubscribes', () => {
    const got: unknown[] = [];
    const off = api.onMenuCommand((c) => got.push(c));
    bridge.emit('menu:command', 'toggle-theme');
    off();
    bridge.emit('menu:command', 'help');
    expect(got).toEqual(['toggle-theme']);
  });

  it('keeps a join link that came before anyone listened, for the first subscriber', () => {
    bridge.emit('join:link', { link: 'warroom://early' });
    const got: unknown[] = [];
    const off = api.onJoinLink((p) => got.push(p));
    bridge.emit('join:link', { link: 'warroom://later' });
    off();
    bridge.emit('join:link', { link: 'warroom://unheard' });
    expect(got).toEqual([{ link: 'warroom://early' }, { link: 'warroom://later' }]);
  });
});

// The bundle Electron actually loads: a sandboxed preload may require nothing but 'electron'.
const bundle = fileURLToPath(new URL('../../../dist/electron/preload.cjs', import.meta.url));
const built = existsSync(bundle);
if (!built && process.env.CI !== 'true') console.warn(`preload.test: bundle checks skipped, ${bundle} is missing; run \`npm run build\` first.`);

describe.skipIf(!built && process.env.CI !== 'true')('the built preload bundle', () => {
  it('requires only electron, and carries no zod', () => {
    const code = readFileSync(bundle, 'utf8');
    expect([...code.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['"electron"']);
    expect(code).not.toMatch(/zod|ZodError|safeParse/);
  });
});
