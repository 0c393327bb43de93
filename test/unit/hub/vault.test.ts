import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envNameFor, HubVault, keyFromEnv } from '../../../electron/hub/secrets/vault';
import { tempDir } from '../../support/hubHarness';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('warroom-vault-');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const KEY = Buffer.alloc(32, 1);
const SECRET = 'pg-Sup3r-S3cret-xyzzy';

describe("the hub's secrets", () => {
  it('are stored encrypted, private to the hub, and read back after a restart', async () => {
    await HubVault.open(dir, KEY, {}).set('replica-password', SECRET);
    const file = join(dir, 'secrets.enc');
    expect((await readFile(file)).includes(Buffer.from(SECRET))).toBe(false);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(HubVault.open(dir, KEY, {}).get('replica-password')).toBe(SECRET);
  });

  it("are kept per cutover: one cutover's lead can neither read nor overwrite another's", async () => {
    const vault = HubVault.open(dir, KEY, {});
    await vault.scoped('c-a').set('slack-token', 'xoxb-fake-test-a');
    await vault.scoped('c-b').set('slack-token', 'xoxb-fake-test-b');
    expect(vault.scoped('c-a').get('slack-token')).toBe('xoxb-fake-test-a');
    expect(vault.scoped('c-b').get('slack-token')).toBe('xoxb-fake-test-b');
    expect(vault.scoped('c-c').has('slack-token')).toBe(false);
    expect(HubVault.open(dir, KEY, {}).scoped('c-a').get('slack-token')).toBe('xoxb-fake-test-a');
  });

  it('come from the environment first, by an upper-cased name', () => {
    expect(envNameFor('pg-replica.password')).toBe('WARROOM_SECRET_PG_REPLICA_PASSWORD');
    const vault = HubVault.open(dir, null, { WARROOM_SECRET_SLACK_TOKEN: 'xoxb-fake-test-000' });
    expect(vault.get('slack-token')).toBe('xoxb-fake-test-000');
    expect(vault.has('other')).toBe(false);
  });

  it('are never overwritten with a key that does not open them, and the hub says so', async () => {
    await HubVault.open(dir, KEY, {}).set('slack-token', SECRET);
    const before = await readFile(join(dir, 'secrets.enc'));
    const wrong = HubVault.open(dir, Buffer.alloc(32, 2), {});
    expect(wrong.problem).toMatch(/cannot be decrypted with this key.*nothing was changed/);
    await expect(wrong.set('slack-token', 'new')).rejects.toThrow(/WARROOM_SECRET_SLACK_TOKEN/);
    expect((await readFile(join(dir, 'secrets.enc'))).equals(before)).toBe(true);
    const keyless = HubVault.open(dir, null, {});
    expect(keyless.problem).toMatch(/no key to open it/);
  });

  it('refuses a damaged file with a sentence rather than starting empty', async () => {
    await writeFile(join(dir, 'secrets.enc'), 'not a vault');
    expect(HubVault.open(dir, KEY, {}).problem).toMatch(/not a Warroom vault/);
  });

  it('takes a key of 32 bytes as hex or base64, and explains a wrong one', () => {
    expect(keyFromEnv({ WARROOM_SECRETS_KEY: 'ab'.repeat(32) })).toEqual(Buffer.alloc(32, 0xab));
    expect(keyFromEnv({ WARROOM_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') })).toEqual(Buffer.alloc(32, 7));
    expect(keyFromEnv({})).toBeNull();
    expect(() => keyFromEnv({ WARROOM_SECRETS_KEY: 'short' })).toThrow(/64 hex characters or base64/);
  });
});
