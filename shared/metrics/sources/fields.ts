import { z } from 'zod';

/*
 * The config fields several kinds of source share. Credentials never stand in a config: a
 * field named `…Secret` holds the *name* of a secret the hub resolves (its environment, a
 * secrets file, or the desktop's encrypted store), so the config can travel in events and
 * archives.
 */

/** The name of a hub secret, e.g. "pg-replica-password". */
export const SecretRefSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'A secret name is letters, digits, dot, dash or underscore (up to 64)');
export const secretRef = SecretRefSchema.optional();

/** A URL never carries a password: it would stand in events and archives. Passwords are secrets. */
export const url = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((u) => !hasPassword(u), { message: 'Put the password in a secret, not in the URL' });

function hasPassword(u: string): boolean {
  try {
    return new URL(u).password !== '';
  } catch {
    return false; // not a URL the schema can read; the source says what is wrong with it
  }
}
export const query = z.string().trim().min(1).max(10_000);
export const name = z.string().trim().min(1).max(256);
