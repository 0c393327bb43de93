import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RoleSchema, type Role } from '@shared/cutover';
import { writeFileAtomic } from '../storage/atomicWrite';

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

/** What a stored invite must look like: a file that parses but holds anything else is damaged too. */
const StoredInvitesSchema = z.array(
  z.object({
    id: z.string(),
    role: RoleSchema,
    station: z.string(),
    label: z.string(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: z.number(),
    revokedAt: z.number().nullable(),
  }),
);

/**
 * An invites file that cannot be read. The cutover stays closed (nobody could be let in, or
 * a revoked invite could come back), the file is left as it is, and the message says
 * "invites", so nobody goes restoring a healthy journal.
 */
export class InvitesDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`Invites damaged: ${file} ${problem}. Nothing was changed; restore it from a backup.`);
    this.name = 'InvitesDamagedError';
  }
}

/*
 * Tokens are 192 random bits, so a plain SHA-256 is enough to store them: there is nothing
 * to brute-force that a slow password hash would protect.
 */
const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** Where invites are kept when not in `invites.json` (a table of the PostgreSQL store): read whole, written whole. */
export type InviteBacking = { where: string; read(): Promise<unknown>; write(invites: readonly Invite[]): Promise<void> };

export class InviteStore {
  private invites: Invite[] = [];

  constructor(
    private readonly dir: string,
    private readonly backing?: InviteBacking,
  ) {}

  async load(): Promise<void> {
    if (this.backing) return this.accept(await this.backing.read(), this.backing.where);
    const file = join(this.dir, FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new InvitesDamagedError(file, `cannot be read (${code ?? 'error'})`);
      this.invites = [];
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // Not the parser's message: it quotes the file, and the file is nobody's business in a log.
      throw new InvitesDamagedError(file, 'is not valid JSON');
    }
    this.accept(json, file);
  }

  private accept(json: unknown, where: string): void {
    const parsed = StoredInvitesSchema.safeParse(json);
    if (!parsed.success) throw new InvitesDamagedError(where, 'does not hold a list of invites');
    this.invites = parsed.data;
  }

  /** The invite with this id, as stored (a signed ticket names its invite by id). */
  byId(id: string): Invite | null {
    return this.invites.find((i) => i.id === id) ?? null;
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

  /** Finds the live invite a token belongs to; null for an unknown or revoked one. */
  verify(token: string): Invite | null {
    const found = this.find(token);
    return found?.revokedAt === null ? found : null;
  }

  /**
   * Finds the invite a token belongs to, revoked or not: the holder of a revoked token is
   * told so (4410) rather than that it is wrong. Every stored hash is compared in constant
   * time, and the loop never stops early, so timing says nothing about which one matched.
   */
  find(token: string): Invite | null {
    const presented = hashToken(token);
    let found: Invite | null = null;
    for (const inv of this.invites) {
      const stored = Buffer.from(inv.hash, 'hex');
      if (stored.length === presented.length && timingSafeEqual(stored, presented)) found = inv;
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
    if (this.backing) return this.backing.write(this.invites);
    await writeFileAtomic(join(this.dir, FILE), JSON.stringify(this.invites, null, 1));
  }
}
