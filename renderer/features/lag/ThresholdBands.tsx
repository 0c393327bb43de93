import { memo } from 'react';
import { usePlotArea, useYAxisScale } from 'recharts';
import { bandRect } from './chartGeometry';
import type { Band } from './lagView';

export type ThresholdBandsProps = { bands: readonly Band[] };

/** The warning and critical bands behind the lines: moved only by the value axis. */
export const ThresholdBands = memo(function ThresholdBands({ bands }: ThresholdBandsProps) {
  const y = useYAxisScale();
  const plot = usePlotArea();
  if (!y || !plot) return null;
  return (
    <g className="lag-bands">
      {bands.map((b) => {
        const r = bandRect(b.y1, b.y2, y, plot);
        return r && <rect key={b.kind} className={`lag-band lag-band--${b.kind}`} data-testid={`lag-band-${b.kind}`} {...r} />;
      })}
    </g>
  );
});
