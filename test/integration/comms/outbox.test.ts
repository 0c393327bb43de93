import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import type { CommsConfigInput, Destination } from '@shared/comms';
import { draftPostmortem } from '@shared/postmortem';
import { startFakeSlack, type FakeSlack } from '../../support/fakeSlack';
import { startFakeStatuspage, type FakeStatuspage } from '../../support/fakeStatuspage';
import { live, startTestHub, until, type TestHub, waitFor } from '../../support/hubHarness';

const SECRETS_KEY = Buffer.alloc(32, 3);

type Setup = { h: TestHub; slack: FakeSlack; lead: HubClient };

async function setUp(config: Partial<CommsConfigInput['slack']> = {}): Promise<Setup> {
  const slack = await startFakeSlack();
  const h = await startTestHub({ secretsKey: SECRETS_KEY, slackApiUrl: slack.url, statusIntervalMs: 500 });
  const lead = h.client('lead', 'Lena');
  await live(lead);
  await lead.send('secret.set', { name: 'slack-token', value: slack.token }).done;
  await lead.send('comms.configure', { config: { slack: { channel: '#cutover', tokenSecret: 'slack-token', livingStatus: false, ...config } } }).done;
  return { h, slack, lead };
}

/** Sends an update and returns its message id. */
async function sendUpdate(client: HubClient, text: string, destinations: Destination[] = ['slack']): Promise<string> {
  const [seq] = await client.send('message.send', { text, bannerText: text, state: 'in_progress', destinations }).done;
  await until(client, (c) => c.state.seq >= seq!, 5000, 'the request');
  return client.state.messageOrder.at(-1)!;
}

const delivery = (c: HubClient, id: string, d: Destination = 'slack') => c.state.messages[id]?.deliveries[d];
const postsOf = (slack: FakeSlack, text: string) => slack.messages.filter((m) => m.text === text);

describe('the outbox, against a fake Slack over real HTTP', () => {
  let s: Setup | undefined;
  let page: FakeStatuspage | undefined;
  afterEach(async () => {
    await s?.h.stop();
    await s?.slack.close();
    await page?.close();
    s = page = undefined;
  });

  it('posts once, with the outbox id in the metadata and no secret, and records the permalink', async () => {
    s = await setUp();
    const id = await sendUpdate(s.lead, 'Processing paused: events are queuing', ['slack', 'banner']);
    await until(s.lead, (c) => delivery(c, id)?.status === 'sent' && delivery(c, id, 'banner')?.status === 'sent', 8000, 'both delivered');
    const [post] = postsOf(s.slack, 'Processing paused: events are queuing');
    expect(postsOf(s.slack, 'Processing paused: events are queuing')).toHaveLength(1);
    expect(post!.metadata).toEqual({ event_type: 'warroom_message', event_payload: { outbox_id: `${s.h.cutoverId}:${id}:slack`, cutover_id: s.h.cutoverId } });
    expect(delivery(s.lead, id)).toMatchObject({ status: 'sent', attempts: 1, providerId: `${post!.channel}:${post!.ts}` });
    expect(delivery(s.lead, id)?.permalink).toContain(post!.ts.replace('.', ''));
    expect(JSON.stringify(s.lead.events)).not.toContain(s.slack.token);
    const kinds = s.lead.events
      .filter((e) => e.type.startsWith('delivery.') && e.payload && (e.payload as { destination?: string }).destination === 'slack')
      .map((e) => e.type);
    expect(kinds).toEqual(['delivery.sending', 'delivery.sent']);
  });

  it('honours Retry-After on a 429 and retries a 500, still posting once', async () => {
    s = await setUp();
    s.slack.behave('chat.postMessage', { kind: '429', retryAfterSec: 1 });
    s.slack.behave('chat.postMessage', { kind: '500' });
    const started = Date.now();
    const id = await sendUpdate(s.lead, 'Delayed: new ETA 21:30');
    await until(s.lead, (c) => delivery(c, id)?.status === 'sent', 20_000, 'sent after retries');
    const failures = s.lead.events.filter((e) => e.type === 'delivery.failed');
    expect(failures).toHaveLength(2);
    const first = failures[0]!;
    expect(first.type === 'delivery.failed' && first.payload.retryAt! - first.ts).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(delivery(s.lead, id)?.attempts).toBe(3);
    expect(postsOf(s.slack, 'Delayed: new ETA 21:30')).toHaveLength(1);
  });

  it('keeps a destination in order: a later update waits while an earlier one waits out its retry', async () => {
    s = await setUp();
    s.slack.behave('chat.postMessage', { kind: '500' });
    const started = await sendUpdate(s.lead, 'Maintenance started');
    const complete = await sendUpdate(s.lead, 'Maintenance complete');
    await until(s.lead, (c) => delivery(c, started)?.retryAt !== null && (delivery(c, started)?.retryAt ?? 0) > 0, 8000, 'the first waiting to retry');
    expect(delivery(s.lead, complete)?.status).toBe('queued');
    await until(s.lead, (c) => delivery(c, complete)?.status === 'sent', 20_000, 'both sent');
    expect(delivery(s.lead, started)?.status).toBe('sent');
    expect(s.slack.messages.filter((m) => m.text.startsWith('Maintenance')).map((m) => m.text)).toEqual(['Maintenance started', 'Maintenance complete']);
  });

  it('lets the crew cancel the update holding a lane, and the next goes', async () => {
    s = await setUp();
    s.slack.behave('chat.postMessage', { kind: '500' }, 3);
    const stuck = await sendUpdate(s.lead, 'Stuck update');
    const next = await sendUpdate(s.lead, 'Next update');
    await until(s.lead, (c) => (delivery(c, stuck)?.retryAt ?? 0) > 0, 8000, 'a retry scheduled');
    await s.lead.send('message.cancel', { messageId: stuck, destination: 'slack' }).done;
    await until(s.lead, (c) => delivery(c, next)?.status === 'sent', 20_000, 'the next one sent');
    expect(delivery(s.lead, stuck)?.status).toBe('cancelled');
    expect(s.slack.messages.map((m) => m.text)).toEqual(['Next update']);
  }, 30_000);

  it('gives up on a refused token with a sentence, and sends after the token is fixed and the sender retries', async () => {
    s = await setUp();
    await s.lead.send('secret.set', { name: 'slack-token', value: 'xoxb-fake-test-000-wrong' }).done;
    const id = await sendUpdate(s.lead, 'Change complete');
    await until(s.lead, (c) => delivery(c, id)?.status === 'failed', 8000, 'failed');
    expect(delivery(s.lead, id)).toMatchObject({ attempts: 1, retryAt: null });
    expect(delivery(s.lead, id)?.lastError).toMatch(/invalid_auth/);
    expect(delivery(s.lead, id)?.lastError).not.toContain('xoxb-fake-test-000-wrong');
    await s.lead.send('secret.set', { name: 'slack-token', value: s.slack.token }).done;
    await s.lead.send('message.retry', { messageId: id, destination: 'slack' }).done;
    await until(s.lead, (c) => delivery(c, id)?.status === 'sent', 8000, 'sent after the retry');
    expect(postsOf(s.slack, 'Change complete')).toHaveLength(1);
  });

  it('refuses to retry an update that failed once a later one has reached the same place, so old news never lands after new', async () => {
    s = await setUp();
    await s.lead.send('secret.set', { name: 'slack-token', value: 'xoxb-fake-test-000-wrong' }).done;
    const paused = await sendUpdate(s.lead, 'Processing paused');
    await until(s.lead, (c) => delivery(c, paused)?.status === 'failed', 8000, 'failed');
    await s.lead.send('secret.set', { name: 'slack-token', value: s.slack.token }).done;
    const [seq] = await s.lead.send('message.send', { text: 'Change complete', bannerText: 'Change complete', state: 'completed', destinations: ['slack'] })
      .done;
    await until(s.lead, (c) => c.state.seq >= seq!, 5000, 'the request');
    const complete = s.lead.state.messageOrder.at(-1)!;
    await until(s.lead, (c) => delivery(c, complete)?.status === 'sent', 8000, 'the later update sent');
    // The red chip of the first is still there; a Retry would post "Processing paused" after "Change complete".
    const retried = await s.lead.send('message.retry', { messageId: paused, destination: 'slack' }).done.then(
      () => 'accepted',
      (e: Error) => e.message,
    );
    expect(retried).toBe(
      'A later update has reached Slack since (“Completed”, sent by Lena): retrying this one would post it after that, and readers would be told what is no longer true. Send a new update instead',
    );
    expect(delivery(s.lead, paused)?.status).toBe('failed');
    expect(postsOf(s.slack, 'Processing paused')).toHaveLength(0);
  });

  it('refuses an update written before someone else’s later one to the same place, queued offline, instead of posting it after', async () => {
    s = await setUp();
    const cara = s.h.client('comms', 'Cara');
    const kim = s.h.client('comms', 'Kim');
    await Promise.all([cara, kim].map(live));
    const started = await sendUpdate(cara, 'Maintenance started');
    await until(kim, (c) => c.state.messageOrder.includes(started));
    // Kim's link drops; the update she writes waits in her queue, naming the newest she saw.
    kim.stop();
    const late = kim
      .send('message.send', { text: 'Maintenance in progress', bannerText: 'In progress', state: 'in_progress', destinations: ['slack'], after: started })
      .done.then(
        () => 'accepted',
        (e: Error) => e.message,
      );
    const complete = await s.lead
      .send('message.send', { text: 'Change complete', bannerText: 'Done', state: 'completed', destinations: ['slack'], after: started })
      .done.then(() => s!.lead.state.messageOrder.at(-1)!);
    await until(s.lead, (c) => delivery(c, complete)?.status === 'sent', 8000, 'the later update sent');
    kim.start();
    expect(await late).toMatch(/^Lena sent “Completed” to Slack at \d\d:\d\d, after the updates your screen showed: yours would go out after it\. /);
    expect(postsOf(s.slack, 'Maintenance in progress')).toHaveLength(0);
    // One saying the same state as the later update is a note beside it, and goes.
    await kim.send('message.send', { text: 'Done here too', bannerText: 'Done', state: 'completed', destinations: ['slack'], after: started }).done;
    // Her own updates she has seen: two written offline one after the other both go.
    kim.stop();
    const both = ['Kim: one', 'Kim: two'].map(
      (text) => kim.send('message.send', { text, bannerText: text, state: 'in_progress', destinations: ['slack'], after: complete }).done,
    );
    kim.start();
    await Promise.all(both);
    await until(
      s.lead,
      (c) => c.state.messageOrder.map((id) => c.state.messages[id]!.text).join() === 'Maintenance started,Change complete,Done here too,Kim: one,Kim: two',
    );
    for (const c of [cara, kim]) c.stop();
  });

  // Retry by hand starts the attempts at 0 again; the earlier round's post must still be looked for.
  it('looks Slack up before posting an update retried by hand, so one whose earlier attempt reached Slack is posted once', async () => {
    s = await setUp();
    s.slack.behave('chat.postMessage', { kind: 'dropResponse' }); // attempt 1 is posted, its answer lost
    s.slack.behave('conversations.history', { kind: 'error', error: 'missing_scope' }); // attempt 2 cannot look: failed for good
    const id = await sendUpdate(s.lead, 'Processing paused');
    await until(s.lead, (c) => delivery(c, id)?.status === 'failed', 20_000, 'failed for good');
    await s.lead.send('message.retry', { messageId: id, destination: 'slack' }).done;
    await until(s.lead, (c) => delivery(c, id)?.status === 'sent', 20_000, 'sent after the retry');
    expect(postsOf(s.slack, 'Processing paused')).toHaveLength(1);
    expect(delivery(s.lead, id)?.providerId).toBe(`C0CUTOVER1:${postsOf(s.slack, 'Processing paused')[0]!.ts}`);
  }, 30_000);

  // The look-up before a retry takes time (up to its 10 s timeout), and the crew may cancel meanwhile.
  it('does not post an update cancelled while Slack is looked up before its next attempt, and it stays cancelled', async () => {
    s = await setUp();
    s.slack.behave('chat.postMessage', { kind: '500' }); // attempt 1 fails, nothing posted
    s.slack.behave('conversations.history', { kind: 'hang' }); // attempt 2's look-up hangs until it times out
    const outdated = await sendUpdate(s.lead, 'ETA 21:30 (outdated)');
    await waitFor(() => s!.slack.calls.includes('conversations.history'), 'the look-up before attempt 2', 10_000);
    await s.lead.send('message.cancel', { messageId: outdated, destination: 'slack' }).done;
    // The next update goes once the look-up has ended: by then the cancelled one had its chance to be posted.
    const next = await sendUpdate(s.lead, 'ETA 21:45');
    await until(s.lead, (c) => delivery(c, next)?.status === 'sent', 20_000, 'the next one sent');
    expect(delivery(s.lead, outdated)?.status).toBe('cancelled');
    expect(s.slack.messages.map((m) => m.text)).toEqual(['ETA 21:45']);
  }, 30_000);

  // An update first tried before the status message existed went to the channel: its retry must look there, not in the thread.
  it('threaded: looks for an update where its earlier attempt posted, in the channel before the status thread existed', async () => {
    s = await setUp({ livingStatus: true, threaded: true });
    s.slack.behave('chat.postMessage', { kind: 'dropResponse' }); // posted in the channel (the night not started), answer lost
    const id = await sendUpdate(s.lead, 'Window starting now');
    await until(s.lead, (c) => (delivery(c, id)?.retryAt ?? 0) > 0, 10_000, 'a retry scheduled');
    await s.lead.send('cutover.start', {}).done;
    await until(s.lead, (c) => c.state.comms.refs['slack.status'] !== undefined, 10_000, 'the status message');
    await until(s.lead, (c) => delivery(c, id)?.status === 'sent', 20_000, 'sent');
    expect(postsOf(s.slack, 'Window starting now').map((m) => m.threadTs ?? null)).toEqual([null]);
    const sending = s.lead.events.flatMap((e) => (e.type === 'delivery.sending' && e.payload.messageId === id ? [e.payload.thread] : []));
    expect(sending).toEqual([null]);
  }, 30_000);

  // The first post of a threaded Slack without a status message is the thread's root, even when only the look-up found it.
  it('threaded without a status message: the first update, found after its answer was lost, is the thread the next reply in', async () => {
    s = await setUp({ livingStatus: false, threaded: true });
    s.slack.behave('chat.postMessage', { kind: 'dropResponse' });
    const first = await sendUpdate(s.lead, 'Window starting');
    await until(s.lead, (c) => delivery(c, first)?.status === 'sent', 15_000, 'the first sent');
    const second = await sendUpdate(s.lead, 'Processing paused');
    await until(s.lead, (c) => delivery(c, second)?.status === 'sent', 15_000, 'the second sent');
    const root = postsOf(s.slack, 'Window starting')[0]!.ts;
    expect({ thread: s.lead.state.comms.refs['slack.thread'], reply: postsOf(s.slack, 'Processing paused')[0]!.threadTs }).toEqual({
      thread: root,
      reply: root,
    });
  }, 30_000);

  it('never blocks the crew while Slack keeps failing, and a waiting retry can be cancelled', async () => {
    s = await setUp();
    s.slack.behave('chat.postMessage', { kind: '500' }, 20);
    const id = await sendUpdate(s.lead, 'Still queuing');
    await until(s.lead, (c) => (delivery(c, id)?.retryAt ?? 0) > 0, 8000, 'a retry scheduled');
    const t0 = Date.now();
    await s.lead.send('note.add', { text: 'Sequences are slow', severity: 'issue' }).done;
    expect(Date.now() - t0).toBeLessThan(2000);
    await s.lead.send('message.cancel', { messageId: id, destination: 'slack' }).done;
    expect(delivery(s.lead, id)?.status).toBe('cancelled');
    await expect(s.lead.send('message.retry', { messageId: id, destination: 'slack' }).done).rejects.toThrow(
      'This update is cancelled; only a failed one can be retried',
    );
  });

  it('lets only comms, the lead and those the lead allowed send, and only to what is set up', async () => {
    s = await setUp();
    const operator = s.h.client('operator', 'Dan');
    const comms = s.h.client('comms', 'Cleo');
    await Promise.all([live(operator), live(comms)]);
    const msg = { text: 'Hello', bannerText: '', state: 'in_progress' as const, destinations: ['slack' as const] };
    await expect(operator.send('message.send', msg).done).rejects.toThrow('Only comms, the lead, or someone the lead allowed may send updates');
    await comms.send('message.send', msg).done;
    await s.lead.send('comms.allow', { memberId: operator.member!.id, allowed: true }).done;
    // Other words than Cleo's: the same update within a minute is refused as sent twice.
    await operator.send('message.send', { ...msg, text: 'Hello from Dan' }).done;
    await expect(comms.send('message.send', { ...msg, destinations: ['statuspage'] }).done).rejects.toThrow(
      'The status page is not set up for this cutover yet',
    );
    await expect(comms.send('comms.configure', { config: {} }).done).rejects.toThrow('Comms may not set up Slack and status pages');
    // Customers see only the line written for them, never the crew's message.
    await expect(comms.send('message.send', { ...msg, destinations: ['slack', 'banner'] }).done).rejects.toThrow('Write the customer line');
  });

  it('posts the same update once when two people send it at once', async () => {
    s = await setUp();
    const comms = s.h.client('comms', 'Cleo');
    await live(comms);
    const msg = { text: 'Writes are paused', bannerText: '', state: 'in_progress' as const, destinations: ['slack' as const] };
    const outcomes = await Promise.allSettled([s.lead.send('message.send', msg).done, comms.send('message.send', msg).done]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect((refused.reason as Error).message).toMatch(/^(Lena|Cleo) sent this same update \d+ s ago: it is not posted twice\. Change it to send another$/);
    await waitFor(() => postsOf(s!.slack, 'Writes are paused').length > 0, 'the post');
    await new Promise((r) => setTimeout(r, 300));
    expect(postsOf(s.slack, 'Writes are paused')).toHaveLength(1);
  });

  it('posts a template’s update once when two people send it at once, though a live figure in it moved between them', async () => {
    s = await setUp();
    const comms = s.h.client('comms', 'Cleo');
    await live(comms);
    // The suggested update after a HOLD, filled a second apart on two screens: the lag moved.
    const filled = (rows: string) => ({
      templateId: 'tpl-delayed',
      text: `Holding: replication is ${rows} rows behind`,
      bannerText: 'The maintenance is taking longer than planned.',
      state: 'in_progress' as const,
      destinations: ['slack' as const],
      unedited: true as const,
    });
    const outcomes = await Promise.allSettled([s.lead.send('message.send', filled('12,400')).done, comms.send('message.send', filled('12,380')).done]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    await waitFor(() => s!.slack.messages.some((m) => m.text.startsWith('Holding:')), 'the post');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.slack.messages.filter((m) => m.text.startsWith('Holding:'))).toHaveLength(1);
    // Written by hand, different words are a different update, and go.
    const { unedited: _, ...byHand } = filled('9,000');
    await comms.send('message.send', { ...byHand, text: 'Holding: lag is falling, 9,000 rows' }).done;
  });

  it('keeps one living status message current with chat.update, and threads updates under it', async () => {
    s = await setUp({ livingStatus: true, threaded: true });
    await s.lead.send('cutover.start', {}).done;
    await until(s.lead, (c) => c.state.comms.refs['slack.status'] !== undefined, 8000, 'the status message');
    const statusTs = s.lead.state.comms.refs['slack.status']!;
    const id = await sendUpdate(s.lead, 'Window started');
    await until(s.lead, (c) => delivery(c, id)?.status === 'sent', 8000, 'sent');
    expect(postsOf(s.slack, 'Window started')[0]!.threadTs).toBe(statusTs);
    await s.lead.send('step.start', { stepId: 'a' }).done;
    await waitFor(() => (s!.slack.messages.find((m) => m.ts === statusTs)?.edits ?? 0) > 0, 'an edit of the status message');
    const status = s.slack.messages.find((m) => m.ts === statusTs)!;
    expect(status.text).toMatch(/Progress: 0 of 4 steps/);
    expect(status.edits).toBeGreaterThan(0);
    expect(s.slack.messages.filter((m) => !m.threadTs)).toEqual([expect.objectContaining({ ts: statusTs })]);
    expect(status.metadata?.event_payload).toEqual({ outbox_id: `${s.h.cutoverId}:status`, cutover_id: s.h.cutoverId });
  });

  it('posts the status message once when the answer to posting it is lost: it is found and edited, not posted again', async () => {
    s = await setUp({ livingStatus: true });
    s.slack.behave('chat.postMessage', { kind: 'dropResponse' }); // the status is posted, its answer lost
    await s.lead.send('cutover.start', {}).done;
    const inChannel = () => s!.slack.messages.filter((m) => !m.threadTs);
    await waitFor(() => inChannel().length === 1, 'the status posted');
    expect(s.lead.state.comms.refs['slack.status']).toBeUndefined();
    // The night moves on: the next status finds the one already in the channel and edits it.
    await s.lead.send('step.start', { stepId: 'a' }).done;
    await until(s.lead, (c) => c.state.comms.refs['slack.status'] !== undefined, 8000, 'the status message recorded');
    expect(inChannel()).toHaveLength(1);
    expect(s.lead.state.comms.refs['slack.status']).toBe(inChannel()[0]!.ts);
    expect(inChannel()[0]!.edits).toBeGreaterThan(0);
  });

  it('posts to a webhook whose URL is a hub secret, and the URL stands in no event or file', async () => {
    s = await setUp();
    const hooked: string[] = [];
    const receiver = createServer((req, res) => {
      hooked.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const url = `http://${host}/hooks/warroom?token=url-secret-222`;
    try {
      // A URL in the config itself is refused: the config is in every event and archive.
      await expect(s.lead.send('comms.configure', { config: { webhook: { url, signingSecret: 'webhook-secret' } } }).done).rejects.toThrow(
        /stored as a hub secret/,
      );
      await s.lead.send('secret.set', { name: 'webhook-url', value: url }).done;
      await s.lead.send('secret.set', { name: 'webhook-secret', value: 'whsec-fake-test-222' }).done;
      await s.lead.send('comms.configure', { config: { webhook: { host, urlSecret: 'webhook-url', signingSecret: 'webhook-secret' } } }).done;
      const id = await sendUpdate(s.lead, 'Switch database started', ['webhook']);
      await until(s.lead, (c) => delivery(c, id, 'webhook')?.status === 'sent', 10_000, 'sent to the webhook');
      expect(hooked).toEqual(['/hooks/warroom?token=url-secret-222']);
      expect(JSON.stringify(s.lead.events)).not.toContain('url-secret-222');
      const files = (await readdir(s.h.dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
      expect(files.length).toBeGreaterThan(2);
      for (const f of files) expect(await readFile(join(f.parentPath, f.name), 'utf8'), f.name).not.toContain('url-secret-222');
    } finally {
      receiver.closeAllConnections();
      await new Promise((r) => receiver.close(r));
    }
  });

  it('moves a status page maintenance through its states in order', async () => {
    s = await setUp();
    page = await startFakeStatuspage({ minIntervalMs: 200 });
    await s.lead.send('secret.set', { name: 'sp-key', value: page.apiKey }).done;
    await s.lead.send('comms.configure', { config: { statuspage: { pageId: page.pageId, componentIds: ['cmp1'], apiKeySecret: 'sp-key', apiBase: page.url } } })
      .done;
    for (const state of ['scheduled', 'in_progress', 'verifying', 'completed'] as const) {
      const [seq] = await s.lead.send('message.send', { text: state, bannerText: `Maintenance ${state}`, state, destinations: ['statuspage'] }).done;
      await until(s.lead, (c) => c.state.seq >= seq!, 5000, 'requested');
      const id = s.lead.state.messageOrder.at(-1)!;
      await until(s.lead, (c) => delivery(c, id, 'statuspage')?.status === 'sent', 10_000, `${state} sent`);
    }
    expect(page.incidents).toHaveLength(1);
    expect(page.incidents[0]!.states).toEqual(['scheduled', 'in_progress', 'verifying', 'completed']);
    expect(page.rateLimited()).toBe(0);
  }, 30_000);

  it('announces the maintenance once even when the answer to creating it is lost', async () => {
    s = await setUp();
    page = await startFakeStatuspage({ minIntervalMs: 200 });
    await s.lead.send('secret.set', { name: 'sp-key', value: page.apiKey }).done;
    await s.lead.send('comms.configure', { config: { statuspage: { pageId: page.pageId, componentIds: [], apiKeySecret: 'sp-key', apiBase: page.url } } }).done;
    page.dropNextAnswer();
    const id = await sendUpdate(s.lead, 'Maintenance tonight 19:00–21:00', ['statuspage']);
    await until(s.lead, (c) => delivery(c, id, 'statuspage')?.status === 'sent', 20_000, 'sent after the lost answer');
    expect(s.lead.events.filter((e) => e.type === 'delivery.failed')).toHaveLength(1);
    expect(page.incidents).toHaveLength(1);
    expect(s.lead.state.comms.refs['statuspage.incident']).toBe(page.incidents[0]!.id);
  }, 30_000);

  it('opens no second maintenance after an announcement whose answer was lost is cancelled, and the next update goes', async () => {
    s = await setUp();
    page = await startFakeStatuspage({ minIntervalMs: 100 });
    await s.lead.send('secret.set', { name: 'sp-key', value: page.apiKey }).done;
    await s.lead.send('comms.configure', { config: { statuspage: { pageId: page.pageId, componentIds: [], apiKeySecret: 'sp-key', apiBase: page.url } } }).done;
    page.dropNextAnswer(); // the maintenance is created, its answer lost: the chip says retrying
    const first = await sendUpdate(s.lead, 'Maintenance tonight 19:00–21:00', ['statuspage']);
    await until(s.lead, (c) => delivery(c, first, 'statuspage')?.retryAt != null, 10_000, 'waiting to retry');
    await s.lead.send('message.cancel', { messageId: first, destination: 'statuspage' }).done;
    const second = await sendUpdate(s.lead, 'Maintenance under way', ['statuspage']);
    await until(s.lead, (c) => delivery(c, second, 'statuspage')?.status === 'sent', 20_000, 'the next update sent');
    expect(page.incidents).toHaveLength(1);
    expect(s.lead.state.comms.refs['statuspage.incident']).toBe(page.incidents[0]!.id);
  }, 30_000);

  it('records as sent a Slack update cancelled while it waited to retry, when its first attempt had reached the channel', async () => {
    s = await setUp();
    s.slack.behave('chat.postMessage', { kind: 'dropResponse' }); // posted, its answer lost
    const id = await sendUpdate(s.lead, 'Processing paused');
    await until(s.lead, (c) => delivery(c, id)?.retryAt != null, 10_000, 'waiting to retry');
    await s.lead.send('message.cancel', { messageId: id, destination: 'slack' }).done;
    // The crew can read it in the channel: the record says so, not "cancelled".
    await until(s.lead, (c) => delivery(c, id)?.status === 'sent', 10_000, 'found in the channel');
    expect(postsOf(s.slack, 'Processing paused')).toHaveLength(1);
    expect(delivery(s.lead, id)?.providerId).toBe(`C0CUTOVER1:${postsOf(s.slack, 'Processing paused')[0]!.ts}`);
    // The postmortem's timeline says so too, after the cancel it does not leave standing alone.
    const timeline = draftPostmortem({ state: s.lead.state, events: s.lead.events });
    expect(timeline).toContain('Update to Slack: Processing paused, cancelled');
    expect(timeline).toContain('Update to Slack: Processing paused: it had reached Slack before it was cancelled');
  }, 30_000);

  // Retry by hand starts the attempts at 0 again; the maintenance an earlier round created must still be looked for.
  it('looks for the maintenance before creating it again when an announcement whose answer was lost is retried by hand', async () => {
    s = await setUp();
    page = await startFakeStatuspage({ minIntervalMs: 100 });
    await s.lead.send('secret.set', { name: 'sp-key', value: page.apiKey }).done;
    await s.lead.send('comms.configure', { config: { statuspage: { pageId: page.pageId, componentIds: [], apiKeySecret: 'sp-key', apiBase: page.url } } }).done;
    page.dropNextAnswer(); // attempt 1 creates the maintenance, its answer lost
    const id = await sendUpdate(s.lead, 'Maintenance tonight 19:00–21:00', ['statuspage']);
    await until(s.lead, (c) => (delivery(c, id, 'statuspage')?.retryAt ?? 0) > 0, 15_000, 'a retry scheduled');
    page.failNext(401); // attempt 2's look-up: the key refused, failed for good
    await until(s.lead, (c) => delivery(c, id, 'statuspage')?.status === 'failed', 15_000, 'failed for good');
    await s.lead.send('message.retry', { messageId: id, destination: 'statuspage' }).done;
    await until(s.lead, (c) => delivery(c, id, 'statuspage')?.status === 'sent', 15_000, 'sent after the retry');
    expect(page.incidents).toHaveLength(1);
    expect(s.lead.state.comms.refs['statuspage.incident']).toBe(page.incidents[0]!.id);
  }, 30_000);

  // A maintenance update whose answer was lost was applied all the same: sent again, customers would read it twice.
  it('looks at the maintenance before updating it again, so customers read an update whose answer was lost once', async () => {
    s = await setUp();
    page = await startFakeStatuspage({ minIntervalMs: 100 });
    await s.lead.send('secret.set', { name: 'sp-key', value: page.apiKey }).done;
    await s.lead.send('comms.configure', { config: { statuspage: { pageId: page.pageId, componentIds: [], apiKeySecret: 'sp-key', apiBase: page.url } } }).done;
    const announced = await sendUpdate(s.lead, 'Maintenance tonight 19:00–21:00', ['statuspage']);
    await until(s.lead, (c) => delivery(c, announced, 'statuspage')?.status === 'sent', 15_000, 'announced');
    page.dropNextAnswer(); // the move to in progress is applied, its answer lost
    const id = await sendUpdate(s.lead, 'Maintenance in progress', ['statuspage']);
    await until(s.lead, (c) => delivery(c, id, 'statuspage')?.status === 'sent', 15_000, 'sent after the lost answer');
    expect(page.incidents[0]!.bodies).toEqual(['Maintenance tonight 19:00–21:00', 'Maintenance in progress']);
    expect(delivery(s.lead, id, 'statuspage')).toMatchObject({ attempts: 2, providerId: page.incidents[0]!.id });
  }, 30_000);
});
