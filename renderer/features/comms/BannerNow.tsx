import { bannerLine, bannerView } from '../../../shared/comms';
import { useCutover } from '../../connection/cutoverStore';
import { clockTime } from '../../lib/time';
import { useHubNow } from '../../lib/useNow';

/** What customers see on the banner right now, word for word, so nobody has to open the website to know. */
export function BannerNow() {
  const state = useCutover((s) => s.state);
  const now = useHubNow(15_000);
  const banner = bannerView(state, now);
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
