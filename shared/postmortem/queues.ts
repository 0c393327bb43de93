import { CAUGHT_UP_FRACTION, FIRST_READINGS_MS, SETTLE_MS } from '../metrics/constants';
import { formatValue } from '../metrics/format';
import { capitalise, duration, list, oneLine, span, when, type Ctx, type TimelineLine } from './context';
import { lagWentWrong, type Drain, type Episode, type SeriesLag, type SourceOutage } from './lag';

type Seen = Extract<Drain, { kind: 'seen' }>;
type Unseen = Extract<Drain, { kind: 'unseen' }>;

/*
 * The lag series in words. A series gets one sentence of verdict under "What went to plan"
 * or "What did not" (that is where a reader looks first, and seed 000's whole complaint was
 * a queue that took too long to drain), and its full record under "## Queues and lag",
 * after "What did not": peak, lines crossed and when, the drain, and any time its source
 * could not be read. The section is the reference; the verdict says what it meant.
 * A series that crossed its critical line or was never caught up did not go to plan.
 */

const value = (s: SeriesLag, v: number) => formatValue(v, s.unit);
const named = (s: SeriesLag) => oneLine(s.name) || s.seriesId;
const spans = (ctx: Ctx, eps: readonly Episode[]) => eps.map((e) => span(ctx, e.from, e.to)).join(' and ');
const range = (s: SeriesLag, n: NonNullable<SeriesLag['normal']>) => (n.low === n.high ? value(s, n.high) : `${value(s, n.low)}\u2013${value(s, n.high)}`);
/** A series that never rose above its normal band had no backlog to catch up: "not caught up" would be false. */
const inNormal = (s: SeriesLag) => (s.normal && s.normal.source !== 'peak' && s.peak && s.peak.v <= s.floor ? range(s, s.normal) : null);

function drainPhrase(ctx: Ctx, s: SeriesLag, drain: Seen): string {
  const from = s.drainFrom;
  const restart = from && from.restartOf !== null && from.t !== s.peak?.t ? ` from the restart of ${oneLine(from.restartOf)} at ${when(ctx, from.t)}` : '';
  return `took ${duration(drain.ms)} to drain${restart}, caught up at ${when(ctx, drain.at)}`;
}

/** A drain nobody saw (lag.ts): the readings stopped above the floor and came back at or below it. */
const unseen = (ctx: Ctx, s: SeriesLag, { gap }: Unseen) =>
  `it had no readings ${span(ctx, gap.from, gap.to)} and read ${value(s, s.caughtUp?.v ?? 0)} when they resumed, so when it drained is not known`;

const stillAt = (ctx: Ctx, s: SeriesLag) => (s.last ? ` (still ${value(s, s.last.v)} at ${when(ctx, s.last.t)})` : '');
const criticalTail = (ctx: Ctx, s: SeriesLag) =>
  s.criticalEpisodes.length
    ? `; it was over its critical line${s.critical === null ? '' : ` (${value(s, s.critical)})`} ${spans(ctx, s.criticalEpisodes)}`
    : '';

/** The one-sentence verdict of a series, or null when it has nothing to say (no readings). */
function verdict(ctx: Ctx, s: SeriesLag): string | null {
  const { peak } = s;
  if (!peak) return null;
  const name = capitalise(named(s));
  if (peak.v <= 0) return `${name} stayed at ${value(s, Math.max(0, peak.v))}.`;
  const normal = inNormal(s);
  if (normal) return `${name} stayed within its normal range (${normal}).`;
  const peaked = `peaked at ${value(s, peak.v)} at ${when(ctx, peak.t)}`;
  const drain = s.drain ?? { kind: 'none' };
  if (drain.kind === 'none') return `${name} was not caught up by the end of the record${stillAt(ctx, s)}; it ${peaked}${criticalTail(ctx, s)}.`;
  if (drain.kind === 'unseen') return `${name} ${peaked}; ${unseen(ctx, s, drain)}${criticalTail(ctx, s)}.`;
  return `${name} ${peaked} and ${drainPhrase(ctx, s, drain)}${criticalTail(ctx, s)}.`;
}

function outageVerdict(ctx: Ctx, s: SeriesLag, o: SourceOutage): string {
  const reason = o.reason ? `: ${oneLine(o.reason)}` : '';
  return o.to === null
    ? `The ${named(s)} source went down at ${when(ctx, o.from)} and was not back by the end of the record${reason}.`
    : `The ${named(s)} source was down for ${duration(o.to - o.from)} (${span(ctx, o.from, o.to)})${reason}.`;
}

/** Items for "What went to plan". */
export const lagWentToPlan = (ctx: Ctx): string[] => ctx.lag.series.filter((s) => !lagWentWrong(s)).flatMap((s) => verdict(ctx, s) ?? []);

/** Items for "What did not": series that went wrong, then every time a source could not be read. */
export function lagDidNotGoToPlan(ctx: Ctx): string[] {
  const series = ctx.lag.series;
  return [...series.filter(lagWentWrong).flatMap((s) => verdict(ctx, s) ?? []), ...series.flatMap((s) => s.sourceDown.map((o) => outageVerdict(ctx, s, o)))];
}

function thresholds(ctx: Ctx, s: SeriesLag): string[] {
  const parts: string[] = [];
  if (s.warningEpisodes.length) parts.push(`above its warning line${s.warning === null ? '' : ` (${value(s, s.warning)})`} ${spans(ctx, s.warningEpisodes)}`);
  if (s.criticalEpisodes.length)
    parts.push(`over its critical line${s.critical === null ? '' : ` (${value(s, s.critical)})`} ${spans(ctx, s.criticalEpisodes)}`);
  const line = s.warning ?? s.critical;
  if (!parts.length && line !== null && s.readings > 0) parts.push(`stayed under its ${s.warning !== null ? 'warning' : 'critical'} line (${value(s, line)})`);
  return parts;
}

function seriesLine(ctx: Ctx, s: SeriesLag): string {
  const head = `**${named(s)}**: `;
  const { peak } = s;
  if (!peak) return `${head}no readings were recorded.`;
  if (peak.v <= 0) return `${head}stayed at ${value(s, Math.max(0, peak.v))} over ${s.readings} readings.`;
  const normal = inNormal(s);
  if (normal) return `${head}stayed within its normal range (${normal}) over ${s.readings} readings.`;
  const parts = [`peaked at ${value(s, peak.v)} at ${when(ctx, peak.t)}`, ...thresholds(ctx, s)];
  const drain = s.drain;
  if (drain?.kind === 'unseen') parts.push(unseen(ctx, s, drain));
  else if (drain?.kind === 'seen') {
    const after = s.drainFrom?.restartOf != null ? `${oneLine(s.drainFrom.restartOf)} restarted at ${when(ctx, s.drainFrom.t)}` : 'the peak';
    parts.push(`caught up at ${when(ctx, drain.at)} (${value(s, s.caughtUp?.v ?? 0)}), ${duration(drain.ms)} after ${after}`);
  } else parts.push(`not caught up by the end of the record${stillAt(ctx, s)}`);
  return `${head}${parts.join('; ')}.`;
}

function outageLine(ctx: Ctx, s: SeriesLag, o: SourceOutage): string {
  const reason = o.reason ? `: ${oneLine(o.reason)}` : '';
  return `${capitalise(named(s))} source down ${span(ctx, o.from, o.to)}${reason}`;
}

/** "## Queues and lag": every series' record, then its source outages. */
export function queuesAndLag(ctx: Ctx): string {
  const { series, readings } = ctx.lag;
  const outages = series.flatMap((s) => s.sourceDown.map((o) => outageLine(ctx, s, o)));
  if (readings === 0)
    return [`No lag was recorded${series.length ? `: no readings for ${series.map(named).join(', ')}` : ''}.`, list(outages, '')].filter((p) => p).join('\n\n');
  return [list([...series.map((s) => seriesLine(ctx, s)), ...outages], ''), caughtUpNote(series)].filter((p) => p).join('\n\n');
}

/** Where each series' normal range came from: "caught up" is only as good as it, so the draft says. */
function caughtUpNote(series: readonly SeriesLag[]): string {
  const how = series.flatMap((s) => {
    const n = s.normal;
    if (!n || !s.peak || s.peak.v <= 0) return [];
    const from =
      n.source === 'set'
        ? 'as set for it'
        : n.source === 'stopped'
          ? `as it read before ${oneLine(n.outage ?? 'processing')} stopped`
          : n.source === 'first'
            ? `as it read in its first ${duration(FIRST_READINGS_MS)}`
            : `${CAUGHT_UP_FRACTION * 100}% of its peak, as no normal range was set or could be read`;
    return [`${named(s)} ${n.source === 'peak' ? `up to ${value(s, n.high)}` : range(s, n)}, ${from}`];
  });
  return how.length ? `Caught up means back within the normal range and staying there for ${duration(SETTLE_MS)}: ${how.join('; ')}.` : '';
}

/** Timeline moments no single event marks: each series' catching up. */
export function caughtUpLines(series: readonly SeriesLag[]): TimelineLine[] {
  return series.flatMap((s) =>
    s.caughtUp && s.peak && (s.drain?.kind === 'seen' || s.drain?.kind === 'unseen')
      ? [
          {
            at: s.caughtUp.t,
            kind: 'queue' as const,
            text:
              s.drain.kind === 'unseen'
                ? `${capitalise(named(s))} read ${value(s, s.caughtUp.v)} when its readings resumed, down from a peak of ${value(s, s.peak.v)}`
                : `${capitalise(named(s))} caught up: ${value(s, s.caughtUp.v)}, down from a peak of ${value(s, s.peak.v)}`,
          },
        ]
      : [],
  );
}
