import type { CutoverState } from '../cutover/state';
import { projectSchedule } from '../schedule/projection';
import type { BannerState } from './schema';

/** What `/banner/<cutover>.json` answers: all a customer's page needs, nothing internal. */
export type BannerView = {
  active: boolean;
  state: BannerState | null;
  text: string;
  /** The projected end of the work (ms), while it is in progress. */
  eta: number | null;
  updatedAt: number | null;
};

const ENDED = new Set(['completed', 'rolled_back', 'aborted']);

/**
 * The customers' banner: the latest message sent to the banner. It is shown from the first
 * banner message until the cutover ends, then it disappears by itself: customers are told
 * the work is over by the last message, and nobody has to remember to take it down.
 */
export function bannerView(state: CutoverState, now: number): BannerView {
  let latest = null;
  for (let i = state.messageOrder.length - 1; i >= 0 && !latest; i--) {
    const m = state.messages[state.messageOrder[i]!];
    if (m?.deliveries.banner?.status === 'sent') latest = m;
  }
  if (!latest || ENDED.has(state.status)) return { active: false, state: latest?.state ?? null, text: '', eta: null, updatedAt: latest?.deliveries.banner?.updatedAt ?? null };
  const inProgress = state.status === 'in_progress';
  return {
    active: true,
    state: latest.state,
    text: latest.bannerText,
    eta: inProgress ? projectSchedule(state, now).projectedEnd : null,
    updatedAt: latest.deliveries.banner?.updatedAt ?? latest.requestedAt,
  };
}
