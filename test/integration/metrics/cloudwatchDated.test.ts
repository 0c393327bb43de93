import { afterEach, describe, expect, it } from 'vitest';
import { live, startTestHub, type TestHub } from '../../support/hubHarness';
import { serveHttp, type TestServer } from '../../support/services';

/*
 * A CloudWatch series through a real hub, the real AWS SDK and a fake GetMetricData endpoint:
 * CloudWatch publishes late, and a metric that stopped publishing answers its last datapoint
 * for five periods. Each reading is dated when CloudWatch measured it, so that one datapoint
 * read again is one reading, and the series goes stale instead of reading fresh every poll.
 */

let h: TestHub | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await h?.stop();
  server?.close();
  h = server = undefined;
});

describe('a CloudWatch series through the hub', () => {
  it('dates a reading when CloudWatch measured it, and takes the same datapoint read again as no new reading', async () => {
    // The queue's metric stopped publishing two minutes ago: every read answers that datapoint.
    const measured = Math.floor(Date.now() / 1000) - 120;
    let reads = 0;
    server = await serveHttp((_req, res) => {
      reads++;
      res
        .writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
        .end(JSON.stringify({ MetricDataResults: [{ Id: 'lag', Label: 'x', Timestamps: [measured], Values: [42], StatusCode: 'Complete' }], Messages: [] }));
    });
    h = await startTestHub({ secretsKey: Buffer.alloc(32, 9) });
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await lead.send('secret.set', { name: 'aws-key-id', value: 'AKIAWARROOMTEST0001' }).done;
    await lead.send('secret.set', { name: 'aws-secret', value: 'not-a-real-secret-access-key' }).done;
    await lead.send('series.define', {
      series: {
        id: 'sqs-depth',
        name: 'Orders queue',
        intervalSec: 1,
        source: {
          kind: 'cloudwatch',
          region: 'eu-west-1',
          endpoint: server.url,
          namespace: 'AWS/SQS',
          metricName: 'ApproximateNumberOfMessagesVisible',
          dimensions: [{ name: 'QueueName', value: 'orders-cutover' }],
          periodSec: 60,
          accessKeyIdSecret: 'aws-key-id',
          secretAccessKeySecret: 'aws-secret',
        },
      },
    }).done;
    const deadline = Date.now() + 10_000;
    while (reads < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(reads).toBeGreaterThanOrEqual(3);
    // Three reads, one datapoint: one reading, at the datapoint's time.
    const held = h.hub.registry.get(h.cutoverId)!.metrics.allSamples();
    expect(held).toEqual([{ s: 'sqs-depth', t: [measured * 1000], v: [42] }]);
  });
});
