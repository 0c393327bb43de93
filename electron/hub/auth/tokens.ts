import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Role } from '../../../shared/cutover';
import { writeFileAtomic } from '../journal/fsync';

/** An invite as stored: the token itself is never kept, only its hash. */
export type Invite = {
  id: string;
  role: Role;
  /** The crew function the holder covers ("DBA"), shown beside their name. */
  station: string;
  label: string;
  hash: string;
  createdAt: number;
  revokedAt: number | null;
};

export type IssuedInvite = { invite: Omit<Invite, 'hash'>; token: string };

const FILE = 'invites.json';

/*
 * Tokens are 192 random bits, so a plain SHA-256 is enough to store them: there is nothing
 * to brute-force that a slow password hash would protect.
 */
const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export class InviteStore {
  private invites: Invite[] = [];

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    try {
      this.invites = JSON.parse(await readFile(join(this.dir, FILE), 'utf8')) as Invite[];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read invites in ${this.dir}: ${(e as Error).message}`, { cause: e });
      this.invites = [];
    }
  }

  async issue(role: Role, opts: { id?: string; station?: string; label?: string; now: number }): Promise<IssuedInvite> {
    const token = randomBytes(24).toString('base64url');
    const invite: Invite = {
      id: opts.id ?? `i-${randomBytes(6).toString('hex')}`,
      role,
      station: opts.station ?? '',
      label: opts.label ?? role,
      hash: hashToken(token).toString('hex'),
      createdAt: opts.now,
      revokedAt: null,
    };
    this.invites.push(invite);
    await this.save();
    const { hash: _hash, ...publicInvite } = invite;
    return { invite: publicInvite, token };
  }

  /**
   * Finds the live invite a token belongs to. Every stored hash is compared in constant
   * time, and the loop never stops early, so timing says nothing about which one matched.
   */
  verify(token: string): Invite | null {
    const presented = hashToken(token);
    let found: Invite | null = null;
    for (const inv of this.invites) {
      const stored = Buffer.from(inv.hash, 'hex');
      if (stored.length === presented.length && timingSafeEqual(stored, presented) && inv.revokedAt === null) found = inv;
    }
    return found;
  }

  /**
   * Marks invites revoked. Called with what the journal says, so that a revocation recorded
   * just before a crash still holds after it.
   */
  async revoke(ids: readonly string[], now: number): Promise<Invite[]> {
    const changed = this.invites.filter((i) => ids.includes(i.id) && i.revokedAt === null);
    if (changed.length === 0) return [];
    for (const i of changed) i.revokedAt = now;
    await this.save();
    return changed;
  }

  list(): Omit<Invite, 'hash'>[] {
    return this.invites.map(({ hash: _hash, ...rest }) => rest);
  }

  private async save(): Promise<void> {
    await writeFileAtomic(join(this.dir, FILE), JSON.stringify(this.invites, null, 1));
  }
}
