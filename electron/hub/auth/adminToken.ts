import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The shortest admin token a hub accepts from its environment: 128 bits as base64url. */
export const MIN_ADMIN_TOKEN_LENGTH = 22;

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/**
 * The hub's admin token: whoever holds it may plan a new night on this hub (and becomes its
 * lead). Only its SHA-256 is kept in memory, and a presented token is compared by its digest
 * in constant time, so neither the timing nor a heap dump gives the token away.
 */
export class AdminToken {
  private readonly hash: Buffer;

  constructor(token: string) {
    if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
      throw new Error(`The admin token is too short: it needs at least ${MIN_ADMIN_TOKEN_LENGTH} characters (openssl rand -base64 24)`);
    }
    this.hash = digest(token);
  }

  /** A fresh random token (192 bits), for a hub started without one. */
  static generate(): string {
    return randomBytes(24).toString('base64url');
  }

  matches(presented: string | null): boolean {
    // A digest is always 32 bytes, so the comparison never stops early on a length.
    return presented !== null && timingSafeEqual(digest(presented), this.hash);
  }
}
