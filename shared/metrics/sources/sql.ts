import { z } from 'zod';
import { query, secretRef, url } from './fields';
import { PASSWORD, type KindForm } from './form';

/** A query that returns one number in its first row's first column. */
export const postgresConfig = z.object({ kind: z.literal('postgres'), url, query, passwordSecret: secretRef });
export const mysqlConfig = z.object({ kind: z.literal('mysql'), url, query, passwordSecret: secretRef });

const sqlForm = (label: string, url: string, query: string): KindForm => ({
  label,
  polled: true,
  fields: [
    { key: 'url', label: 'Connection URL', type: 'url', placeholder: url, hint: 'Without the password: that goes in a secret below.', credentialsInUrl: true },
    { key: 'query', label: 'Query', type: 'multiline', placeholder: query, hint: 'The first column of the first row is the reading.' },
  ],
  secrets: PASSWORD,
});

export const postgresForm = sqlForm(
  'PostgreSQL',
  'postgres://monitor@db-replica:5432/app',
  'select extract(epoch from now() - pg_last_xact_replay_timestamp())',
);
export const mysqlForm = sqlForm('MySQL / MariaDB', 'mysql://monitor@db:3306/app', 'select count(*) from outbox where sent_at is null');
