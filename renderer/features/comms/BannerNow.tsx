import { bannerLine, bannerView } from '@shared/comms';
import { NIGHT_FIELDS, useStateFor } from '../../connection/useStateFor';
import { clockTime } from '../../lib/time';
import { useHubNow } from '../../lib/useNow';
import { useLagSummaries } from './useLagSummaries';

/** What bannerView reads: the messages on the banner, its settings, and the schedule behind the ETA. */
const BANNER_FIELDS = [...NIGHT_FIELDS, 'comms', 'messages', 'messageOrder'] as const;

/** What customers see on the banner right now, word for word, so nobody has to open the website to know. */
export function BannerNow() {
  const state = useStateFor(BANNER_FIELDS);
  const now = useHubNow(15_000);
  // The queues' forecast ends a drain step under way, as on the hub's banner (customerEnd).
  const lag = useLagSummaries(now);
  const banner = bannerView(state, now, lag);
  const tz = state.info?.window.timeZone ?? 'UTC';
  return (
    <p className={`comms-banner-now${banner.active ? ' comms-banner-now--on' : ''}`} data-testid="comms-banner-now">
      <span className="comms-banner-now__label">Customers see</span>
      {banner.active ? (
        <>
          <span>{bannerLine(banner)}</span>
          {banner.until !== null && <span className="hint"> (until {clockTime(banner.until, tz)}, then it comes down)</span>}
        </>
      ) : (
        <span className="hint">no banner{banner.updatedAt ? ' (it came down after the cutover ended)' : ' yet'}</span>
      )}
    </p>
  );
}
