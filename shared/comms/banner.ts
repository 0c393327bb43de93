import { isEnded } from '../cutover/schema';
import type { CutoverState } from '../cutover/state';
import { drainEtaOf, drainUnderWay } from '../metrics/drainEta';
import { projectSchedule, type Projection } from '../schedule/projection';
import { clock, zoneName } from './format';
import type { LagSummary } from './lag';
import { BannerSettingsSchema, type BannerSettings, type BannerState, type MessageState } from './schema';
import { MIN } from '../time';

/** What `/banner/<cutover>.json` answers: all a customer's page needs, nothing internal. */
export type BannerView = {
  active: boolean;
  state: BannerState | null;
  text: string;
  /** The projected end of the work (whole ms since the epoch), while the banner says the work is under way. */
  eta: number | null;
  /** The same as customers read it, in the banner's zone and named: "20:45 BST". */
  etaText: string | null;
  /** The zone every time on the banner is in: the one the lead set for customers. */
  timeZone: string | null;
  updatedAt: number | null;
  /** When the final banner comes down, once the night has ended. */
  until: number | null;
};

/** Only these say the work is still going on: "expected to finish around" fits no other. */
const UNDER_WAY = new Set<BannerState>(['in_progress', 'verifying']);
const DEFAULTS = BannerSettingsSchema.parse({});

/** No banner: what an unknown cutover answers too, so the route tells nobody which ids exist. */
export const NO_BANNER: BannerView = { active: false, state: null, text: '', eta: null, etaText: null, timeZone: null, updatedAt: null, until: null };

/** The lead's banner settings; a config recorded before they existed reads as the defaults. */
export function bannerSettings(state: Pick<CutoverState, 'comms'>): BannerSettings {
  return { ...DEFAULTS, ...state.comms.config.banner };
}

/** The zone customers read times in: the lead's choice, else the cutover's own. */
export function customerTimeZone(state: Pick<CutoverState, 'comms' | 'info'>): string {
  return bannerSettings(state).timeZone ?? state.info?.window.timeZone ?? 'UTC';
}

function latestOnBanner(state: CutoverState): MessageState | null {
  for (let i = state.messageOrder.length - 1; i >= 0; i--) {
    const m = state.messages[state.messageOrder[i]!];
    if (m?.deliveries.banner?.status === 'sent') return m;
  }
  return null;
}

/**
 * The customers' banner: the latest message sent to the banner. It is shown from the first
 * banner message on; once the night ends the last message stays up for the time the lead
 * set (a day by default), so customers who come back in the morning still read how it
 * ended, and then it comes down by itself. It never contradicts itself: a time it adds is
 * in the same zone as the times in its text, named, and only when the message says the
 * work is still going on (never under "backed out, we will share a new date").
 */
export function bannerView(state: CutoverState, now: number, lag: readonly LagSummary[] = []): BannerView {
  const latest = latestOnBanner(state);
  if (!latest) return NO_BANNER;
  const timeZone = customerTimeZone(state);
  const updatedAt = latest.deliveries.banner?.updatedAt ?? latest.requestedAt;
  const until = bannerDownAt(state, now);
  const base = { state: latest.state, timeZone, updatedAt, until };
  if (until !== null && now >= until) return { ...base, active: false, text: '', eta: null, etaText: null };
  return { ...base, active: true, text: latest.bannerText, ...liveEnd(state, now, latest, lag) };
}

/** When the banner comes down by itself: the time the lead set after the night's end; null while it runs. */
export function bannerDownAt(state: CutoverState, now: number): number | null {
  return isEnded(state.status) ? (state.endedAt ?? now) + bannerSettings(state).keepAfterEndMin * MIN : null;
}

/**
 * The expected end the banner adds to a line, kept current by the hub: only while the night
 * runs, under a line that says the work is going on, and never beside a line that gives the
 * end itself (the two read apart once the plan moves). Also what the composer previews.
 */
export function liveEnd(
  state: CutoverState,
  now: number,
  line: Pick<MessageState, 'state' | 'bannerNamesEnd'>,
  lag: readonly LagSummary[] = [],
): Pick<BannerView, 'eta' | 'etaText'> {
  if (state.status !== 'in_progress' || !UNDER_WAY.has(line.state) || line.bannerNamesEnd) return { eta: null, etaText: null };
  const end = customerEnd(state, now, lag);
  if (end === null) return { eta: null, etaText: null };
  // Whole milliseconds: the projection scales durations by the pace, and a customer's page
  // reading `eta` as a date or an integer must not get a fraction.
  const eta = Math.round(end);
  const timeZone = customerTimeZone(state);
  return { eta, etaText: `${clock(eta, timeZone)} ${zoneName(eta, timeZone)}` };
}

/**
 * When the night is expected to end, as customers may be told it: the schedule's projection,
 * except that a drain step under way ends no earlier than its queues' forecast (drainEtaOf, the
 * header's drain chip's own), and the rest of the night after it. The drain was planned from a
 * rehearsal's rates (seed 000: staging drained in minutes, live took until morning); its
 * planned minutes used up, the schedule alone promised "now" and moved on every minute. Null
 * when no time can be said: a queue not draining yet, or not read lately.
 */
export function customerEnd(
  state: CutoverState,
  now: number,
  lag: readonly LagSummary[] = [],
  projection: Projection = projectSchedule(state, now),
): number | null {
  const step = drainUnderWay(state);
  if (!step || lag.length === 0) return projection.projectedEnd;
  const drained = drainEtaOf(
    lag.map((l) => ({ trend: l.trend, etaMs: l.etaMs, stale: l.notReadSince !== undefined })),
    now,
  );
  if (drained === null) return null;
  const stepEnd = projection.steps[step.id]?.projectedEnd ?? now;
  return projection.projectedEnd + Math.max(0, drained - stepEnd);
}

/** Whether a banner line (as written, before it is filled in) gives the expected end itself. */
export const namesTheEnd = (bannerTemplate: string): boolean => /\{\{\s*projectedEnd\s*\}\}/.test(bannerTemplate);

/** The banner as customers read it: its text, and the time it adds. The hosted script (bannerScript.ts) writes the same. */
export const bannerLine = (view: Pick<BannerView, 'text' | 'etaText'>): string =>
  view.etaText ? `${view.text} (expected to finish around ${view.etaText})` : view.text;
