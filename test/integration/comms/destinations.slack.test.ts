import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackDestination, type SlackDestinationOptions } from '../../../electron/hub/comms/destinations/slack';
import { DeliveryError, type OutboundMessage } from '../../../electron/hub/comms/destinations/types';
import { startFakeSlack, type FakeSlack } from '../../support/fakeSlack';

// The real WebClient from @slack/web-api talks to a fake Slack on loopback over real HTTP.
const TOKEN = 'xoxb-fake-test-000';
let slack: FakeSlack;
beforeEach(async () => {
  slack = await startFakeSlack({ token: TOKEN });
});
afterEach(async () => slack.close());

const dest = (extra: Partial<SlackDestinationOptions> = {}) =>
  new SlackDestination({ token: TOKEN, channel: '#cutover', slackApiUrl: slack.url, timeoutMs: 3000, ...extra });
const msg = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  outboxId: 'ob-1',
  cutoverId: 'cut-1',
  cutoverTitle: 'Database cutover',
  text: '*Switch database* started',
  bannerText: 'Maintenance in progress',
  state: 'in_progress',
  ...over,
});

/** The failure, checked to be a DeliveryError that never mentions a token. */
async function failure(p: Promise<unknown>, ...secrets: string[]): Promise<DeliveryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  for (const secret of [TOKEN, ...secrets]) expect((err as DeliveryError).message).not.toContain(secret);
  return err as DeliveryError;
}
const count = (method: string) => slack.calls.filter((c) => c === method).length;

describe('SlackDestination.check', () => {
  it('answers the team, the bot and the channel id for a channel given by name', async () => {
    expect(await dest().check()).toEqual({ team: 'Acme', botUser: 'warroom', channelId: 'C0CUTOVER1' });
    expect(slack.calls).toEqual(['auth.test', 'conversations.list', 'conversations.history']);
  });

  it('accepts a channel id and a bare name, and pages through a long channel list', async () => {
    expect((await dest({ channel: 'C0CUTOVER1' }).check()).channelId).toBe('C0CUTOVER1');
    expect(slack.calls).toContain('conversations.info');
    await slack.close();
    const many = Array.from({ length: 7 }, (_, i) => ({ id: `C0OTHER00${i}`, name: `other-${i}`, isMember: false }));
    slack = await startFakeSlack({ token: TOKEN, maxPage: 2, channels: [...many, { id: 'C0LAST0001', name: 'cutover', isMember: true }] });
    expect((await dest({ channel: 'Cutover' }).check()).channelId).toBe('C0LAST0001');
    expect(count('conversations.list')).toBe(4);
  });

  it('refuses a bad token with a sentence that says what to paste, and never echoes it', async () => {
    const err = await failure(dest({ token: 'xoxb-wrong-999' }).check(), 'xoxb-wrong-999');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('Slack refused the token (invalid_auth): paste a bot token that starts with xoxb-.');
  });

  it('names the missing scope', async () => {
    slack.scopes.splice(slack.scopes.indexOf('channels:read'), 1);
    const err = await failure(dest().check());
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('channels:read');
    slack.scopes.push('channels:read');
    slack.scopes.splice(slack.scopes.indexOf('channels:history'), 1);
    expect((await failure(dest().check())).message).toContain('channels:history');
    slack.scopes.splice(slack.scopes.indexOf('chat:write'), 1);
    expect((await failure(dest().check())).message).toContain('chat:write');
  });

  it('says so when the channel does not exist or the bot is not in it', async () => {
    const missing = await failure(dest({ channel: '#nope' }).check());
    expect(missing.retryable).toBe(false);
    expect(missing.message).toContain('#nope');
    const outside = await failure(dest({ channel: '#general' }).check());
    expect(outside.message).toBe('The bot is not in #general: invite it with /invite @warroom.');
    expect((await failure(dest({ channel: 'C0NOSUCH01' }).check())).message).toContain('C0NOSUCH01');
    expect((await failure(dest({ channel: '#C0CUTOVER1' }).check())).message).toContain('#c0cutover1'); // # means a name
  });

  it('calls an unreachable Slack retryable', async () => {
    const url = slack.url;
    await slack.close();
    const err = await failure(dest({ slackApiUrl: url }).check());
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/^Could not reach Slack/);
    slack = await startFakeSlack({ token: TOKEN });
  });
});

describe('SlackDestination.post', () => {
  it('posts text and blocks with the outbox id in metadata and the token only in the header', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Switch database* started' } }];
    const delivered = await dest().post(msg({ blocks }));
    const [posted] = slack.messages;
    expect(delivered.providerId).toBe(`C0CUTOVER1:${posted!.ts}`);
    expect(delivered.permalink).toContain(posted!.ts.replace('.', ''));
    expect(posted).toMatchObject({ channel: 'C0CUTOVER1', text: '*Switch database* started', blocks });
    expect(posted!.metadata).toEqual({ event_type: 'warroom_message', event_payload: { outbox_id: 'ob-1', cutover_id: 'cut-1' } });
    for (const r of slack.requests) {
      expect(r.body).not.toContain(TOKEN);
      expect(r.authorization).toBe(`Bearer ${TOKEN}`);
    }
  });

  it('still delivers when the permalink cannot be fetched', async () => {
    slack.behave('chat.getPermalink', { kind: '500' });
    const delivered = await dest().post(msg());
    expect(delivered.providerId).toMatch(/^C0CUTOVER1:\d+\.\d{6}$/);
    expect(delivered.permalink).toBeUndefined();
  });

  it('after a response lost mid-flight, findPosted finds the message so the outbox never posts it twice', async () => {
    const since = Date.now() - 1000;
    const d = dest();
    slack.behave('chat.postMessage', { kind: 'dropResponse' });
    const err = await failure(d.post(msg()));
    expect(err.retryable).toBe(true);
    expect(slack.messages).toHaveLength(1); // Slack did post it
    const found = await d.findPosted('ob-1', since);
    expect(found?.providerId).toBe(`C0CUTOVER1:${slack.messages[0]!.ts}`);
    expect(await d.findPosted('ob-never-sent', since)).toBeNull();
    expect(await d.findPosted('ob-1', Date.now() + 60_000)).toBeNull(); // only looks after `since`
  });

  it('findPosted pages through history and looks in the thread when posting into one', async () => {
    await slack.close();
    slack = await startFakeSlack({ token: TOKEN, maxPage: 2 });
    const d = dest();
    const since = Date.now() - 1000;
    for (let i = 1; i <= 5; i++) await d.post(msg({ outboxId: `ob-${i}` }));
    expect((await d.findPosted('ob-1', since))?.providerId).toBe(`C0CUTOVER1:${slack.messages[0]!.ts}`);
    expect(count('conversations.history')).toBe(3);
    const parent = slack.messages[0]!.ts;
    const threaded = dest({ threadTs: parent });
    await threaded.post(msg({ outboxId: 'ob-reply' }));
    expect(slack.messages.at(-1)!.threadTs).toBe(parent);
    expect((await threaded.findPosted('ob-reply', since))?.providerId).toBe(`C0CUTOVER1:${slack.messages.at(-1)!.ts}`);
    expect(slack.calls).toContain('conversations.replies');
  });

  it('maps a 429 to retryable with Retry-After, without retrying inside the client', async () => {
    slack.behave('chat.postMessage', { kind: '429', retryAfterSec: 7 });
    const err = await failure(dest().post(msg()));
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 7000 });
    expect(count('chat.postMessage')).toBe(1);
    expect(slack.messages).toHaveLength(0);
  });

  it('maps a 500 to retryable, once', async () => {
    slack.behave('chat.postMessage', { kind: '500' });
    const err = await failure(dest().post(msg()));
    expect(err.retryable).toBe(true);
    expect(err.message).toBe('Slack answered HTTP 500: will retry.');
    expect(count('chat.postMessage')).toBe(1);
  });

  it('gives up on a hung Slack after the timeout, retryable', async () => {
    slack.behave('chat.postMessage', { kind: 'hang' });
    const started = Date.now();
    const err = await failure(dest({ timeoutMs: 300 }).post(msg()));
    expect(err.retryable).toBe(true);
    expect(err.message).toBe('Slack did not answer in time: will retry.');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('refuses to post where the bot is not a member, and says how to fix it', async () => {
    const err = await failure(dest({ channel: 'C0GENERAL1' }).post(msg()));
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('The bot is not in channel C0GENERAL1: invite it with /invite @warroom.');
  });
});

describe('SlackDestination living status', () => {
  it('updates the status message in place, and pins it once', async () => {
    const d = dest();
    const { ts } = await d.upsertStatus(null, 'Phase 1 of 3: stopping writes');
    const again = await d.upsertStatus(ts, 'Phase 2 of 3: switching database', [{ type: 'divider' }]);
    expect(again.ts).toBe(ts);
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]).toMatchObject({ text: 'Phase 2 of 3: switching database', edits: 1, blocks: [{ type: 'divider' }] });
    await d.pin(ts);
    await d.pin(ts); // already_pinned is fine
    expect(slack.messages[0]!.pinned).toBe(true);
  });

  it('posts a new status message when the old one was deleted', async () => {
    const d = dest();
    const { ts } = await d.upsertStatus(null, 'Phase 1 of 3');
    slack.messages.splice(0, 1);
    const fresh = await d.upsertStatus(ts, 'Phase 2 of 3');
    expect(fresh.ts).not.toBe(ts);
    expect(slack.messages.map((m) => m.text)).toEqual(['Phase 2 of 3']);
  });

  it('passes other update failures on', async () => {
    const d = dest();
    const { ts } = await d.upsertStatus(null, 'Phase 1 of 3');
    slack.behave('chat.update', { kind: '429', retryAfterSec: 2 });
    expect(await failure(d.upsertStatus(ts, 'Phase 2 of 3'))).toMatchObject({ retryable: true, retryAfterMs: 2000 });
    expect(slack.messages).toHaveLength(1);
  });
});
