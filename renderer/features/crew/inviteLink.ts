import { webJoinLink } from '@shared/protocol';

/**
 * A live invite's link again, from the hub's vault (electron/hub/auth/inviteLinks.ts), asked
 * with the lead's own token: the page holds it only to show or copy it.
 */
export async function linkAgain(cutoverId: string, inviteId: string, leadToken: string): Promise<{ ok: true; link: string } | { ok: false; reason: string }> {
  try {
    const res = await fetch(`/api/cutovers/${encodeURIComponent(cutoverId)}/invites/${encodeURIComponent(inviteId)}/link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${leadToken}` },
    });
    const body = (await res.json().catch(() => null)) as { token?: string; error?: string } | null;
    if (res.ok && body?.token) return { ok: true, link: webJoinLink({ hub: window.location.origin, cutoverId, token: body.token }) };
    return { ok: false, reason: body?.error ?? `The hub answered ${res.status}` };
  } catch (e) {
    return { ok: false, reason: `The hub does not answer (${(e as Error).message})` };
  }
}

/** Onto the clipboard when the page may write it (https or localhost); false otherwise, and the link is shown to copy by hand. */
export async function toClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
