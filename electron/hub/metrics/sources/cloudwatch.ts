import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { endpointOf, messageOf } from './errors';
import { reader, resolveSecret } from './reader';
import { SourceError, type SourceFactory } from './source';

/** How many periods back we ask for: CloudWatch publishes late, so the newest period may be empty. */
const LOOKBACK_PERIODS = 5;

const AUTH_ERRORS =
  /^(InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|AccessDenied|ExpiredToken|InvalidSignature|IncompleteSignature|MissingAuthenticationToken)/;

function explain(err: unknown): string | undefined {
  const name = err instanceof Error ? err.name : '';
  if (AUTH_ERRORS.test(name)) return 'authentication failed';
  if (name === 'CredentialsProviderError') return 'no AWS credentials: set accessKeyIdSecret and secretAccessKeySecret';
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status && name) return `CloudWatch refused the request (${name}, HTTP ${status}): ${messageOf(err)}`;
  return undefined;
}

export const cloudwatchSource: SourceFactory<'cloudwatch'> = (config, ctx) => {
  let client: CloudWatchClient | undefined;
  let clientKey = '';
  return reader(config, ctx, {
    target: config.endpoint ? endpointOf(config.endpoint, 443) : `monitoring.${config.region}.amazonaws.com`,
    explain,
    async read(signal) {
      const accessKeyId = resolveSecret(ctx, config.accessKeyIdSecret);
      const secretAccessKey = resolveSecret(ctx, config.secretAccessKeySecret);
      if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
        throw new SourceError('set both accessKeyIdSecret and secretAccessKeySecret, or neither');
      // The SDK client is only configuration and a connection pool: rebuilt when a secret changes.
      const key = `${accessKeyId ?? ''}\n${secretAccessKey ?? ''}`;
      if (!client || key !== clientKey) {
        client?.destroy();
        clientKey = key;
        client = new CloudWatchClient({
          region: config.region,
          ...(config.endpoint ? { endpoint: config.endpoint } : {}),
          // Without secrets, the SDK's own chain (environment, profile, instance role) applies.
          ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
          // The poller reads again at the next interval; retries would only outlast its timeout.
          maxAttempts: 1,
        });
      }
      const end = new Date();
      const start = new Date(end.getTime() - LOOKBACK_PERIODS * config.periodSec * 1000);
      const out = await client.send(
        new GetMetricDataCommand({
          StartTime: start,
          EndTime: end,
          ScanBy: 'TimestampDescending',
          MetricDataQueries: [
            {
              Id: 'lag',
              ReturnData: true,
              MetricStat: {
                Metric: {
                  Namespace: config.namespace,
                  MetricName: config.metricName,
                  Dimensions: config.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
                },
                Period: config.periodSec,
                Stat: config.stat,
              },
            },
          ],
        }),
        { abortSignal: signal },
      );
      const result = out.MetricDataResults?.[0];
      const times = result?.Timestamps ?? [];
      const values = result?.Values ?? [];
      if (values.length === 0) throw new SourceError(`no datapoints for ${config.namespace} ${config.metricName} in the last ${LOOKBACK_PERIODS} periods`);
      // Newest first was asked for, but pick the latest by time rather than trust the order.
      let latest = 0;
      for (let i = 1; i < values.length; i++) if ((times[i]?.getTime() ?? 0) > (times[latest]?.getTime() ?? 0)) latest = i;
      const value = values[latest];
      if (value === undefined || !Number.isFinite(value)) throw new SourceError('CloudWatch answered a datapoint that is not a number');
      return value;
    },
    close: async () => client?.destroy(),
  });
};
