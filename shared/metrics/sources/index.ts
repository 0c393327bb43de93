import { z } from 'zod';
import { cloudwatchConfig, cloudwatchForm } from './cloudwatch';
import type { KindForm } from './form';
import { httpConfig, httpForm } from './http';
import { natsConfig, natsForm } from './nats';
import { prometheusConfig, prometheusForm } from './prometheus';
import { pushConfig, pushForm } from './push';
import { rabbitmqConfig, rabbitmqForm } from './rabbitmq';
import { redisConfig, redisForm } from './redis';
import { simulatedConfig, simulatedForm } from './simulated';
import { mysqlConfig, mysqlForm, postgresConfig, postgresForm } from './sql';

/*
 * Every kind of lag source, one file each: its config schema and the dialog's form for it.
 * The hub's reader for a polled kind is electron/hub/metrics/sources/<kind>.ts, which the
 * compiler asks for (its loader switches over SourceKind).
 */

export const SourceConfigSchema = z.discriminatedUnion('kind', [
  prometheusConfig,
  postgresConfig,
  mysqlConfig,
  rabbitmqConfig,
  redisConfig,
  natsConfig,
  cloudwatchConfig,
  httpConfig,
  pushConfig,
  simulatedConfig,
]);
export type SourceConfig = z.infer<typeof SourceConfigSchema>;
export type SourceKind = SourceConfig['kind'];
export const SOURCE_KINDS = SourceConfigSchema.options.map((o) => o.shape.kind.value) as SourceKind[];

/** The dialog's form for each kind, in the order the kind select lists them. */
export const SOURCE_FORMS: Record<SourceKind, KindForm> = {
  prometheus: prometheusForm,
  postgres: postgresForm,
  mysql: mysqlForm,
  rabbitmq: rabbitmqForm,
  redis: redisForm,
  nats: natsForm,
  cloudwatch: cloudwatchForm,
  http: httpForm,
  push: pushForm,
  simulated: simulatedForm,
};

/** Names of the hub secrets a config refers to: every `…Secret` field and each `headerSecrets` value. */
export function sourceSecretNames(config: SourceConfig): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key.endsWith('Secret') && typeof value === 'string') names.push(value);
    if (key === 'headerSecrets' && value && typeof value === 'object') names.push(...Object.values(value as Record<string, string>));
  }
  return names;
}

export { SecretRefSchema } from './fields';
export type { FieldSpec, KindForm, Option, SecretGroup, SecretSpec } from './form';
