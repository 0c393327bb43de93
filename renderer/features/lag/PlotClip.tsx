import { useId, type ReactNode } from 'react';
import { usePlotArea } from 'recharts';

export type PlotClipProps = { children: ReactNode };

/**
 * Clips what it holds to the plot area: a line keeps one reading before the range so it
 * reaches the left edge, and an ETA projection may run past the right one.
 */
export function PlotClip({ children }: PlotClipProps) {
  const plot = usePlotArea();
  const id = `lag-clip-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  if (!plot) return null;
  return (
    <>
      <defs>
        <clipPath id={id}>
          <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${id})`}>{children}</g>
    </>
  );
}
