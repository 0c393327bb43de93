import type { SourceKind } from '@shared/metrics';

/*
 * What the dialog asks for each kind of lag source, as data: one table instead of ten
 * components. `key` is the source config's own property, so form ↔ config is generic.
 */

export type Option = { value: string; label: string };

export type FieldSpec = {
  key: string;
  label: string;
  /** `pairs`: one `name=value` (or `Name: value`) per line; `step`: a runbook step. */
  type: 'text' | 'url' | 'multiline' | 'number' | 'select' | 'step' | 'pairs';
  placeholder?: string;
  hint?: string;
  options?: readonly Option[];
  /** What a new form holds; selects start at their first option. */
  initial?: string;
  pairs?: { separator: '=' | ':'; as: 'list' | 'record' };
  /** The field only applies for some values of the others (Redis' group, for "pending"). */
  showWhen?: (values: Readonly<Record<string, string>>) => boolean;
  /** Short enough to share a row with its neighbour. */
  half?: boolean;
  /** A connection URL: a password in it would end up in every event and archive. */
  credentialsInUrl?: boolean;
};

/** One secret: the config property holding its name, and how a default name ends. */
export type SecretSpec = { key: string; label: string; suffix: string };

/** A source's secrets, switched on together (CloudWatch needs both keys or neither). */
export type SecretGroup = {
  toggle: string;
  offHint: string;
  secrets: readonly SecretSpec[];
  /** Plain fields that belong with the secret (the HTTP header's name). */
  fields?: readonly FieldSpec[];
};

export type KindSpec = {
  kind: SourceKind;
  label: string;
  /** How the list names the kind, where the select's words are too long. */
  short?: string;
  fields: readonly FieldSpec[];
  secrets?: SecretGroup;
  /** Push and the demo are not read by the hub, so there is nothing to test. */
  polled: boolean;
};

const PASSWORD: SecretGroup = {
  toggle: 'The server needs a password',
  offHint: 'No password is sent.',
  secrets: [{ key: 'passwordSecret', label: 'Password', suffix: 'password' }],
};

const sql = (kind: 'postgres' | 'mysql', label: string, url: string, query: string): KindSpec => ({
  kind,
  label,
  polled: true,
  fields: [
    { key: 'url', label: 'Connection URL', type: 'url', placeholder: url, hint: 'Without the password: that goes in a secret below.', credentialsInUrl: true },
    { key: 'query', label: 'Query', type: 'multiline', placeholder: query, hint: 'The first column of the first row is the reading.' },
  ],
  secrets: PASSWORD,
});

export const KINDS: readonly KindSpec[] = [
  {
    kind: 'prometheus',
    label: 'Prometheus',
    polled: true,
    fields: [
      { key: 'url', label: 'Prometheus URL', type: 'url', placeholder: 'http://prometheus:9090' },
      {
        key: 'query',
        label: 'PromQL query',
        type: 'multiline',
        placeholder: 'sum(rabbitmq_queue_messages_ready{queue="alarms"})',
        hint: 'An instant query; the first sample is the reading.',
      },
    ],
    secrets: {
      toggle: 'Send a bearer token',
      offHint: 'No Authorization header is sent.',
      secrets: [{ key: 'bearerSecret', label: 'Bearer token', suffix: 'token' }],
    },
  },
  sql('postgres', 'PostgreSQL', 'postgres://monitor@db-replica:5432/app', 'select extract(epoch from now() - pg_last_xact_replay_timestamp())'),
  sql('mysql', 'MySQL / MariaDB', 'mysql://monitor@db:3306/app', 'select count(*) from outbox where sent_at is null'),
  {
    kind: 'rabbitmq',
    label: 'RabbitMQ',
    polled: true,
    fields: [
      { key: 'url', label: 'AMQP URL', type: 'url', placeholder: 'amqp://monitor@rabbit:5672/vhost', hint: 'Without the password.', credentialsInUrl: true },
      { key: 'queue', label: 'Queue', type: 'text', placeholder: 'alarms', half: true },
      {
        key: 'measure',
        label: 'Measure',
        type: 'select',
        half: true,
        options: [
          { value: 'messages', label: 'Ready messages' },
          { value: 'consumers', label: 'Consumers' },
        ],
      },
    ],
    secrets: PASSWORD,
  },
  {
    kind: 'redis',
    label: 'Redis',
    polled: true,
    fields: [
      { key: 'url', label: 'Redis URL', type: 'url', placeholder: 'redis://cache:6379/0', hint: 'Without the password.', credentialsInUrl: true },
      { key: 'key', label: 'Key', type: 'text', placeholder: 'jobs', half: true },
      {
        key: 'measure',
        label: 'Measure',
        type: 'select',
        half: true,
        options: [
          { value: 'list', label: 'List length (LLEN)' },
          { value: 'stream', label: 'Stream length (XLEN)' },
          { value: 'pending', label: 'Pending (XPENDING)' },
        ],
      },
      { key: 'group', label: 'Consumer group', type: 'text', placeholder: 'workers', showWhen: (v) => v.measure === 'pending', half: true },
    ],
    secrets: PASSWORD,
  },
  {
    kind: 'nats',
    label: 'NATS JetStream',
    polled: true,
    fields: [
      { key: 'url', label: 'NATS URL', type: 'url', placeholder: 'nats://nats:4222', credentialsInUrl: true },
      { key: 'stream', label: 'Stream', type: 'text', placeholder: 'EVENTS', half: true },
      { key: 'consumer', label: 'Consumer', type: 'text', placeholder: 'indexer', hint: 'Pending and unacknowledged messages are the reading.', half: true },
    ],
    secrets: { toggle: 'The server needs a token', offHint: 'No token is sent.', secrets: [{ key: 'tokenSecret', label: 'Token', suffix: 'token' }] },
  },
  {
    kind: 'cloudwatch',
    label: 'AWS CloudWatch',
    polled: true,
    fields: [
      { key: 'region', label: 'Region', type: 'text', placeholder: 'eu-west-1', half: true },
      { key: 'endpoint', label: 'Endpoint override (optional)', type: 'url', placeholder: 'http://localstack:4566', half: true },
      { key: 'namespace', label: 'Namespace', type: 'text', placeholder: 'AWS/SQS', half: true },
      { key: 'metricName', label: 'Metric', type: 'text', placeholder: 'ApproximateNumberOfMessagesVisible', half: true },
      { key: 'dimensions', label: 'Dimensions, one name=value a line', type: 'pairs', placeholder: 'QueueName=alarms', pairs: { separator: '=', as: 'list' } },
      { key: 'stat', label: 'Statistic', type: 'text', initial: 'Maximum', placeholder: 'Maximum, Average, Sum, p99…', half: true },
      { key: 'periodSec', label: 'Period (s)', type: 'number', initial: '60', half: true },
    ],
    secrets: {
      toggle: 'Use access keys stored on the hub',
      offHint: 'The hub uses its own AWS credentials (environment, profile or instance role).',
      secrets: [
        { key: 'accessKeyIdSecret', label: 'Access key id', suffix: 'access-key-id' },
        { key: 'secretAccessKeySecret', label: 'Secret access key', suffix: 'secret-access-key' },
      ],
    },
  },
  {
    kind: 'http',
    label: 'HTTP JSON',
    polled: true,
    fields: [
      { key: 'url', label: 'URL', type: 'url', placeholder: 'https://status.internal/api/lag' },
      {
        key: 'pointer',
        label: 'JSON pointer',
        type: 'text',
        placeholder: '/replication/lagSeconds',
        hint: 'Where the number is in the answer; empty when the answer is the number.',
      },
      {
        key: 'headers',
        label: 'Headers, one Name: value a line (not secret)',
        type: 'pairs',
        placeholder: 'Accept: application/json',
        pairs: { separator: ':', as: 'record' },
      },
    ],
    secrets: {
      toggle: 'Send a secret header',
      offHint: 'No secret header is sent.',
      fields: [{ key: 'secretHeader', label: 'Header name', type: 'text', initial: 'Authorization' }],
      secrets: [{ key: 'headerSecret', label: 'Header value', suffix: 'header' }],
    },
  },
  { kind: 'push', label: 'Push to the hub', polled: false, fields: [] },
  {
    kind: 'simulated',
    label: 'Demo (simulated backlog)',
    short: 'Demo',
    polled: false,
    fields: [
      { key: 'stopStep', label: 'Builds up from step', type: 'step' },
      { key: 'restartStep', label: 'Drains after step', type: 'step' },
      { key: 'inflowPerSec', label: 'Inflow per second', type: 'number', initial: '20', half: true },
      { key: 'drainPerSec', label: 'Drain per second', type: 'number', initial: '35', half: true },
      { key: 'noise', label: 'Noise (0–1)', type: 'number', initial: '0.05', half: true },
    ],
  },
];

export function kindSpec(kind: SourceKind): KindSpec {
  const spec = KINDS.find((k) => k.kind === kind);
  if (!spec) throw new Error(`No form for source kind ${kind}`);
  return spec;
}

/** The fields that apply now: those without a condition, and those whose condition holds. */
export const visibleFields = (spec: KindSpec, values: Readonly<Record<string, string>>): FieldSpec[] =>
  spec.fields.filter((f) => !f.showWhen || f.showWhen(values));

/** What a field holds before anyone typed in it. */
export const initialValue = (f: FieldSpec): string => f.initial ?? f.options?.[0]?.value ?? '';
