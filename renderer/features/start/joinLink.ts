import { parseJoinLink } from '@shared/protocol';

export type JoinLinkReading = { ok: true; cutoverId: string; token: string } | { ok: false; reason: string };

const SHAPE = 'A join link looks like http://hub:7410/#/join?c=…&t=…';

/**
 * What a pasted join link opens in this browser, or the sentence that says what is wrong
 * with it: not a link at all, a link to something else, a link without its token (cut off
 * when it was copied), or a link to another hub.
 */
export function readJoinLink(text: string, origin: string): JoinLinkReading {
  const link = text.trim();
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { ok: false, reason: `That is not a link. ${SHAPE}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'warroom:')
    return { ok: false, reason: `That is not a Warroom join link. ${SHAPE}` };
  const query = url.protocol === 'warroom:' ? url.searchParams : url.hash.startsWith('#/join') ? new URLSearchParams(url.hash.split('?')[1] ?? '') : null;
  if (!query) return { ok: false, reason: `That link does not lead to a join. ${SHAPE}` };
  if (!query.get('c')) return { ok: false, reason: 'That link names no cutover (its "c=" part is missing): copy the whole link again.' };
  if (!query.get('t'))
    return { ok: false, reason: 'That link has no token (its "t=" part is missing, perhaps cut off when it was copied): copy the whole link again.' };
  const target = parseJoinLink(link);
  if (!target) return { ok: false, reason: `That join link is not complete. ${SHAPE}` };
  if (target.hub !== origin) return { ok: false, reason: `This link is for another hub (${target.hub}); open it directly.` };
  return { ok: true, cutoverId: target.cutoverId, token: target.token };
}

/** The hash this browser opens a join at. */
export const joinHash = (cutoverId: string, token: string): string => `#/join?c=${encodeURIComponent(cutoverId)}&t=${encodeURIComponent(token)}`;
