import { z } from 'zod';
import { name, secretRef, url } from './fields';
import type { KindForm } from './form';

/** A JetStream consumer's pending count (num_pending + num_ack_pending). */
export const natsConfig = z.object({ kind: z.literal('nats'), url, stream: name, consumer: name, tokenSecret: secretRef });

export const natsForm: KindForm = {
  label: 'NATS JetStream',
  polled: true,
  fields: [
    { key: 'url', label: 'NATS URL', type: 'url', placeholder: 'nats://nats:4222', credentialsInUrl: true },
    { key: 'stream', label: 'Stream', type: 'text', placeholder: 'EVENTS', half: true },
    { key: 'consumer', label: 'Consumer', type: 'text', placeholder: 'indexer', hint: 'Pending and unacknowledged messages are the reading.', half: true },
  ],
  secrets: { toggle: 'The server needs a token', offHint: 'No token is sent.', secrets: [{ key: 'tokenSecret', label: 'Token', suffix: 'token' }] },
};
