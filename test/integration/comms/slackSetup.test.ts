import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../support/fakeSlack';
import { live, startTestHub, type TestHub } from '../../support/hubHarness';

/*
 * Slack set up on a hub that was given the bot token in its environment, and "Test" against
 * the fake Slack: it says that it works, or why not, and never what the outbox would do next.
 */

const ENV = 'WARROOM_SECRET_SLACK_TOKEN';
const SLACK = { channel: '#cutover', tokenSecret: 'slack-token', livingStatus: false };

describe('Slack set-up through a real hub and a fake Slack', () => {
  let h: TestHub | undefined;
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    delete process.env[ENV];
    await h?.stop();
    await slack?.close();
    h = slack = undefined;
  });

  it('tells a joining screen which secrets its environment gives (names only), and uses that token', async () => {
    slack = await startFakeSlack();
    process.env[ENV] = slack.token;
    h = await startTestHub({ slackApiUrl: slack.url });
    const lead = h.client('lead', 'Lena');
    await live(lead);
    expect(lead.envSecrets).toContain(ENV);
    expect(JSON.stringify(lead.envSecrets)).not.toContain(slack.token);
    // Nothing was stored: the token is the environment's, and the record says nothing of it.
    expect(lead.state.secretNames).toEqual([]);
    await lead.send('comms.configure', { config: { slack: SLACK } }).done;
    expect(await lead.checkComms('slack')).toMatchObject({ ok: true, detail: 'Works: Slack team Acme, posting to #cutover (C0CUTOVER1) as @warroom' });
  });

  it('answers "Test" with the reason Slack gave, never "will retry"', async () => {
    slack = await startFakeSlack();
    process.env[ENV] = slack.token;
    h = await startTestHub({ slackApiUrl: slack.url });
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await lead.send('comms.configure', { config: { slack: SLACK } }).done;

    const answers: unknown[] = [];
    for (const behaviour of [
      { kind: '500' },
      { kind: '429', retryAfterSec: 30 },
      { kind: 'error', error: 'internal_error' },
      { kind: 'error', error: 'invalid_auth' },
    ] as const) {
      slack.behave('auth.test', behaviour);
      answers.push(await lead.checkComms('slack'));
    }
    expect(answers).toEqual([
      { ok: false, error: 'Slack answered HTTP 500.' },
      { ok: false, error: 'Slack is rate limiting us: try again in 30 s.' },
      { ok: false, error: 'Slack said internal_error.' },
      { ok: false, error: 'Slack refused the token (invalid_auth): paste a bot token that starts with xoxb-.' },
    ]);
    await lead.send('comms.configure', { config: { slack: { ...SLACK, channel: '#nowhere' } } }).done;
    expect(await lead.checkComms('slack')).toEqual({
      ok: false,
      error: 'Slack cannot find #nowhere: check the name, or paste the channel id (C…) for a private channel.',
    });
  });
});
