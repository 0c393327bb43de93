import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inviteKey, localInviteKey, SecretStorageRefused, SecretStore, SecretUnreadable } from '../../../electron/secrets';
import { fakeSafeStorage, openTestSettings, settingsFile, tempDir } from './fakes';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const TOKEN = 'q7Xb2u0JY1mVt3yQ-invite-token_Zz';
const fileText = () => readFileSync(settingsFile(dir), 'utf8');

describe('invite tokens at rest', () => {
  it('are stored as safeStorage ciphertext only, and read back after a restart', () => {
    const safe = fakeSafeStorage();
    new SecretStore(safe, openTestSettings(dir), 'linux').set(inviteKey('http://hub.example:7410/', 'c-1'), TOKEN);
    expect(fileText()).not.toContain(TOKEN);
    expect(fileText()).not.toContain(Buffer.from(TOKEN).toString('base64'));
    const stored = JSON.parse(fileText()).secrets['invite:http://hub.example:7410|c-1'] as string;
    expect(safe.decryptString(Buffer.from(stored, 'base64'))).toBe(TOKEN);
    const again = new SecretStore(safe, openTestSettings(dir), 'linux');
    expect(again.get(inviteKey('http://hub.example:7410', 'c-1'))).toBe(TOKEN);
  });

  it('can be deleted, and an unknown key reads as null', () => {
    const secrets = new SecretStore(fakeSafeStorage(), openTestSettings(dir), 'linux');
    secrets.set(localInviteKey('c-2'), TOKEN);
    expect(secrets.has(localInviteKey('c-2'))).toBe(true);
    secrets.delete(localInviteKey('c-2'));
    expect(secrets.get(localInviteKey('c-2'))).toBeNull();
    expect(fileText()).not.toContain('c-2');
  });

  it('that can no longer be decrypted say so, without quoting the ciphertext', () => {
    const settings = openTestSettings(dir);
    settings.writeSecret(localInviteKey('c-3'), Buffer.from('garbage').toString('base64'));
    const secrets = new SecretStore(fakeSafeStorage(), settings, 'linux');
    expect(() => secrets.get(localInviteKey('c-3'))).toThrow(SecretUnreadable);
    expect(() => secrets.get(localInviteKey('c-3'))).toThrow(/join again with the link/);
  });
});

describe('a Linux desktop without a keyring (basic_text)', () => {
  it('reports itself as not secure', () => {
    const secrets = new SecretStore(fakeSafeStorage('basic_text'), openTestSettings(dir), 'linux');
    expect(secrets.status()).toEqual({ backend: 'basic_text', secure: false, weakStorageAllowed: false });
  });

  it('refuses to store a token until the user allows weak storage, then stores it', () => {
    const safe = fakeSafeStorage('basic_text');
    const secrets = new SecretStore(safe, openTestSettings(dir), 'linux');
    expect(() => secrets.set(localInviteKey('c-1'), TOKEN)).toThrow(SecretStorageRefused);
    expect(secrets.refusal()).toMatch(/no keyring/);
    expect(fileText()).not.toContain('c-1');

    expect(secrets.allowWeakStorage(true)).toEqual({ backend: 'basic_text', secure: false, weakStorageAllowed: true });
    secrets.set(localInviteKey('c-1'), TOKEN);
    expect(fileText()).not.toContain(TOKEN);
    // The answer is remembered: the next launch stores without asking again.
    const nextLaunch = new SecretStore(fakeSafeStorage('basic_text'), openTestSettings(dir), 'linux');
    expect(nextLaunch.get(localInviteKey('c-1'))).toBe(TOKEN);
    expect(nextLaunch.refusal()).toBeNull();
  });
});

describe('other platforms and states', () => {
  it('names the macOS and Windows keyrings without asking Linux-only questions', () => {
    const safe = fakeSafeStorage('this would throw on macOS');
    safe.getSelectedStorageBackend = () => {
      throw new Error('Linux only');
    };
    expect(new SecretStore(safe, openTestSettings(dir), 'darwin').status()).toMatchObject({ backend: 'keychain', secure: true });
    expect(new SecretStore(safe, openTestSettings(dir), 'win32').status()).toMatchObject({ backend: 'dpapi', secure: true });
  });

  it('refuses with a clear sentence when encryption is unavailable (a locked keyring)', () => {
    const safe = fakeSafeStorage('gnome_libsecret');
    safe.available = false;
    const secrets = new SecretStore(safe, openTestSettings(dir), 'linux');
    expect(secrets.status().secure).toBe(false);
    expect(() => secrets.set(localInviteKey('c-1'), TOKEN)).toThrow(/Encryption is not available/);
  });
});
