import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubVaultKey } from '../../../electron/hubVaultKey';
import { SecretStore } from '../../../electron/secrets';
import { HubVault } from '../../../electron/hub/secrets/vault';
import { fakeSafeStorage, openTestSettings, settingsFile, tempDir } from './fakes';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe("the embedded hub's secrets key", () => {
  it('is made once, kept as safeStorage ciphertext, and opens the same vault after a restart', async () => {
    const safe = fakeSafeStorage();
    const key = hubVaultKey(new SecretStore(safe, openTestSettings(dir), 'linux'))!;
    expect(key).toHaveLength(32);
    expect(readFileSync(settingsFile(dir), 'utf8')).not.toContain(key.toString('hex'));
    const vault = HubVault.open(dir, key, {});
    await vault.set('slack-token', 'xoxb-fake-test-000');
    const again = hubVaultKey(new SecretStore(safe, openTestSettings(dir), 'linux'))!;
    expect(again.equals(key)).toBe(true);
    expect(HubVault.open(dir, again, {}).get('slack-token')).toBe('xoxb-fake-test-000');
  });

  it('is not made where secrets cannot be kept safely, so the hub refuses to store any', () => {
    expect(hubVaultKey(new SecretStore(fakeSafeStorage('basic_text'), openTestSettings(dir), 'linux'))).toBeNull();
  });

  it('is not replaced when the stored one cannot be read, so the vault is not lost', () => {
    const settings = openTestSettings(dir);
    expect(hubVaultKey(new SecretStore(fakeSafeStorage(), settings, 'linux'))).not.toBeNull();
    const broken = {
      ...fakeSafeStorage(),
      decryptString: () => {
        throw new Error('keyring changed');
      },
    };
    const logs: string[] = [];
    expect(hubVaultKey(new SecretStore(broken, openTestSettings(dir), 'linux'), (m) => logs.push(m))).toBeNull();
    expect(logs[0]).toMatch(/cannot be read/);
  });
});
