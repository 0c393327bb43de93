import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsSchema, type RecentCutover } from '@shared/ipc/contract';
import { openSettings, validateStored } from '../../../electron/settings';
import { openTestSettings, settingsFile, tempDir } from './fakes';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const recent = (cutoverId: string, hub = 'http://hub.example:7410', at = 1): RecentCutover => ({
  cutoverId,
  hub,
  title: `Night ${cutoverId}`,
  role: 'operator',
  lastOpenedAt: at,
});
const onDisk = () => JSON.parse(readFileSync(settingsFile(dir), 'utf8')) as Record<string, unknown>;

describe('the settings file', () => {
  it('starts from the defaults the contract describes', () => {
    const settings = openTestSettings(dir);
    expect(settings.get()).toEqual({ displayName: '', theme: 'dark', recentCutovers: [], recentHubs: [], windowState: null });
    expect(onDisk()).toMatchObject({ theme: 'dark', secrets: {}, weakStorageAllowed: false });
  });

  it('keeps a patch across a restart, and refuses values outside the schema', () => {
    openTestSettings(dir).patch({ displayName: ' Dana ', theme: 'light' });
    const again = openTestSettings(dir);
    expect(again.get()).toMatchObject({ displayName: 'Dana', theme: 'light' });
    expect(() => again.patch({ theme: 'purple' } as never)).toThrow();
    expect(again.get().theme).toBe('light');
  });

  it('never shows the renderer the private keys', () => {
    const settings = openTestSettings(dir);
    settings.writeSecret('invite:local|c-1', 'Y2lwaGVy');
    settings.setWeakStorageAllowed(true);
    expect(Object.keys(settings.get()).sort()).toEqual(Object.keys(SettingsSchema.shape).sort());
    expect(onDisk()).toMatchObject({ secrets: { 'invite:local|c-1': 'Y2lwaGVy' }, weakStorageAllowed: true });
  });

  it('is readable by its owner only', () => {
    openTestSettings(dir).patch({ displayName: 'Dana' });
    expect(statSync(settingsFile(dir)).mode & 0o077).toBe(0);
  });

  it('puts the last opened cutover first, once, and keeps fifty', () => {
    const settings = openTestSettings(dir);
    for (let i = 0; i < 55; i++) settings.rememberCutover(recent(`c-${i}`));
    settings.rememberCutover(recent('c-54', 'http://hub.example:7410/', 99)); // the same hub, written with a slash
    const list = settings.get().recentCutovers;
    expect(list).toHaveLength(50);
    expect(list[0]).toMatchObject({ cutoverId: 'c-54', lastOpenedAt: 99, hub: 'http://hub.example:7410' });
    expect(list.filter((r) => r.cutoverId === 'c-54')).toHaveLength(1);
  });

  it('keeps the same cutover id on two hubs apart, unless told they are the same', () => {
    const settings = openTestSettings(dir);
    settings.rememberCutover(recent('c-1', 'http://a.example'));
    settings.rememberCutover(recent('c-1', 'http://b.example'));
    expect(settings.get().recentCutovers).toHaveLength(2);
    settings.rememberCutover(recent('c-1', 'http://127.0.0.1:5555'), (r) => r.cutoverId === 'c-1');
    expect(settings.get().recentCutovers.map((r) => r.hub)).toEqual(['http://127.0.0.1:5555']);
  });

  it('remembers hubs newest first without repeats', () => {
    const settings = openTestSettings(dir);
    settings.rememberHub('http://a.example');
    settings.rememberHub('http://b.example/');
    settings.rememberHub('http://a.example/');
    expect(settings.get().recentHubs).toEqual(['http://a.example', 'http://b.example']);
  });

  it('saves the window state and refuses a nonsense one', () => {
    const settings = openTestSettings(dir);
    settings.saveWindowState({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(openTestSettings(dir).get().windowState).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(() => settings.saveWindowState({ width: 5, height: 5, maximized: false })).toThrow();
  });
});

describe('a damaged settings file', () => {
  const backups = () => readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'));

  it('that is not JSON: the app starts on the defaults and the bad file is kept aside', () => {
    writeFileSync(settingsFile(dir), '{"displayName": "Dana", "theme": ');
    const logs: string[] = [];
    const settings = openTestSettings(dir, (m) => logs.push(m));
    expect(settings.get().theme).toBe('dark');
    expect(backups()).toHaveLength(1);
    expect(readFileSync(`${dir}/${backups()[0]}`, 'utf8')).toBe('{"displayName": "Dana", "theme": ');
    expect(logs.join('\n')).toMatch(/could not be read.*kept as/);
    settings.patch({ displayName: 'Dana' });
    expect(openTestSettings(dir).get().displayName).toBe('Dana');
  });

  it('with one bad value: only that key takes its default, the stored invites survive', () => {
    writeFileSync(
      settingsFile(dir),
      JSON.stringify({ displayName: 'Dana', theme: 'purple', windowState: { width: -1 }, secrets: { 'invite:local|c-1': 'abc' } }),
    );
    const settings = openTestSettings(dir);
    expect(settings.get()).toMatchObject({ displayName: 'Dana', theme: 'dark', windowState: null });
    expect(settings.readSecret('invite:local|c-1')).toBe('abc');
    expect(backups()).toHaveLength(1);
    expect(onDisk().theme).toBe('dark');
  });

  it('that is JSON but not an object, or missing altogether, is the defaults', () => {
    expect(validateStored([1, 2]).data.theme).toBe('dark');
    expect(validateStored(null).badKeys).toEqual([]);
  });

  it('that cannot be written at all: the app still runs, in memory', () => {
    const logs: string[] = [];
    const settings = openSettings({
      file: settingsFile(dir),
      open: () => {
        throw new Error('EACCES: permission denied');
      },
      now: () => 1,
      log: (m) => logs.push(m),
    });
    expect(settings.patch({ theme: 'light' }).theme).toBe('light');
    expect(logs.join('\n')).toMatch(/will not be saved/);
  });
});
