import { bannerView } from '../../../shared/comms';
import { useCutover } from '../../connection/cutoverStore';
import { useHubNow } from '../../lib/useNow';

/** What customers see on the banner right now, so nobody has to open the website to know. */
export function BannerNow() {
  const state = useCutover((s) => s.state);
  const now = useHubNow(15_000);
  const banner = bannerView(state, now);
  return (
    <p className={`comms-banner-now${banner.active ? ' comms-banner-now--on' : ''}`} data-testid="comms-banner-now">
      <span className="comms-banner-now__label">Customers see</span>
      {banner.active ? <span>{banner.text}</span> : <span className="hint">no banner{banner.updatedAt ? ' (it came down when the cutover ended)' : ' yet'}</span>}
    </p>
  );
}
