import { describe, expect, it } from 'vitest';
import { SeriesConfigSchema, SOURCE_KINDS, type SeriesConfig, type SeriesConfigInput, type SourceConfig } from '@shared/metrics';
import {
  buildSeries,
  formFromSeries,
  newSeriesForm,
  slugify,
  sourceFromForm,
  typedSecrets,
  withDraft,
  withId,
  withName,
  withSecretValue,
  withValue,
  withoutSecretValues,
  type SeriesForm,
} from '../../../renderer/features/lagSetup/seriesForm';
import { defaultSecretName } from '../../../renderer/features/lagSetup/sourceForm';
import { KINDS } from '../../../renderer/features/lagSetup/sourceKinds';

const series = (source: SourceConfig | Record<string, unknown>, more: Partial<SeriesConfigInput> = {}): SeriesConfig =>
  SeriesConfigSchema.parse({
    id: 'replica-lag',
    name: 'Replica lag',
    unit: 'seconds',
    group: 'Database',
    intervalSec: 10,
    timeoutSec: 3,
    warning: 30,
    critical: 120,
    source,
    ...more,
  });

/** One saved source of every kind, with every field and secret it can carry. */
const EVERY_KIND: SourceConfig[] = [
  { kind: 'prometheus', url: 'http://prom:9090', query: 'sum(queue_depth)', bearerSecret: 'prom-token' },
  { kind: 'postgres', url: 'postgres://monitor@db:5432/app', query: 'select 42', passwordSecret: 'replica-lag-password' },
  { kind: 'mysql', url: 'mysql://monitor@db:3306/app', query: 'select count(*) from outbox' },
  { kind: 'rabbitmq', url: 'amqp://monitor@rabbit:5672/', queue: 'alarms', measure: 'consumers', passwordSecret: 'rabbit' },
  { kind: 'redis', url: 'redis://cache:6379/0', key: 'jobs', measure: 'pending', group: 'workers', passwordSecret: 'redis-pw' },
  { kind: 'nats', url: 'nats://nats:4222', stream: 'EVENTS', consumer: 'indexer', tokenSecret: 'nats-token' },
  {
    kind: 'cloudwatch',
    region: 'eu-west-1',
    endpoint: 'http://localstack:4566',
    namespace: 'AWS/SQS',
    metricName: 'ApproximateNumberOfMessagesVisible',
    dimensions: [
      { name: 'QueueName', value: 'alarms' },
      { name: 'Env', value: 'prod' },
    ],
    stat: 'Average',
    periodSec: 300,
    accessKeyIdSecret: 'aws-id',
    secretAccessKeySecret: 'aws-key',
  },
  {
    kind: 'http',
    url: 'https://status/api',
    pointer: '/lag/seconds',
    headers: { Accept: 'application/json', 'X-Env': 'prod' },
    headerSecrets: { Authorization: 'status-auth' },
  },
  { kind: 'push' },
  { kind: 'simulated', stopStep: 'stop-processing', restartStep: 'restart-processing', inflowPerSec: 12, drainPerSec: 30, noise: 0.1 },
];

const filled = (f: SeriesForm, values: Record<string, string>): SeriesForm => Object.entries(values).reduce((g, [k, v]) => withValue(g, k, v), f);
const issueOf = (f: SeriesForm, ids: string[] = []) => {
  const r = buildSeries(f, ids);
  return r.ok ? null : r.issue;
};

describe('a form and the series it stands for', () => {
  it('has a form for every kind of source the schema knows', () => {
    expect(KINDS.map((k) => k.kind).sort()).toEqual([...SOURCE_KINDS].sort());
  });

  it.each(EVERY_KIND.map((s) => [s.kind, s] as const))('gives back the same %s series after a trip through the form', (_kind, source) => {
    const saved = series(source);
    const r = buildSeries(formFromSeries(saved), []);
    expect(r).toEqual({ ok: true, series: saved });
  });

  it('keeps an edited series’ id, whatever its name becomes', () => {
    const f = withId(withName(formFromSeries(series(EVERY_KIND[1]!)), 'Replica delay'), 'other');
    expect(f.id).toBe('replica-lag');
  });

  it('leaves out a series’ optional numbers rather than sending zeros', () => {
    const f = filled(withName(newSeriesForm('postgres'), 'Outbox'), { url: 'postgres://postgres@127.0.0.1:5432/test', query: 'select 42' });
    const r = buildSeries({ ...f, intervalSec: '', timeoutSec: '' }, []);
    expect(r.ok && r.series).toMatchObject({
      id: 'outbox',
      intervalSec: 5,
      timeoutSec: 5,
      warning: null,
      critical: null,
      group: '',
      source: { kind: 'postgres', query: 'select 42' },
    });
    expect(r.ok && 'passwordSecret' in r.series.source).toBe(false);
  });

  it('keeps what was typed for one kind when the kind is switched away and back', () => {
    let f = filled(newSeriesForm('redis'), { url: 'redis://x:6379', key: 'jobs' });
    f = { ...f, kind: 'nats' };
    f = { ...f, kind: 'redis' };
    expect(sourceFromForm(f)).toMatchObject({ ok: true, source: { kind: 'redis', url: 'redis://x:6379', key: 'jobs', measure: 'list' } });
  });

  it('asks for Redis’ consumer group only when counting pending messages', () => {
    const f = filled(newSeriesForm('redis'), { url: 'redis://x:6379', key: 'jobs', group: 'workers' });
    expect(sourceFromForm(f)).toMatchObject({ ok: true, source: { measure: 'list' } });
    expect(sourceFromForm(f).ok && 'group' in (sourceFromForm(f) as { source: object }).source).toBe(false);
    expect(sourceFromForm(withValue(f, 'measure', 'pending'))).toMatchObject({ ok: true, source: { measure: 'pending', group: 'workers' } });
  });
});

describe('ids', () => {
  it('makes an id from the name, in lowercase words joined by dashes', () => {
    expect(slugify('Alarm queue (EU)')).toBe('alarm-queue-eu');
    expect(slugify('  Réplica — lag  ')).toBe('replica-lag');
    expect(slugify('!!!')).toBe('');
    expect(slugify('x'.repeat(80))).toHaveLength(48);
  });

  it('lets the id follow the name until someone types one', () => {
    let f = withName(newSeriesForm(), 'Alarm queue');
    expect(f.id).toBe('alarm-queue');
    f = withName(withId(f, 'alarms'), 'Alarm queue EU');
    expect(f.id).toBe('alarms');
  });

  it('refuses an id that is not a slug, or that another series has already', () => {
    const f = filled(withName(newSeriesForm('push'), 'Alarms'), {});
    expect(issueOf(withId(f, 'Alarm Queue'))).toEqual({ field: 'id', message: 'An id is lowercase letters and digits, with single dashes between' });
    expect(issueOf(f, ['alarms'])).toEqual({ field: 'id', message: 'A series with the id “alarms” exists already: edit that one, or change the id' });
    expect(issueOf(withName(newSeriesForm('push'), '%%'))?.field).toBe('id');
  });
});

describe('secrets', () => {
  it('names a secret after the series until someone renames it', () => {
    expect(defaultSecretName('replica-lag', 'password')).toBe('replica-lag-password');
    expect(defaultSecretName('x'.repeat(64), 'secret-access-key')).toHaveLength(64);
    const f = withDraft(withName(newSeriesForm('postgres'), 'Replica lag'), { useSecrets: true });
    expect(sourceFromForm(filled(f, { url: 'postgres://m@db/app', query: 'select 1' }))).toMatchObject({
      ok: true,
      source: { passwordSecret: 'replica-lag-password' },
    });
    expect(sourceFromForm(filled(f, { url: 'postgres://m@db/app', query: 'select 1', passwordSecret: 'pg-ro' }))).toMatchObject({
      ok: true,
      source: { passwordSecret: 'pg-ro' },
    });
  });

  it('uses no secret until the source is said to need one', () => {
    const f = filled(withName(newSeriesForm('nats'), 'Indexer'), { url: 'nats://n:4222', stream: 'S', consumer: 'c' });
    expect(sourceFromForm(f)).toEqual({ ok: true, source: { kind: 'nats', url: 'nats://n:4222', stream: 'S', consumer: 'c' } });
  });

  it('stores only the values that were typed, and forgets them once sent', () => {
    let f = withDraft(withName(newSeriesForm('cloudwatch'), 'SQS depth'), { useSecrets: true });
    f = withSecretValue(f, 'secretAccessKeySecret', 'wJalr…');
    expect(typedSecrets(f)).toEqual([{ name: 'sqs-depth-secret-access-key', value: 'wJalr…' }]);
    expect(typedSecrets(withoutSecretValues(f))).toEqual([]);
  });

  it('keeps a typed value when the secret is renamed', () => {
    const f = withValue(
      withSecretValue(withDraft(withName(newSeriesForm('nats'), 'Q'), { useSecrets: true }), 'tokenSecret', 's3cret'),
      'tokenSecret',
      'nats-ro',
    );
    expect(typedSecrets(f)).toEqual([{ name: 'nats-ro', value: 's3cret' }]);
  });

  it('sends HTTP’s secret header as a header named after a secret', () => {
    const f = filled(withDraft(withName(newSeriesForm('http'), 'Status lag'), { useSecrets: true }), { url: 'https://s/api' });
    expect(sourceFromForm(f)).toMatchObject({ ok: true, source: { headerSecrets: { Authorization: 'status-lag-header' }, headers: {} } });
    expect(sourceFromForm(withValue(f, 'secretHeader', ' '))).toEqual({
      ok: false,
      issue: { field: 'source.secretHeader', message: 'Header name is required' },
    });
  });
});

describe('what the form says is wrong', () => {
  const pg = filled(withName(newSeriesForm('postgres'), 'Replica lag'), { url: 'postgres://monitor@db:5432/app', query: 'select 1' });

  it('says the warning line must not be above the critical one', () => {
    expect(issueOf({ ...pg, warning: '500', critical: '100' })).toEqual({
      field: 'warning',
      message: 'The warning threshold must not be above the critical one',
    });
    expect(issueOf({ ...pg, warning: '100', critical: '100' })).toBeNull();
  });

  it('asks for a name, and for the fields a kind cannot do without', () => {
    expect(issueOf(withName(pg, ' '))).toEqual({ field: 'name', message: 'Give the series a name' });
    expect(issueOf(withValue(pg, 'query', '  '))).toEqual({ field: 'source.query', message: 'Query is required' });
    expect(issueOf(filled(withName(newSeriesForm('cloudwatch'), 'q'), { region: 'eu-west-1', namespace: 'AWS/SQS' }))).toEqual({
      field: 'source.metricName',
      message: 'Metric is required',
    });
  });

  it('says which number is not one, or out of range', () => {
    expect(issueOf({ ...pg, warning: 'ten' })).toEqual({ field: 'warning', message: 'The warning threshold must be a number' });
    expect(issueOf({ ...pg, critical: '-1' })).toEqual({ field: 'critical', message: 'The critical threshold must not be negative' });
    expect(issueOf({ ...pg, intervalSec: '0.5' })).toEqual({ field: 'intervalSec', message: 'The interval must be at least 1 s' });
    expect(issueOf({ ...pg, timeoutSec: '500' })).toEqual({ field: 'timeoutSec', message: 'The timeout must be at most 120 s' });
  });

  it('names the problem highest on the form first', () => {
    const both = { ...withValue(pg, 'query', ''), warning: '500', critical: '100' };
    expect(issueOf(both)?.field).toBe('warning');
    expect(issueOf({ ...both, critical: '' })?.field).toBe('source.query');
  });

  it('puts a bad secret header name next to the secret header', () => {
    const f = withValue(withDraft(filled(withName(newSeriesForm('http'), 'S'), { url: 'https://s' }), { useSecrets: true }), 'headerSecret', 'no spaces');
    expect(issueOf(f)).toEqual({ field: 'source.headerSecret', message: 'A secret name is letters, digits, dot, dash or underscore (up to 64)' });
  });

  it('keeps passwords out of connection URLs', () => {
    expect(issueOf(withValue(pg, 'url', 'postgres://monitor:hunter2@db:5432/app'))).toEqual({
      field: 'source.url',
      message: 'Put the password in a secret, not in the URL',
    });
    expect(issueOf(withValue(pg, 'url', 'postgres://monitor@db:5432/app?sslmode=require'))).toBeNull();
  });

  it('says which line of a list is not a pair', () => {
    const cw = filled(withName(newSeriesForm('cloudwatch'), 'q'), { region: 'r', namespace: 'n', metricName: 'm', dimensions: 'QueueName=alarms\n\nbroken' });
    expect(issueOf(cw)).toEqual({ field: 'source.dimensions', message: 'Line 3 of Dimensions is not “name=value”' });
  });

  it('passes on the schema’s own sentence for a secret name it cannot take', () => {
    const f = withValue(withDraft(pg, { useSecrets: true }), 'passwordSecret', 'has space');
    expect(issueOf(f)).toEqual({ field: 'source.passwordSecret', message: 'A secret name is letters, digits, dot, dash or underscore (up to 64)' });
  });
});
