import { webJoinLink } from '@shared/protocol';
import { bearer, errorOf, unreachable } from '../../lib/hubFetch';

/**
 * A live invite's link again, from the hub's vault (electron/hub/auth/inviteLinks.ts), asked
 * with the lead's own token: the page holds it only to show or copy it.
 */
export async function linkAgain(cutoverId: string, inviteId: string, leadToken: string): Promise<{ ok: true; link: string } | { ok: false; reason: string }> {
  try {
    const res = await fetch(`/api/cutovers/${encodeURIComponent(cutoverId)}/invites/${encodeURIComponent(inviteId)}/link`, {
      method: 'POST',
      headers: bearer(leadToken),
    });
    if (!res.ok) return { ok: false, reason: await errorOf(res) };
    const { token } = (await res.json()) as { token: string };
    return { ok: true, link: webJoinLink({ hub: window.location.origin, cutoverId, token }) };
  } catch (e) {
    return { ok: false, reason: unreachable(e) };
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
