import type { CutoverState } from '@shared/cutover';
import { connect, type ConnectOptions } from './connect';
import { DeliveryError } from './destinations/types';

export type CheckResult = { ok: true; detail: string } | { ok: false; error: string };

/**
 * "Test" beside a destination in the comms set-up: Slack's auth.test and channel (with a
 * sentence naming a missing scope), the status page's key and page, the webhook's answer.
 * Nothing is posted to Slack or the status page; the webhook receives a signed test ping.
 * It answers "Works: …" or the reason it does not, never what the outbox would do next
 * ("will retry"): nothing retries a test.
 */
export async function checkDestination(state: CutoverState, destination: 'slack' | 'statuspage' | 'webhook', opts: ConnectOptions): Promise<CheckResult> {
  try {
    if (destination === 'slack') {
      const slack = connect(state, 'slack', opts);
      const { team, botUser, channelId } = await slack.check();
      return { ok: true, detail: `Works: Slack team ${team}, posting to ${slack.channelLabel} (${channelId}) as @${botUser}` };
    }
    if (destination === 'statuspage') {
      const page = await connect(state, 'statuspage', opts).check();
      return { ok: true, detail: `Works: status page ${page.name} takes the key` };
    }
    const webhook = connect(state, 'webhook', opts);
    await webhook.deliver({
      outboxId: `check-${opts.now()}`,
      cutoverId: state.info?.id ?? '',
      cutoverTitle: state.info?.title ?? '',
      text: 'Warroom test: the webhook is set up.',
      bannerText: '',
      state: 'scheduled',
    });
    return { ok: true, detail: 'Works: the webhook answered the signed test' };
  } catch (e) {
    return { ok: false, error: e instanceof DeliveryError ? e.reason : (e as Error).message };
  }
}
