/*
 * Every number the lag forecast goes by, in one place: the hub's alerts, the charts'
 * sentences and the postmortem's "caught up" must mean the same thing by "growing",
 * "normal" and "caught up", so none of them keeps its own copy.
 */

import { MIN } from '../time';

// ---- The trend: rate and direction of the recent readings --------------------------------

/**
 * The trend is the last minute's at least: a queue that rose from 0 to 1,362 in that minute
 * is rising at about 1,362/min, whatever the nine quiet minutes before it say.
 */
export const RECENT_MS = MIN;
/** A line through fewer readings than this says nothing; sparse readings reach further back for them. */
export const RECENT_MIN_POINTS = 4;
/**
 * Older readings lengthen the fit (a steadier rate, a narrower band) only while they agree
 * with the recent ones, and never beyond this. A fit told its window (`windowMs`) takes it whole.
 */
export const TREND_LOOKBACK_MS = 10 * MIN;
/** Fewer readings than this in the lookback is too little to call a trend at all. */
export const DEFAULT_MIN_POINTS = 6;
/**
 * How far back the readings given to a forecast go: the slope needs ten minutes, the band an
 * hour, to see how much the drain rate has moved. Callers pass `pointsSince(now - this)`.
 */
export const DEFAULT_WINDOW_MS = 60 * MIN;
/**
 * A direction is said only when the slope is this many standard errors from zero (Sen's
 * interval): a plateau's noise, read every few seconds all night, must not say "growing".
 */
export const DIRECTION_Z = 4;
/**
 * Nor when the line moves less than this many times the readings' noise across its window:
 * a trend the chart cannot show against its own wobble is flat.
 */
export const FLAT_NOISE = 2;
/** Older readings agree with the recent ones when their line is within this many standard errors of it… */
export const AGREE_Z = 3;
/** …and their readings lie within this many deviations of the longer line… */
export const ASTRAY_Z = 4;
/** …but for this share of them: a spike or two is no turn. */
export const ASTRAY_SHARE = 0.05;
/**
 * A rate that would take more than a day to move the level by its own size is no trend.
 * It also keeps a draining ETA within 24 h, so "23:04" on its own is never ambiguous.
 */
export const FLAT_FRACTION_PER_MIN = 1 / 1440;
/** How often the hub and the charts recompute a forecast: a trend does not turn in a second. */
export const FORECAST_EVERY_MS = 5_000;
/**
 * A newest reading older than this is no evidence of now: a forecast says no trend rather than
 * project a drain that may have stopped, and a lag check is not met on it. A gap this long
 * between two readings breaks a hold (a check's, caught up's, and a calmer alert's pending):
 * nothing was seen in it. A series configured to be read less often gets three of its intervals
 * (staleAfterMs in forecast.ts), never three of the last gap seen, which after an outage is the outage.
 */
export const STALE_MS = 2 * MIN;

// ---- The ETA band ------------------------------------------------------------------------

/** Theil–Sen pairs examined at most: 2,000 spread evenly estimate the median of 180,000 well. */
export const MAX_PAIRS = 2000;
/** The band is two-sided 90 %: "probably between", not "certainly". */
export const SLOPE_CONFIDENCE = 0.9;
/** The normal quantile for SLOPE_CONFIDENCE. */
export const BAND_Z = 1.6449;
/**
 * The drain rate's movement is read between consecutive stretches this long. A rate that
 * wandered between them is taken to go on wandering: the band widens with the square root of
 * the horizon, and with a steady drift of the rate, linearly.
 */
export const RATE_CHUNK_MS = 2 * MIN;
/** Theil–Sen pairs per stretch: an hour of stretches at 1 Hz stays a few milliseconds' work. */
export const CHUNK_PAIRS = 400;

// ---- Alerts ------------------------------------------------------------------------------

/**
 * A level is left downward only once the value is this fraction below its line: a queue
 * hovering at 10,000 against a 10,000 warning would otherwise notify on every poll.
 */
export const HYSTERESIS = 0.05;
/**
 * How long a calmer level, or a change of trend, must hold before it is announced: a noisy
 * queue dips under a margin for a reading or two, and each dip would be a bell at 3 AM.
 */
export const HOLD_MS = 30_000;

// ---- The normal band and "caught up" ----------------------------------------------------

/** Caught up is back within the normal band and held there this long: the alerts' hold, so both say it at once. */
export const SETTLE_MS = HOLD_MS;
/** A band is learned from the readings of this long before processing stopped… */
export const BASELINE_MS = 30 * MIN;
/** …or, before anything stopped, from a series' first readings, before the night's work could build a backlog. */
export const FIRST_READINGS_MS = 10 * MIN;
/** Fewer readings than this are no baseline. */
export const BASELINE_MIN_READINGS = 6;
/**
 * A baseline whose fitted line surely rises or falls by more than this fraction of its range,
 * and by more than its median level, is a trend (a backlog building or draining), not a
 * normal depth.
 */
export const BASELINE_RAMP_FRACTION = 0.5;
/** A learned band is the baseline's range widened by this many times its width on each side: noise an hour later wanders further than in half an hour. */
export const BASELINE_PAD = 1;
/** Without a band set or learned, caught up is at or below this fraction of the peak. */
export const CAUGHT_UP_FRACTION = 0.01;
