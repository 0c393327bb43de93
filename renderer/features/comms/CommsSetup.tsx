import { useCutover } from '../../connection/cutoverStore';
import { BannerEmbed } from './BannerEmbed';
import { BannerSetup } from './BannerSetup';
import { SendersSetup } from './SendersSetup';
import { SlackSetup } from './SlackSetup';
import { StatuspageSetup } from './StatuspageSetup';
import { WebhookSetup } from './WebhookSetup';

type CommsSetupProps = { hub: string };

/** The lead's set-up, folded away once done: destinations, who may send, the banner's tag. */
export function CommsSetup({ hub }: CommsSetupProps) {
  const config = useCutover((s) => s.state.comms.config);
  const cutoverId = useCutover((s) => s.state.info?.id ?? '');
  const on = [config.slack && 'Slack', config.statuspage && 'status page', config.webhook && 'webhook'].filter(Boolean);
  return (
    <details className="comms-fold" data-testid="comms-setup">
      <summary>
        Set up Slack and status pages <span className="hint">{on.length ? `${on.join(', ')} set up` : 'only the banner so far'}</span>
      </summary>
      <div className="comms-setup">
        <SlackSetup />
        <StatuspageSetup />
        <WebhookSetup />
        <SendersSetup />
        {cutoverId && <BannerEmbed hub={hub} cutoverId={cutoverId} />}
        <BannerSetup />
      </div>
    </details>
  );
}
