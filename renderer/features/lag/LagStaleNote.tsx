import { useStaleText } from '../../connection/useStaleText';

/** The lag is only as fresh as the last reading the hub sent: said while the hub is away. */
export function LagStaleNote() {
  const stale = useStaleText();
  return stale ? (
    <span className="lag-panel__stale" role="status" data-testid="lag-stale">
      Not live: readings {stale}
    </span>
  ) : null;
}
