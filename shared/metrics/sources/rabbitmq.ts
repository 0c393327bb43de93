import { z } from 'zod';
import { name, secretRef, url } from './fields';
import { PASSWORD, type KindForm } from './form';

/** Queue depth (ready messages) or consumer count, over AMQP (a passive declare). */
export const rabbitmqConfig = z.object({
  kind: z.literal('rabbitmq'),
  url,
  queue: name,
  measure: z.enum(['messages', 'consumers']).default('messages'),
  passwordSecret: secretRef,
});

export const rabbitmqForm: KindForm = {
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
};
