import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// electron-store cannot load outside Electron (it imports 'electron'); `conf` is the class it
// extends and does all of its file work, so the tests use the real thing underneath.
import Conf from 'conf';
import type { SafeStorageLike } from '../../../electron/secrets';
import { openSettings, SETTINGS_DEFAULTS, type SettingsStore } from '../../../electron/settings';

export const tempDir = (prefix = 'warroom-electron-') => mkdtemp(join(tmpdir(), prefix));

/** Options as services.ts passes them to electron-store (which calls `name` what conf calls `configName`). */
export function openConf(dir: string): Conf<Record<string, unknown>> {
  return new Conf<Record<string, unknown>>({
    cwd: dir,
    projectName: 'warroom',
    configName: 'settings',
    defaults: SETTINGS_DEFAULTS,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
  });
}

export const settingsFile = (dir: string) => join(dir, 'settings.json');

export function openTestSettings(dir: string, log: (m: string) => void = () => undefined): SettingsStore {
  return openSettings({ file: settingsFile(dir), open: () => openConf(dir), now: () => 1_777_000_000_000, log });
}

export type FakeSafeStorage = SafeStorageLike & { backend: string; available: boolean; plainTextAccepted: boolean };

/**
 * A safeStorage that really changes the bytes (XOR with a key, behind a version prefix, as
 * Chromium's "v10"/"v11" are) so a test can look for the plaintext on disk and not find it.
 * Like recent Electron, basic_text encrypts only once plain-text encryption is accepted.
 */
export function fakeSafeStorage(backend = 'gnome_libsecret'): FakeSafeStorage {
  const key = Buffer.from('not-a-real-keyring-key');
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((b, i) => b ^ key[i % key.length]!));
  const prefix = Buffer.from('v99');
  const fake: FakeSafeStorage = {
    backend,
    available: true,
    plainTextAccepted: false,
    isEncryptionAvailable: () => fake.available && (fake.backend !== 'basic_text' || fake.plainTextAccepted),
    getSelectedStorageBackend: () => fake.backend,
    setUsePlainTextEncryption: (accepted) => void (fake.plainTextAccepted = accepted),
    encryptString: (plain) => {
      if (!fake.isEncryptionAvailable()) throw new Error('Encryption is not available.');
      return Buffer.concat([prefix, xor(Buffer.from(plain, 'utf8'))]);
    },
    decryptString: (encrypted) => {
      if (!encrypted.subarray(0, 3).equals(prefix)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return xor(encrypted.subarray(3)).toString('utf8');
    },
  };
  return fake;
}
