import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeArchive } from '@shared/archive';
import { draftPostmortem } from '@shared/postmortem';
import type { HubClient } from '@shared/client';
import type { SampleBatch, SeriesConfigInput } from '@shared/metrics';
import { exportArchive } from '../../../electron/hub/transport/archiveRoute';
import { live, startTestHub, until, type TestHub, waitFor } from '../../support/hubHarness';
import { requireService, unique } from '../../support/services';

const SECRETS_KEY = Buffer.alloc(32, 7);

const pushSeries = (extra: Partial<SeriesConfigInput> = {}): SeriesConfigInput => ({
  id: 'alarm-queue',
  name: 'Alarm queue',
  unit: 'count',
  warning: 100,
  critical: 500,
  source: { kind: 'push' },
  ...extra,
});

/** Every sample a client hears, by series, live and history apart. */
function collect(client: HubClient) {
  const live: Record<string, number[]> = {};
  const history: SampleBatch[][] = [];
  client.onSamples((batches, isHistory) => {
    if (isHistory) return void history.push(batches);
    for (const b of batches) (live[b.s] ??= []).push(...b.v);
  });
  return { live, history };
}

async function push(
  h: TestHub,
  token: string,
  body: string,
  type = 'application/json',
): Promise<{ status: number; json: { accepted?: number; errors?: string[]; error?: string } }> {
  const res = await fetch(`${h.hub.url}/api/cutovers/${h.cutoverId}/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  return { status: res.status, json: (await res.json()) as { accepted?: number; errors?: string[] } };
}

describe('lag series through a real hub', () => {
  let h: TestHub | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('takes pushed readings, broadcasts them live and raises threshold alerts on the timeline', async () => {
    h = await startTestHub();
    const lead = h.client('lead', 'Lena');
    const watcher = h.client('observer', 'Olga');
    await Promise.all([live(lead), live(watcher)]);
    const seen = collect(watcher);
    await lead.send('series.define', { series: pushSeries() }).done;

    // Readings older than the last one are dropped, so these carry their own increasing times.
    const t0 = Date.now() - 10_000;
    const json = await push(
      h,
      h.tokens.operator,
      JSON.stringify({
        samples: [
          { series: 'alarm-queue', value: 40, t: t0 },
          { series: 'alarm-queue', value: 120, t: t0 + 1000 },
        ],
      }),
    );
    expect(json).toEqual({ status: 200, json: { accepted: 2, errors: [] } });
    const text = await push(h, h.tokens.lead, `# HELP alarm_queue queued alarms\nalarm_queue{site="all"} 650\nunknown_metric 3\n`, 'text/plain');
    expect(text.status).toBe(200);
    expect(text.json.accepted).toBe(1);
    expect(text.json.errors).toEqual(['line 3: no series is named unknown_metric']);

    await waitFor(() => (seen.live['alarm-queue'] ?? []).length === 3, 'three live points');
    expect(seen.live['alarm-queue']).toEqual([40, 120, 650]);
    await until(watcher, (c) => c.state.seriesStatus['alarm-queue']?.level === 'critical', 5000, 'critical level');
    const alerts = watcher.events.filter((e) => e.type === 'series.alerted').map((e) => (e.type === 'series.alerted' ? e.payload.kind : ''));
    expect(alerts).toEqual(['warning', 'critical']);
  });

  it('stops taking pushes on an invite whose member the lead demoted', async () => {
    h = await startTestHub();
    const lead = h.client('lead', 'Lena');
    const oscar = h.client('operator', 'Oscar');
    await Promise.all([live(lead), live(oscar)]);
    await lead.send('series.define', { series: pushSeries() }).done;
    const reading = (value: number) => JSON.stringify({ series: 'alarm-queue', value, t: Date.now() });
    expect(await push(h, h.tokens.operator, reading(1))).toEqual({ status: 200, json: { accepted: 1, errors: [] } });
    await lead.send('member.setRole', { memberId: oscar.member!.id, role: 'observer' }).done;
    expect(await push(h, h.tokens.operator, reading(2))).toEqual({
      status: 403,
      json: { error: 'The lead made Oscar, who joined with this invite, an observer: it may no longer push samples' },
    });
    await lead.send('member.setRole', { memberId: oscar.member!.id, role: 'operator' }).done;
    expect((await push(h, h.tokens.operator, reading(3))).json).toEqual({ accepted: 1, errors: [] });
  });

  it('refuses a second series under a name already on the board, and lets a series keep its own', async () => {
    h = await startTestHub();
    const lead = h.client('lead');
    await live(lead);
    await lead.send('series.define', { series: pushSeries() }).done;
    const again = lead.send('series.define', { series: pushSeries({ id: 'demo-queue', name: ' alarm QUEUE ', source: { kind: 'push' } }) }).done;
    await expect(again).rejects.toThrow('There is already a series named “Alarm queue”: give this one another name');
    // Redefining the same series (new thresholds) keeps its name.
    await lead.send('series.define', { series: pushSeries({ warning: 200 }) }).done;
    await until(lead, (c) => c.state.series['alarm-queue']?.warning === 200);
    expect(lead.state.seriesOrder).toEqual(['alarm-queue']);
  });

  it('refuses pushes without a crew token, for unknown series, and for polled series', async () => {
    h = await startTestHub();
    const lead = h.client('lead');
    await live(lead);
    await lead.send('series.define', { series: pushSeries({ id: 'polled', name: 'Polled queue', source: { kind: 'http', url: 'http://127.0.0.1:9/x' } }) })
      .done;
    expect((await push(h, 'not-a-token', '{"series":"polled","value":1}')).status).toBe(401);
    expect(await push(h, h.tokens.observer, '{"series":"polled","value":1}')).toEqual({
      status: 403,
      json: { error: 'Only a lead or operator invite may push samples' },
    });
    expect((await push(h, h.tokens.lead, '{"series":"nope","value":1}')).json.errors).toEqual(['There is no series "nope"']);
    expect((await push(h, h.tokens.lead, '{"series":"polled","value":1}')).json.errors).toEqual(['Series "polled" is polled by the hub, not pushed']);
    expect((await push(h, h.tokens.lead, '{"series":"polled","value":')).json.errors).toEqual(['The body is not valid JSON']);
    await lead.send('series.define', { series: pushSeries() }).done;
    // Two readings a second apart, from a minute ago, sent in the wrong order.
    const t0 = Date.now() - 60_000;
    const late = await push(
      h,
      h.tokens.lead,
      JSON.stringify({
        samples: [
          { series: 'alarm-queue', value: 1, t: t0 + 2000 },
          { series: 'alarm-queue', value: 2, t: t0 + 1000 },
        ],
      }),
    );
    expect(late).toEqual({
      status: 200,
      json: { accepted: 1, errors: ['A reading for "alarm-queue" is older than the last one, or repeats it, and was dropped'] },
    });
    // A retried push repeats its last reading: kept once. Another value at that instant is a reading of its own.
    const retried = await push(
      h,
      h.tokens.lead,
      JSON.stringify({
        samples: [
          { series: 'alarm-queue', value: 1, t: t0 + 2000 },
          { series: 'alarm-queue', value: 3, t: t0 + 2000 },
        ],
      }),
    );
    expect(retried.json).toEqual({ accepted: 1, errors: ['A reading for "alarm-queue" is older than the last one, or repeats it, and was dropped'] });
    // A clock gone wrong must not wedge the series (every later reading "older") or the archive.
    const future = await push(h, h.tokens.lead, `alarm_queue 5 99999999999999\nalarm_queue 6 -5\n`, 'text/plain');
    expect(future.json.errors).toEqual([
      'line 2: not a sample line',
      'A reading for "alarm-queue" is timed more than a day ahead of the hub\'s clock (more than 5 s) and was not kept: check the clock of the machine pushing it, or leave "t" out to use the hub\'s',
    ]);
    expect((await push(h, h.tokens.lead, JSON.stringify({ series: 'alarm-queue', value: 7, t: Date.now() }))).json.accepted).toBe(1);
    // A password never stands in a source's URL: it would be in every event and archive.
    const withPassword = { id: 'pg', name: 'Replica', source: { kind: 'postgres' as const, url: 'postgres://app:hunter2@db/prod', query: 'select 1' } };
    await expect(lead.send('series.define', { series: withPassword }).done).rejects.toThrow('Put the password in a secret, not in the URL');
  });

  it('keeps samples across a restart and backfills a joining client with them, then the archive', async () => {
    h = await startTestHub();
    const lead = h.client('lead');
    await live(lead);
    await lead.send('series.define', { series: pushSeries({ warning: null, critical: null }) }).done;
    const t0 = Date.now() - 60_000;
    const samples = Array.from({ length: 50 }, (_, i) => ({ series: 'alarm-queue', value: 1000 - i * 10, t: t0 + i * 1000 }));
    expect((await push(h, h.tokens.lead, JSON.stringify({ samples }))).json.accepted).toBe(50);
    const { dir, cutoverId } = h;
    await h.hub.close(); // flushes the last batch

    const again = await startTestHub({ dataDir: dir });
    // The harness made a second cutover; the first one is the one with samples.
    const first = again.hub.registry.get(cutoverId)!;
    const archive = await exportArchive(again.hub, cutoverId, { now: () => t0 });
    const decoded = await decodeArchive(archive!.text);
    expect(decoded.ok && decoded.archive.samples).toEqual([{ s: 'alarm-queue', t: samples.map((s) => s.t), v: samples.map((s) => s.value) }]);
    expect(first.metrics.history().map((b) => b.v.length)).toEqual([50]);
    h = again;
  });

  it('keeps a removed series’ readings in the archive, so the postmortem tells its night', async () => {
    h = await startTestHub();
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('series.define', { series: pushSeries() }).done;
    // The alarm queue goes critical (500), drains, and the crew removes its chart.
    const t0 = Date.now() - 60_000;
    const values = [100, 400, 900, 1200, 800, 300, 0, 0];
    const samples = values.map((value, i) => ({ series: 'alarm-queue', value, t: t0 + i * 5000 }));
    expect((await push(h, h.tokens.lead, JSON.stringify({ samples }))).json.accepted).toBe(values.length);
    await lead.send('series.remove', { seriesId: 'alarm-queue' }).done;

    const archive = await exportArchive(h.hub, h.cutoverId);
    const decoded = await decodeArchive(archive!.text);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.archive.samples).toEqual([{ s: 'alarm-queue', t: samples.map((x) => x.t), v: values }]);
    const md = draftPostmortem({ state: decoded.state, events: decoded.archive.events, samples: decoded.archive.samples });
    expect(md).not.toContain('**Alarm queue**: no readings were recorded.');
    expect(md).toMatch(/\*\*Alarm queue\*\*: peaked at 1,200 at /);
  });

  it('stores a secret encrypted on the hub and records only its name', async () => {
    h = await startTestHub({ secretsKey: SECRETS_KEY });
    const lead = h.client('lead');
    const operator = h.client('operator');
    await Promise.all([live(lead), live(operator)]);
    const value = 'pg-Sup3r-S3cret-xyzzy';
    await expect(operator.send('secret.set', { name: 'pg-password', value }).done).rejects.toThrow('An operator may not store secrets on the hub');
    await lead.send('secret.set', { name: 'pg-password', value }).done;
    expect(lead.state.secretNames).toEqual(['pg-password']);
    expect(h.hub.registry.get(h.cutoverId)!.secrets.get('pg-password')).toBe(value);
    // An operator may not point a source at a secret: the source would send it wherever its URL says.
    const leak = { kind: 'http' as const, url: 'http://127.0.0.1:9/x', headerSecrets: { 'x-leak': 'pg-password' } };
    await expect(operator.send('series.define', { series: { id: 'leak', name: 'Leak', source: leak } }).done).rejects.toThrow(
      'Only the lead may set up a series that uses a hub secret',
    );
    expect(await operator.probe(leak)).toEqual({ ok: false, error: 'Only the lead may test a source that uses a hub secret' });
    const journal = await readFile(join(h.dir, 'cutovers', h.cutoverId, 'journal.jsonl'), 'utf8');
    const vaultFile = await readFile(join(h.dir, 'secrets.enc'));
    expect(journal).toContain('"secret.stored"');
    expect(journal).not.toContain(value);
    expect(vaultFile.includes(Buffer.from(value))).toBe(false);
  });

  it('refuses to store a secret when the hub has no key, and says how to give one', async () => {
    h = await startTestHub();
    const lead = h.client('lead');
    await live(lead);
    await expect(lead.send('secret.set', { name: 'slack-token', value: 'xoxb-fake-test-000' }).done).rejects.toThrow(
      /WARROOM_SECRETS_KEY.*WARROOM_SECRET_SLACK_TOKEN/,
    );
    expect(lead.state.secretNames).toEqual([]);
  });
});

describe('a polled series against the real PostgreSQL', async () => {
  const available = await requireService('PostgreSQL', '127.0.0.1', 5432);
  let h: TestHub | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it.runIf(available)('polls a count, tests a source on request, and reports a dead source on its chart', async () => {
    const table = unique('outbox');
    const db = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
    await db.connect();
    try {
      await db.query(`create table ${table} (id serial primary key)`);
      await db.query(`insert into ${table} select from generate_series(1, 42)`);
      h = await startTestHub();
      const lead = h.client('lead');
      const observer = h.client('observer');
      await Promise.all([live(lead), live(observer)]);
      const seen = collect(lead);
      const source = { kind: 'postgres' as const, url: 'postgres://postgres@127.0.0.1:5432/test', query: `select count(*) from ${table}` };
      expect(await lead.probe(source)).toEqual({ ok: true, value: 42, detail: 'Read 42' });
      expect(await observer.probe(source)).toEqual({ ok: false, error: 'Only the lead or an operator may test lag sources' });

      await lead.send('series.define', { series: { id: 'outbox', name: 'Outbox', intervalSec: 1, source } }).done;
      await waitFor(() => (seen.live.outbox ?? []).includes(42), 'the first reading');
      await db.query(`insert into ${table} select from generate_series(1, 8)`);
      await waitFor(() => (seen.live.outbox ?? []).includes(50), 'the reading after the insert');

      await lead.send('series.define', {
        series: {
          id: 'dead',
          name: 'Replica lag',
          unit: 'seconds',
          intervalSec: 1,
          timeoutSec: 2,
          source: { ...source, url: 'postgres://postgres@127.0.0.1:1/test' },
        },
      }).done;
      await until(lead, (c) => c.state.seriesStatus.dead?.source === 'down', 8000, 'the dead source');
      expect(lead.state.seriesStatus.dead?.message).toMatch(/^Replica lag down: connection refused/);
    } finally {
      await db.query(`drop table if exists ${table}`).catch(() => undefined);
      await db.end();
    }
  });
});
