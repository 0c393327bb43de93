import type { NewCutoverRequest } from '@shared/ipc/contract';
import type { Role } from '@shared/cutover';
import { bearer, errorOf, unreachable } from '../../lib/hubFetch';

/*
 * What a browser asks its hub over HTTP before a socket: whether an invite opens the cutover
 * (asked before the name), whether a token is the hub's admin token, and to plan a night.
 * Tokens go in the Authorization header only, never in a URL.
 */

export type InviteCheck = { ok: true; title: string; role: Role; station: string; label: string } | { ok: false; reason: string; unreachable?: true };
export type Problem = { line?: number; message: string };

export async function checkInvite(cutoverId: string, token: string): Promise<InviteCheck> {
  try {
    const res = await fetch(`/api/cutovers/${encodeURIComponent(cutoverId)}/invite`, { headers: bearer(token) });
    if (res.ok) return { ok: true, ...((await res.json()) as Omit<Extract<InviteCheck, { ok: true }>, 'ok'>) };
    return { ok: false, reason: await errorOf(res) };
  } catch (e) {
    return { ok: false, reason: unreachable(e), unreachable: true };
  }
}

/** Null when the token is this hub's admin token, else why not. */
export async function checkAdmin(token: string): Promise<string | null> {
  try {
    const res = await fetch('/api/admin', { headers: bearer(token) });
    return res.ok ? null : await errorOf(res);
  } catch (e) {
    return unreachable(e);
  }
}

export async function planOnHub(
  adminToken: string,
  request: NewCutoverRequest,
): Promise<{ ok: true; cutoverId: string; leadToken: string } | { ok: false; errors: Problem[] }> {
  try {
    const res = await fetch('/api/cutovers', {
      method: 'POST',
      headers: { ...bearer(adminToken), 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const body = (await res.json().catch(() => null)) as { cutoverId?: string; leadToken?: string; errors?: Problem[]; error?: string } | null;
    if (res.status === 201 && body?.cutoverId && body.leadToken) return { ok: true, cutoverId: body.cutoverId, leadToken: body.leadToken };
    return { ok: false, errors: body?.errors?.length ? body.errors : [{ message: body?.error ?? `The hub answered ${res.status}` }] };
  } catch (e) {
    return { ok: false, errors: [{ message: unreachable(e) }] };
  }
}
