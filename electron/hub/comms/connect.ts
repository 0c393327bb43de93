import type { CutoverState } from '@shared/cutover';
import type { Destination } from '@shared/comms';
import type { SecretVault } from '../secrets/vault';
import { SlackDestination } from './destinations/slack';
import { StatuspageDestination } from './destinations/statuspage';
import { DeliveryError } from './destinations/types';
import { WebhookDestination } from './destinations/webhook';

export type ConnectOptions = {
  vault: SecretVault;
  /** Where the Slack Web API lives; tests point it at a fake on loopback. */
  slackApiUrl?: string;
  now: () => number;
};

export type Connected = { slack: SlackDestination; statuspage: StatuspageDestination; webhook: WebhookDestination };

const secretOf = (vault: SecretVault, name: string, what: string): string => {
  const value = vault.get(name);
  // Not retryable by waiting: someone has to store the secret (it is retried by hand then).
  if (value === undefined) throw new DeliveryError(`${what}: the secret "${name}" is not set on this hub`, false);
  return value;
};

/**
 * A client for one destination, built from the cutover's comms config and the hub's
 * secrets each time it is needed, so a token stored or a channel changed mid-night takes
 * effect on the next delivery without restarting anything.
 */
export function connect<D extends Exclude<Destination, 'banner'>>(state: CutoverState, destination: D, opts: ConnectOptions, threadTs?: string): Connected[D] {
  const { slack, statuspage, webhook } = state.comms.config;
  switch (destination) {
    case 'slack': {
      if (!slack) throw new DeliveryError('Slack is not set up for this cutover', false);
      return new SlackDestination({
        token: secretOf(opts.vault, slack.tokenSecret, 'Slack'),
        channel: slack.channel,
        ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}),
        ...(threadTs ? { threadTs } : {}),
      }) as Connected[D];
    }
    case 'statuspage': {
      if (!statuspage) throw new DeliveryError('The status page is not set up for this cutover', false);
      return new StatuspageDestination({
        apiKey: secretOf(opts.vault, statuspage.apiKeySecret, 'Statuspage'),
        pageId: statuspage.pageId,
        componentIds: statuspage.componentIds,
        ...(statuspage.apiBase ? { apiBase: statuspage.apiBase } : {}),
      }) as Connected[D];
    }
    default: {
      if (!webhook) throw new DeliveryError('The webhook is not set up for this cutover', false);
      // A journal from before the URL became a secret still names it in the config.
      const url = 'url' in webhook ? webhook.url : secretOf(opts.vault, webhook.urlSecret, 'The webhook');
      return new WebhookDestination({ url, secret: secretOf(opts.vault, webhook.signingSecret, 'The webhook'), now: opts.now }) as Connected[D];
    }
  }
}
