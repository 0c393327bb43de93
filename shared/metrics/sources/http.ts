import { z } from 'zod';
import { SecretRefSchema, url } from './fields';
import type { KindForm } from './form';

/** Any HTTP endpoint answering JSON; `pointer` (RFC 6901) names the number. */
export const httpConfig = z.object({
  kind: z.literal('http'),
  url,
  pointer: z.string().max(500).default(''),
  /** Plain headers; a header whose value is secret goes in `headerSecrets` (header → secret name). */
  headers: z.record(z.string().max(100), z.string().max(2000)).default({}),
  headerSecrets: z.record(z.string().max(100), SecretRefSchema).default({}),
});

export const httpForm: KindForm = {
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
};
