import { readJoinTarget, type JoinLinkProblem } from '@shared/protocol';

export type JoinLinkReading = { ok: true; cutoverId: string; token: string } | { ok: false; reason: string };

const SHAPE = 'A join link looks like http://hub:7410/#/join?c=…&t=…';

const PROBLEMS: Record<JoinLinkProblem, string> = {
  'not-a-link': `That is not a link. ${SHAPE}`,
  'not-warroom': `That is not a Warroom join link. ${SHAPE}`,
  'not-a-join': `That link does not lead to a join. ${SHAPE}`,
  'no-cutover': 'That link names no cutover (its "c=" part is missing): copy the whole link again.',
  'no-token': 'That link has no token (its "t=" part is missing, perhaps cut off when it was copied): copy the whole link again.',
  malformed: `That join link is not complete. ${SHAPE}`,
};

/**
 * What a pasted join link opens in this browser, or the sentence that says what is wrong
 * with it: not a link at all, a link to something else, a link without its token (cut off
 * when it was copied), or a link to another hub.
 */
export function readJoinLink(text: string, origin: string): JoinLinkReading {
  const read = readJoinTarget(text);
  if (!read.ok) return { ok: false, reason: PROBLEMS[read.problem] };
  const { target } = read;
  if (target.hub !== origin) return { ok: false, reason: `This link is for another hub (${target.hub}); open it directly.` };
  return { ok: true, cutoverId: target.cutoverId, token: target.token };
}

/** The hash this browser opens a join at. */
export const joinHash = (cutoverId: string, token: string): string => `#/join?c=${encodeURIComponent(cutoverId)}&t=${encodeURIComponent(token)}`;
