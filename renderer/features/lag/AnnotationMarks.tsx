import { memo } from 'react';
import { usePlotArea } from 'recharts';
import { AnnotationLabel } from './AnnotationLabel';
import type { PlacedAnnotation } from './annotations';
import { markX } from './chartGeometry';
import { useTimeX } from './TimeScale';

export type AnnotationMarksProps = { annotations: readonly PlacedAnnotation[] };

/** The night's events as dashed lines across the plot, each labelled in the strip above it. */
export const AnnotationMarks = memo(function AnnotationMarks({ annotations }: AnnotationMarksProps) {
  const x = useTimeX();
  const plot = usePlotArea();
  if (!x || !plot) return null;
  return (
    <g className="lag-marks">
      {annotations.map((a) => {
        const at = markX(a.at, x, plot);
        if (at === null) return null;
        return (
          <g key={a.key} className={`lag-ref lag-ref--${a.kind}`}>
            <line x1={at} y1={plot.y} x2={at} y2={plot.y + plot.height} />
            <AnnotationLabel x={at} top={plot.y} lane={a.lane} text={a.text} title={a.label} kind={a.kind} side={a.side} />
          </g>
        );
      })}
    </g>
  );
});
