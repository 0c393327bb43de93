import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_ENV_PREFIX, secretEnvName } from '@shared/protocol';
import { writeFileAtomic } from '../storage/atomicWrite';

/**
 * The hub's secrets (a Slack token, a database password), by name. Series and comms
 * configs hold only names; a source or a destination asks the vault for the value when it
 * connects. Nothing here logs a value or puts one in an error.
 */
export type SecretVault = {
  get(name: string): string | undefined;
  has(name: string): boolean;
  /** Stores a secret; refuses with a sentence when this hub cannot keep one safely. */
  set(name: string, value: string): Promise<void>;
};

/** `pg-replica.password` → `WARROOM_SECRET_PG_REPLICA_PASSWORD`. */
export const envNameFor = secretEnvName;

/** The PostgreSQL store's password, when not in its URL: the hub's own, read from its environment. */
export const STORE_PASSWORD_ENV = envNameFor('store.password');

/**
 * Variables of the hub's environment under the nights' prefix that are the hub's own, never a
 * night's secret: a lead naming one in a lag source's header or a comms config would have the
 * hub send it wherever the lead pointed it (the shared store's password, to any URL).
 */
const HUB_OWN_SECRETS: ReadonlySet<string> = new Set([STORE_PASSWORD_ENV]);

/** Stores the vault's blob, built from the blob stored now (see HubVault's `keep`). */
export type VaultKeeper = (build: (latest: Buffer | null) => Buffer) => Promise<void>;

export class SecretNotStorable extends Error {
  override readonly name = 'SecretNotStorable';
}

/**
 * Secrets kept encrypted in one file (AES-256-GCM): `<dataDir>/secrets.enc`. The key is
 * the desktop's (itself kept by the OS keyring through safeStorage) or the standalone
 * hub's `WARROOM_SECRETS_KEY`. Without a key the vault only reads what the environment
 * gives, and says so when asked to store.
 */
export class HubVault implements SecretVault {
  private values = new Map<string, string>();
  private writing: Promise<void> = Promise.resolve();

  /** Why nothing can be stored (no key, or a file this key does not open), or null. */
  readonly problem: string | null;

  /** The hub's environment as the nights see it: without the hub's own secrets (HUB_OWN_SECRETS). */
  private readonly env: NodeJS.ProcessEnv;

  private constructor(
    private readonly file: string,
    private readonly key: Buffer | null,
    env: NodeJS.ProcessEnv,
    problem: string | null,
    /**
     * Keeps the encrypted vault: secrets.enc, or a row of the PostgreSQL store. `build` makes the
     * blob from what is stored now (null for a file, whose only writer is this hub), so another
     * hub's secrets stored meanwhile are kept too.
     */
    private readonly keep: VaultKeeper = (build) => writeFileAtomic(file, build(null)),
  ) {
    this.env = Object.fromEntries(Object.entries(env).filter(([k]) => !HUB_OWN_SECRETS.has(k)));
    this.problem = problem;
  }

  /**
   * The vault kept elsewhere than a file (the PostgreSQL store's warroom_vault row): `blob` is
   * what is stored (null: nothing yet), `keep` stores a new one. The same rules as `open`.
   */
  static fromBlob(where: string, blob: Buffer | null, key: Buffer | null, keep: VaultKeeper, env: NodeJS.ProcessEnv = process.env): HubVault {
    if (!key)
      return new HubVault(where, null, env, blob ? `${where} holds secrets but this hub was given no key to open it (WARROOM_SECRETS_KEY)` : null, keep);
    let values: Record<string, string>;
    try {
      values = blob ? decrypt(blob, key) : {};
    } catch (e) {
      return new HubVault(where, null, env, `${where}: ${(e as Error).message}; nothing was changed`, keep);
    }
    const vault = new HubVault(where, key, env, null, keep);
    for (const [k, v] of Object.entries(values)) vault.values.set(k, v);
    return vault;
  }

  /**
   * Opens the vault. A file this key cannot open is never overwritten: the hub still starts
   * (the night must go on), reads secrets from its environment only, and every attempt to
   * store one says what is wrong.
   */
  static open(dataDir: string, key: Buffer | null, env: NodeJS.ProcessEnv = process.env): HubVault {
    const file = join(dataDir, 'secrets.enc');
    let blob: Buffer | null = null;
    try {
      blob = readFileSync(file);
    } catch (e) {
      // No file yet: nothing stored. Any other failure must not let a store overwrite it.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        return new HubVault(file, null, env, `${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); nothing was changed`);
    }
    if (!key) return new HubVault(file, null, env, blob ? `${file} holds secrets but this hub was given no key to open it (WARROOM_SECRETS_KEY)` : null);
    let values: Record<string, string>;
    try {
      values = blob ? decrypt(blob, key) : {};
    } catch (e) {
      return new HubVault(file, null, env, `${file}: ${(e as Error).message}; nothing was changed`);
    }
    const vault = new HubVault(file, key, env, null);
    for (const [k, v] of Object.entries(values)) vault.values.set(k, v);
    return vault;
  }

  get(name: string): string | undefined {
    return this.env[envNameFor(name)] ?? this.values.get(name);
  }

  /**
   * One cutover's view: what its lead stores is kept under the cutover's id, so another
   * cutover on the same hub can neither read nor overwrite it. The hub's environment
   * (`WARROOM_SECRET_*`, set by whoever runs the hub) is shared by all.
   */
  scoped(cutoverId: string): SecretVault {
    const key = (name: string) => `${cutoverId}/${name}`;
    return {
      get: (name) => this.env[envNameFor(name)] ?? this.values.get(key(name)),
      has: (name) => this.env[envNameFor(name)] !== undefined || this.values.has(key(name)),
      set: (name, value) => this.set(key(name), value, name),
    };
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The `WARROOM_SECRET_*` variables this hub was started with: their names, for set-up forms. */
  environmentNames(): string[] {
    return Object.keys(this.env).filter((k) => k.startsWith(SECRET_ENV_PREFIX) && this.env[k] !== undefined);
  }

  /**
   * Takes the stored vault again: another hub on the same store stored a secret. A blob this
   * key does not open leaves the values as they were.
   */
  reload(blob: Buffer | null): void {
    if (!this.key || !blob) return;
    try {
      this.values = new Map(Object.entries(decrypt(blob, this.key)));
    } catch {
      // the next successful store rewrites it whole
    }
  }

  /** Forgets a stored secret (a link that no longer works); nothing to do when there is none or no key. */
  delete(name: string): Promise<void> {
    const key = this.key;
    if (!key || !this.values.has(name)) return Promise.resolve();
    const written = this.writing
      .catch(() => undefined)
      .then(async () => {
        let next = new Map<string, string>();
        await this.keep((latest) => {
          this.reload(latest);
          next = new Map(this.values);
          next.delete(name);
          return encrypt(Object.fromEntries(next), key);
        });
        this.values = next;
      });
    this.writing = written;
    return written;
  }

  set(name: string, value: string, shownName = name): Promise<void> {
    if (!this.key) {
      const why = this.problem ?? 'This hub has no key to encrypt secrets with: start it with WARROOM_SECRETS_KEY set';
      return Promise.reject(new SecretNotStorable(`${why}, or give the secret as ${envNameFor(shownName)}`));
    }
    const key = this.key;
    // Writes run one after another, each the whole vault, replaced atomically; the value is
    // used only once it is on disk, so a failed write is not half-kept.
    const written = this.writing
      .catch(() => undefined)
      .then(async () => {
        let next = new Map<string, string>();
        await this.keep((latest) => {
          this.reload(latest); // another hub's secrets, stored since this one read them
          next = new Map(this.values).set(name, value);
          return encrypt(Object.fromEntries(next), key);
        });
        this.values = next;
      });
    this.writing = written;
    return written;
  }
}

/** A 32-byte key from `WARROOM_SECRETS_KEY` (64 hex characters or base64), or null. */
export function keyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | null {
  const raw = env.WARROOM_SECRETS_KEY?.trim();
  if (!raw) return null;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('WARROOM_SECRETS_KEY must be 32 bytes: 64 hex characters or base64 (openssl rand -hex 32)');
  return key;
}

function encrypt(values: Record<string, string>, key: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from('WRV1'), iv, cipher.getAuthTag(), body]);
}

function decrypt(blob: Buffer, key: Buffer): Record<string, string> {
  if (blob.subarray(0, 4).toString() !== 'WRV1' || blob.length < 32) throw new Error('The secrets file is not a Warroom vault');
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(4, 16));
  decipher.setAuthTag(blob.subarray(16, 32));
  try {
    const text = Buffer.concat([decipher.update(blob.subarray(32)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new Error('The secrets file cannot be decrypted with this key (a different key, or a damaged file)');
  }
}
