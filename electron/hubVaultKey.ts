import { randomBytes } from 'node:crypto';
import type { SecretStore } from './secrets';

const KEY = 'hub-vault-key';

/**
 * The key the embedded hub encrypts its secrets with (`<data>/hub/secrets.enc`: a Slack
 * token, database passwords). Made once, then kept by the OS keyring through safeStorage
 * like the invite tokens. Null when this desktop cannot keep secrets safely (no keyring and
 * weak storage not accepted): the hub then refuses to store secrets and says why.
 */
export function hubVaultKey(secrets: Pick<SecretStore, 'get' | 'set' | 'refusal'>, log: (m: string) => void = console.error): Buffer | null {
  try {
    const known = secrets.get(KEY);
    if (known) return Buffer.from(known, 'hex');
    if (secrets.refusal()) return null;
    const key = randomBytes(32);
    secrets.set(KEY, key.toString('hex'));
    return key;
  } catch (e) {
    // An unreadable key (the keyring changed) leaves the vault closed rather than replaced:
    // a new key would make the stored secrets unreadable for good.
    log(`Warroom: the hub's secrets key cannot be read: ${(e as Error).message}`);
    return null;
  }
}
