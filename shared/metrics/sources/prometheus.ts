import { z } from 'zod';
import { query, secretRef, url } from './fields';
import type { KindForm } from './form';

/** An instant query over Prometheus' HTTP API; the first sample of the result is the value. */
export const prometheusConfig = z.object({ kind: z.literal('prometheus'), url, query, bearerSecret: secretRef });

export const prometheusForm: KindForm = {
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
};
