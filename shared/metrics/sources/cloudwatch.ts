import { z } from 'zod';
import { name, secretRef, url } from './fields';
import type { KindForm } from './form';

/** GetMetricData for one metric (SQS visible messages, age of oldest message, DMS CDC latency). */
export const cloudwatchConfig = z.object({
  kind: z.literal('cloudwatch'),
  region: z.string().trim().min(1).max(64),
  endpoint: url.optional(),
  namespace: name,
  metricName: name,
  dimensions: z
    .array(z.object({ name, value: name }))
    .max(10)
    .default([]),
  stat: z.string().trim().min(1).max(32).default('Maximum'),
  periodSec: z.number().int().min(1).max(86_400).default(60),
  accessKeyIdSecret: secretRef,
  secretAccessKeySecret: secretRef,
});

export const cloudwatchForm: KindForm = {
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
};
