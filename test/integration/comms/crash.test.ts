import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import { startFakeSlack } from '../../support/fakeSlack';
import { live, nodeClient, tempDir, until, waitFor } from '../../support/hubHarness';
import { cutoverOnDisk, spawnHub } from '../../support/spawnHub';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('a hub killed between posting to Slack and recording it', () => {
  it('posts every update exactly once after the restart', { timeout: 60_000 }, async () => {
    const slack = await startFakeSlack();
    const dir = await tempDir('warroom-outbox-crash-');
    dirs.push(dir);
    const { cutoverId, leadToken: token } = await cutoverOnDisk(dir);
    const env = { WARROOM_SECRET_SLACK_TOKEN: slack.token };
    const args = ['--slack-api-url', slack.url];
    let client: HubClient | null = null;
    try {
      // The standalone hub takes the token from its environment: the config names it only.
      const { proc, url } = await spawnHub(dir, args, env);
      client = nodeClient(url, cutoverId, token, 'Lena');
      client.start();
      await live(client);
      await client.send('comms.configure', { config: { slack: { channel: '#cutover', tokenSecret: 'slack-token', livingStatus: false } } }).done;
      // Slack takes the first post and never answers: the hub dies waiting.
      slack.behave('chat.postMessage', { kind: 'acceptAndHang' });
      for (const text of ['one', 'two', 'three'])
        await client.send('message.send', { text, bannerText: '', state: 'in_progress', destinations: ['slack'] }).done;
      await waitFor(() => slack.messages.some((m) => m.text === 'one'), 'the first post to reach Slack');
      proc.kill('SIGKILL');
      await new Promise((r) => proc.once('exit', r));
      client.stop();

      const again = await spawnHub(dir, args, env);
      try {
        client = nodeClient(again.url, cutoverId, token, 'Lena');
        client.start();
        await live(client);
        const sent = (c: HubClient) => c.state.messageOrder.every((id) => c.state.messages[id]?.deliveries.slack?.status === 'sent');
        await until(client, (c) => c.state.messageOrder.length === 3 && sent(c), 15_000, 'all three sent');
        expect(['one', 'two', 'three'].map((text) => slack.messages.filter((m) => m.text === text).length)).toEqual([1, 1, 1]);
        // The first was found in the channel's history, not sent again.
        const first = client.state.messageOrder[0]!;
        const sendings = client.events.filter((e) => e.type === 'delivery.sending' && e.payload.messageId === first);
        expect(sendings).toHaveLength(1);
        expect(slack.calls).toContain('conversations.history');
      } finally {
        again.proc.kill('SIGTERM');
        await new Promise((r) => again.proc.once('exit', r));
      }
    } finally {
      client?.stop();
      await slack.close();
    }
  });
});
