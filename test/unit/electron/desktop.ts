import { join } from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import WebSocket from 'ws';
import { SUBPROTOCOL, TICKET_PROTOCOL_PREFIX, socketUrl } from '@shared/protocol';
import { Hosting, type HostingDeps } from '../../../electron/hosting';
import { startHub } from '../../../electron/hub/hub';
import { SecretStore } from '../../../electron/secrets';
import { Memberships } from '../../../electron/memberships';
import type { SettingsStore } from '../../../electron/settings';
import { RawSocket } from '../../support/rawSocket';
import { fakeSafeStorage, openTestSettings, settingsFile, tempDir, type FakeSafeStorage } from './fakes';

/**
 * A desktop app's main-process services, the way services.ts builds them, with only the
 * Electron parts faked: a real hub on a temporary folder, real files, real HTTP.
 */
export type TestDesktop = {
  dir: string;
  settings: SettingsStore;
  safe: FakeSafeStorage;
  secrets: SecretStore;
  hosting: Hosting;
  memberships: Memberships;
  clipboard: { text: string; writeText(text: string): void };
  settingsText: () => Promise<string>;
  close: () => Promise<void>;
};

export async function startDesktop(opts: { backend?: string; hosting?: Partial<HostingDeps> } = {}): Promise<TestDesktop> {
  const dir = await tempDir('warroom-desktop-');
  const settings = openTestSettings(dir);
  const safe = fakeSafeStorage(opts.backend);
  const secrets = new SecretStore(safe, settings, 'linux');
  const clipboard = {
    text: '',
    writeText(text: string) {
      clipboard.text = text;
    },
  };
  const hosting = new Hosting({
    startHub: (listen) => startHub({ dataDir: join(dir, 'hub'), log: () => undefined, ...listen }),
    networkInterfaces: () => ({}),
    clipboard,
    now: Date.now,
    ...opts.hosting,
  });
  await hosting.startSolo();
  const memberships = new Memberships({ settings, secrets, local: () => hosting.local(), fetch: globalThis.fetch, now: Date.now });
  return {
    dir,
    settings,
    safe,
    secrets,
    hosting,
    memberships,
    clipboard,
    settingsText: () => readFile(settingsFile(dir), 'utf8'),
    async close() {
      await hosting.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Opens a socket the way the desktop window does: with a one-time ticket, never the token. */
export function connectWithTicket(hub: string, cutoverId: string, ticket: string): Promise<RawSocket> {
  return RawSocket.wrap(new WebSocket(socketUrl(hub, cutoverId), [SUBPROTOCOL, TICKET_PROTOCOL_PREFIX + ticket]));
}

export const WINDOW = { start: Date.UTC(2026, 3, 29, 18, 0), end: Date.UTC(2026, 3, 29, 20, 0), timeZone: 'Europe/London' };
