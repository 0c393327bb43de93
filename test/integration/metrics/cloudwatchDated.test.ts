import { afterEach, describe, expect, it } from 'vitest';
import { cloudwatchAnswering, defineCloudwatchSeries, type FakeCloudwatch } from '../../support/fakeCloudwatch';
import { live, startTestHub, waitFor, type TestHub } from '../../support/hubHarness';

/*
 * A CloudWatch series through a real hub, the real AWS SDK and a fake GetMetricData endpoint:
 * CloudWatch publishes late, and a metric that stopped publishing answers its last datapoint
 * for five periods. Each reading is dated when CloudWatch measured it, so that one datapoint
 * read again is one reading, and the series goes stale instead of reading fresh every poll.
 */

let h: TestHub | undefined;
let cloudwatch: FakeCloudwatch | undefined;
afterEach(async () => {
  await h?.stop();
  cloudwatch?.close();
  h = cloudwatch = undefined;
});

describe('a CloudWatch series through the hub', () => {
  it('dates a reading when CloudWatch measured it, and takes the same datapoint read again as no new reading', async () => {
    // The queue's metric stopped publishing two minutes ago: every read answers that datapoint.
    const measured = Math.floor(Date.now() / 1000) - 120;
    cloudwatch = await cloudwatchAnswering(measured, 42);
    h = await startTestHub({ secretsKey: Buffer.alloc(32, 9) });
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await defineCloudwatchSeries(lead, cloudwatch.url);
    await waitFor(() => cloudwatch!.reads() >= 3, 'three reads', 10_000);
    // Three reads, one datapoint: one reading, at the datapoint's time.
    const held = h.hub.registry.get(h.cutoverId)!.metrics.allSamples();
    expect(held).toEqual([{ s: 'sqs-depth', t: [measured * 1000], v: [42] }]);
  });
});
