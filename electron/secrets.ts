import type { SecretsStatus } from '@shared/ipc/contract';
import { normalizeHub, type SettingsStore } from './settings';

/** The part of Electron's `safeStorage` used here; tests hand in a fake that really encrypts. */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; never called on other platforms. */
  getSelectedStorageBackend(): string;
  /** Linux: lets `basic_text` encrypt at all once the user has accepted it. */
  setUsePlainTextEncryption(usePlainText: boolean): void;
};

/** Where a secret lives in the settings' private record. */
type SecretsHome = Pick<SettingsStore, 'readSecret' | 'writeSecret' | 'deleteSecret' | 'weakStorageAllowed' | 'setWeakStorageAllowed'>;

/** The invite token for a cutover on a hub given by URL. */
export const inviteKey = (hub: string, cutoverId: string): string => `invite:${normalizeHub(hub)}|${cutoverId}`;
/**
 * The invite token for a cutover on this desktop's own hub. Its URL changes with every
 * launch (port 0) and with hosting, so the key names the hub as "local" instead.
 */
export const localInviteKey = (cutoverId: string): string => `invite:local|${cutoverId}`;

/** Thrown by `set` when storing would be unsafe and the user has not accepted it. */
export class SecretStorageRefused extends Error {
  override readonly name = 'SecretStorageRefused';
}

/** Thrown by `get` when a stored secret can no longer be decrypted (the keyring changed). */
export class SecretUnreadable extends Error {
  override readonly name = 'SecretUnreadable';
}

const NATIVE_BACKENDS: Partial<Record<NodeJS.Platform, string>> = { darwin: 'keychain', win32: 'dpapi' };

/**
 * Invite tokens at rest: encrypted with the OS keyring through `safeStorage`, and only the
 * ciphertext (base64) is written to the settings file. Nothing here logs a secret or puts
 * one in an error message.
 */
export class SecretStore {
  constructor(
    private readonly safe: SafeStorageLike,
    private readonly home: SecretsHome,
    private readonly platform: NodeJS.Platform,
  ) {}

  backend(): string {
    return this.platform === 'linux' ? this.safe.getSelectedStorageBackend() : (NATIVE_BACKENDS[this.platform] ?? 'unknown');
  }

  status(): SecretsStatus {
    const backend = this.backend();
    return { backend, secure: backend !== 'basic_text' && this.safe.isEncryptionAvailable(), weakStorageAllowed: this.home.weakStorageAllowed };
  }

  /** The user's answer to "store tokens with weak encryption anyway?". */
  allowWeakStorage(allowed: boolean): SecretsStatus {
    this.home.setWeakStorageAllowed(allowed);
    return this.status();
  }

  /** Why `set` would refuse right now, or null when it would store. Checked before side effects. */
  refusal(): string | null {
    const backend = this.backend();
    if (backend === 'basic_text') {
      if (!this.home.weakStorageAllowed) {
        return 'This computer has no keyring, so invite tokens could only be stored with weak encryption. Allow it on the start screen, or install a keyring (GNOME Keyring or KWallet) and restart Warroom.';
      }
      // Recent Electron refuses to encrypt with basic_text until told it is accepted.
      this.safe.setUsePlainTextEncryption(true);
    }
    if (!this.safe.isEncryptionAvailable()) {
      return 'Encryption is not available on this computer (is the keyring locked?), so invite tokens cannot be stored.';
    }
    return null;
  }

  set(key: string, plaintext: string): void {
    const refused = this.refusal();
    if (refused) throw new SecretStorageRefused(refused);
    this.home.writeSecret(key, this.safe.encryptString(plaintext).toString('base64'));
  }

  has(key: string): boolean {
    return this.home.readSecret(key) !== undefined;
  }

  /** The plaintext, or null when nothing is stored under `key`. */
  get(key: string): string | null {
    const stored = this.home.readSecret(key);
    if (stored === undefined) return null;
    if (this.backend() === 'basic_text' && this.home.weakStorageAllowed) this.safe.setUsePlainTextEncryption(true);
    try {
      return this.safe.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      // The cause may quote bytes of the ciphertext; it stays out of the message.
      throw new SecretUnreadable('The stored invite can no longer be decrypted (the keyring may have changed); join again with the link.');
    }
  }

  delete(key: string): void {
    this.home.deleteSecret(key);
  }
}
