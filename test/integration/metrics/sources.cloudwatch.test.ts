import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, testSource } from '../../../electron/hub/metrics/sources';
import { freePort, secrets, SECRET_VALUE, serveHttp, sourceConfig, within, type TestServer } from '../../support/services';

/*
 * The installed @aws-sdk/client-cloudwatch speaks AWS JSON 1.0 (awsQueryCompatible): a POST
 * of JSON with X-Amz-Target "GraniteServiceVersion20100801.GetMetricData", answered with JSON
 * whose timestamps are epoch seconds. The fake endpoint below answers in that protocol.
 */

type Seen = { headers: IncomingHttpHeaders; body: Record<string, unknown> };
type Answer = { status: number; body: unknown; headers?: Record<string, string> };

const ACCESS_KEY_ID = 'AKIAWARROOMTEST0001';
const ctx = secrets({ 'aws-key-id': ACCESS_KEY_ID, 'aws-secret': SECRET_VALUE });

describe('the cloudwatch source, with the real AWS SDK against a fake GetMetricData endpoint', () => {
  let server: TestServer;
  let seen: Seen[] = [];
  let answer: Answer;
  beforeAll(async () => {
    server = await serveHttp((req, res, body) => {
      seen.push({ headers: req.headers, body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', ...answer.headers }).end(JSON.stringify(answer.body));
    });
  });
  afterAll(() => server.close());

  const config = (extra: Record<string, unknown> = {}) =>
    sourceConfig({
      kind: 'cloudwatch',
      region: 'eu-west-1',
      endpoint: server.url,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: [{ name: 'QueueName', value: 'orders-cutover' }],
      periodSec: 60,
      accessKeyIdSecret: 'aws-key-id',
      secretAccessKeySecret: 'aws-secret',
      ...extra,
    });
  const results = (timestamps: number[], values: number[]) => ({
    status: 200,
    body: { MetricDataResults: [{ Id: 'lag', Label: 'x', Timestamps: timestamps, Values: values, StatusCode: 'Complete' }], Messages: [] },
  });

  it('asks for the right metric, signed with the access key, and reads the latest datapoint', async () => {
    seen = [];
    const now = Math.floor(Date.now() / 1000);
    // Out of order on purpose: the latest by time wins, not the first in the list.
    answer = results([now - 120, now - 60, now - 180], [11, 23, 5]);
    const source = createSource(config({ stat: 'Average' }), ctx);
    expect(await source.read(within())).toBe(23);
    await source.close();

    expect(seen).toHaveLength(1);
    const [{ headers, body }] = seen as [Seen];
    expect(headers['x-amz-target']).toBe('GraniteServiceVersion20100801.GetMetricData');
    expect(headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/\\d{8}/eu-west-1/monitoring/aws4_request`));
    expect(JSON.stringify(headers)).not.toContain(SECRET_VALUE);
    expect(body.MetricDataQueries).toEqual([
      {
        Id: 'lag',
        ReturnData: true,
        MetricStat: {
          Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'orders-cutover' }] },
          Period: 60,
          Stat: 'Average',
        },
      },
    ]);
    // A few periods back, ending now.
    const start = body.StartTime as number;
    const end = body.EndTime as number;
    expect(end).toBeGreaterThanOrEqual(now - 5);
    expect(end - start).toBe(300);
  });

  it('no datapoints, a refused signature, a rejected parameter: each a clear sentence, never the secret key', async () => {
    answer = results([], []);
    expect(await testSource(config(), ctx, 5_000)).toEqual({
      ok: false,
      error: 'no datapoints for AWS/SQS ApproximateNumberOfMessagesVisible in the last 5 periods',
    });

    answer = {
      status: 400,
      body: { __type: 'com.amazon.coral.service#UnrecognizedClientException', message: 'The security token included in the request is invalid.' },
    };
    expect(await testSource(config(), ctx, 5_000)).toEqual({ ok: false, error: 'authentication failed' });

    answer = {
      status: 400,
      body: { __type: 'com.amazonaws.cloudwatch#InvalidParameterValueException', message: `The parameter Stat ${SECRET_VALUE} is not valid.` },
      headers: { 'x-amzn-query-error': 'InvalidParameterValue;Sender' },
    };
    // AWS's own words are kept, with the secret blotted out had it been echoed.
    expect(await testSource(config(), ctx, 5_000)).toEqual({
      ok: false,
      error: 'CloudWatch refused the request (InvalidParameterValueException, HTTP 400): The parameter Stat *** is not valid.',
    });
  });

  it('missing secrets are named; a wrong port is "connection refused"; a silent endpoint times out', async () => {
    expect(await testSource(config(), secrets({ 'aws-key-id': ACCESS_KEY_ID }), 5_000)).toEqual({
      ok: false,
      error: 'secret "aws-secret" is not set on this hub',
    });
    expect(await testSource(config({ secretAccessKeySecret: undefined }), ctx, 5_000)).toEqual({
      ok: false,
      error: 'set both accessKeyIdSecret and secretAccessKeySecret, or neither',
    });
    const port = await freePort();
    expect(await testSource(config({ endpoint: `http://127.0.0.1:${port}` }), ctx, 5_000)).toEqual({
      ok: false,
      error: `connection refused (127.0.0.1:${port})`,
    });
    const silent = await serveHttp(() => undefined);
    try {
      expect(await testSource(config({ endpoint: silent.url }), ctx, 600)).toEqual({ ok: false, error: 'timed out after 0.6 s' });
    } finally {
      await silent.close();
    }
  });
});
