import { LagSummaryRow } from './LagSummaryRow';

type LagSummaryProps = { order: readonly string[]; now: number; timeZone: string };

/** The folded lag panel: a line per series, in the order they were added. */
export function LagSummary({ order, now, timeZone }: LagSummaryProps) {
  return (
    <div className="lag-summary" data-testid="lag-summary">
      {order.map((id) => (
        <LagSummaryRow key={id} seriesId={id} now={now} timeZone={timeZone} />
      ))}
    </div>
  );
}
