import { pushExamples } from './pushExamples';

type PushHelpProps = { hub: string; cutoverId: string; seriesId: string };

/** How a script sends readings to a push series: the URL and two curl lines to copy. */
export function PushHelp({ hub, cutoverId, seriesId }: PushHelpProps) {
  const ex = pushExamples(hub, cutoverId, seriesId);
  return (
    <div className="series-push" data-testid="series-push">
      <p>
        The hub polls nothing: a script posts readings to <code>POST {ex.url}</code> with a lead or operator invite token as a bearer token (
        <code>WARROOM_TOKEN</code> below).
      </p>
      <p className="hint">As JSON, naming the series by its id:</p>
      <pre className="series-pre">{ex.json}</pre>
      <p className="hint">
        Or in the Prometheus text format, where this series is <code>{ex.metricName}</code>:
      </p>
      <pre className="series-pre">{ex.text}</pre>
    </div>
  );
}
