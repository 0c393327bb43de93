/*
 * What every request a page makes to its hub over HTTP shares: the token in the
 * Authorization header (never in a URL), the hub's own sentence when it refuses, and one way
 * of saying that it does not answer.
 */

export const bearer = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });

export const unreachable = (e: unknown): string => `The hub does not answer (${(e as Error).message}); check the address, or try again in a moment.`;

/** The hub's `{error}` sentence, or its status when it gave none. */
export async function errorOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: string } | null;
  return body?.error ?? `The hub answered ${res.status}`;
}
