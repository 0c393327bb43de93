import { prometheusNameFor } from '@shared/metrics';

export type PushExamples = { url: string; metricName: string; json: string; text: string };

/**
 * How a script feeds a push series: the hub's push URL and two curl lines, one with JSON
 * and one in the Prometheus text format, where the metric is named after the series id.
 * The token stays a variable: it is a lead or operator invite token, never shown here.
 */
export function pushExamples(hub: string, cutoverId: string, seriesId: string): PushExamples {
  const url = `${hub.replace(/\/+$/, '')}/api/cutovers/${encodeURIComponent(cutoverId)}/push`;
  const id = seriesId || 'series-id';
  const metricName = prometheusNameFor(id);
  const auth = `-H "Authorization: Bearer $WARROOM_TOKEN"`;
  return {
    url,
    metricName,
    json: `curl -X POST '${url}' \\\n  ${auth} \\\n  -H 'Content-Type: application/json' \\\n  -d '{"samples":[{"series":"${id}","value":1234}]}'`,
    text: `curl -X POST '${url}' \\\n  ${auth} \\\n  -H 'Content-Type: text/plain' \\\n  --data-binary '${metricName} 1234'`,
  };
}
