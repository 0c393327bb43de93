import { z } from 'zod';
import { name, secretRef, url } from './fields';
import { PASSWORD, type KindForm } from './form';

/** LLEN, XLEN, or a consumer group's pending count (XPENDING). */
export const redisConfig = z.object({
  kind: z.literal('redis'),
  url,
  key: name,
  measure: z.enum(['list', 'stream', 'pending']).default('list'),
  group: name.optional(),
  passwordSecret: secretRef,
});

export const redisForm: KindForm = {
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
};
