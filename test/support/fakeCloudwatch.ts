import type { HubClient } from '@shared/client';
import type { SeriesConfigInput } from '@shared/metrics';
import { serveHttp, type TestServer } from './services';

/*
 * A GetMetricData endpoint that answers one datapoint, in the AWS JSON 1.0 protocol the real
 * @aws-sdk/client-cloudwatch speaks (timestamps in epoch seconds): a metric that stopped
 * publishing, read again and again. And the series that reads it, with its keys on the hub.
 */

export type FakeCloudwatch = TestServer & { reads: () => number };

export async function cloudwatchAnswering(measuredSec: number, value: number): Promise<FakeCloudwatch> {
  let reads = 0;
  const server = await serveHttp((_req, res) => {
    reads++;
    res
      .writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
      .end(
        JSON.stringify({ MetricDataResults: [{ Id: 'lag', Label: 'x', Timestamps: [measuredSec], Values: [value], StatusCode: 'Complete' }], Messages: [] }),
      );
  });
  return Object.assign(server, { reads: () => reads });
}

/** Stores the access keys on the hub (it needs a secrets key) and defines "Orders queue", read every second from `endpoint`. */
export async function defineCloudwatchSeries(lead: HubClient, endpoint: string): Promise<void> {
  await lead.send('secret.set', { name: 'aws-key-id', value: 'AKIAWARROOMTEST0001' }).done;
  await lead.send('secret.set', { name: 'aws-secret', value: 'not-a-real-secret-access-key' }).done;
  const series: SeriesConfigInput = {
    id: 'sqs-depth',
    name: 'Orders queue',
    intervalSec: 1,
    source: {
      kind: 'cloudwatch',
      region: 'eu-west-1',
      endpoint,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: [{ name: 'QueueName', value: 'orders-cutover' }],
      periodSec: 60,
      accessKeyIdSecret: 'aws-key-id',
      secretAccessKeySecret: 'aws-secret',
    },
  };
  await lead.send('series.define', { series }).done;
}
