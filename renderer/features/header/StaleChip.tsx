import { memo } from 'react';
import { useStaleText } from '../../connection/useStaleText';
import { Chip } from '../../ui/Chip';

/** While the hub is away: every figure in the header dates from this moment, and says so. */
export const StaleChip = memo(function StaleChip() {
  const stale = useStaleText();
  return stale ? <Chip label="Not live" text={stale} tone="warn" testId="hdr-stale" title={`The hub is not reachable: these figures are ${stale}`} /> : null;
});
